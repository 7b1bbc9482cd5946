/** Canonical places: how many stored city pairs each takes part in. */
import type { Store } from './db.ts';

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
