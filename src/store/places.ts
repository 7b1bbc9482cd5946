/** Canonical places: how many stored city pairs each takes part in, and the two sides of given pairs. */
import { stmt, type Store } from './db.ts';

export interface PlaceRow {
  id: string;
  name: string;
  kind: string;
  country: string | null;
  aliases: string[];
  source: string;
  pairs: number;
}

export function queryPlaces(db: Store, filter: { country?: string; search?: string } = {}): PlaceRow[] {
  const where: string[] = [];
  const params: string[] = [];
  if (filter.country) {
    where.push('(p.country = ? OR p.country_code = ?)');
    params.push(filter.country, filter.country.toUpperCase());
  }
  if (filter.search) {
    where.push("(p.name LIKE ? ESCAPE '\\' OR p.aliases LIKE ? ESCAPE '\\')");
    const like = `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    params.push(like, like);
  }
  const rows = db
    .prepare(
      `SELECT p.id, p.name, p.kind, p.country, p.aliases, p.source, count(DISTINCT fp.fact_id) AS pairs
         FROM places p LEFT JOIN fact_places fp ON fp.place_id = p.id
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        GROUP BY p.id ORDER BY pairs DESC, p.country, p.name`,
    )
    .all(...params) as Array<Omit<PlaceRow, 'aliases'> & { aliases: string }>;
  return rows.map((r) => ({ ...r, aliases: JSON.parse(r.aliases) as string[] }));
}

/** One side of a stored city pair: the fact, its role (a or b) and the canonical place there. */
export interface PairSide {
  factId: string;
  role: 'a' | 'b';
  id: string;
  name: string;
  country: string | null;
  kind: string;
}

/** The canonical places on both sides of the given city-pair facts (a pair without them has none). */
export function pairSides(db: Store, factIds: readonly string[]): PairSide[] {
  return stmt(
    db,
    `SELECT fp.fact_id AS factId, fp.role, p.id, p.name, p.country, p.kind
       FROM fact_places fp JOIN places p ON p.id = fp.place_id
      WHERE fp.fact_id IN (SELECT value FROM json_each(?))`,
  ).all(JSON.stringify(factIds)) as PairSide[];
}
