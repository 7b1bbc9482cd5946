/**
 * What researchers ask of the store: places by any alias, full-text search over documents,
 * statistics, read-only SQL. Queries are parameterised; text from users or articles is never
 * spliced into SQL.
 */
import { StoreError } from '../errors.ts';
import { stmt, type Store } from './db.ts';

/** Canonical place ids and names for a name or alias the user typed (already simplified). */
export function placesNamed(db: Store, name: string, resolved: string[] = []): { ids: string[]; names: string[] } {
  const rows = stmt(db, `SELECT DISTINCT p.id, p.name FROM places p LEFT JOIN json_each(p.aliases) a
    WHERE p.name = ? OR a.value = ? OR p.id IN (SELECT value FROM json_each(?))`).all(name, name, JSON.stringify(resolved)) as Array<{ id: string; name: string }>;
  return { ids: rows.map((r) => r.id), names: [...new Set([name, ...rows.map((r) => r.name)])] };
}

export interface SearchHit {
  id: string;
  title: string | null;
  source: string;
  published: string | null;
  snippet: string;
  facts: number;
  factIds: string[];
}

/** Documents whose title or text holds `query` (simplified, no spaces): trigram FTS5, or a scan below three characters. */
export function searchDocuments(db: Store, query: string, limit = 20): SearchHit[] {
  if (!query) return [];
  const rows =
    query.length >= 3
      ? (stmt(db, `SELECT d.id, d.title, d.source, d.published, snippet(documents_fts, 1, '【', '】', '…', 16) AS snippet
          FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid
          WHERE documents_fts MATCH ? ORDER BY rank LIMIT ?`).all(`"${query.replace(/"/g, '""')}"`, limit) as Array<Omit<SearchHit, 'facts' | 'factIds'>>)
      : (stmt(db, `SELECT id, title, source, published,
            '…' || substr(normalized, max(1, instr(normalized, @q) - 16), 16) || '【' || @q || '】' || substr(normalized, instr(normalized, @q) + length(@q), 16) || '…' AS snippet
          FROM documents WHERE instr(normalized, @q) > 0 OR instr(coalesce(title, ''), @q) > 0 ORDER BY ingested_at LIMIT @limit`).all({ q: query, limit }) as Array<Omit<SearchHit, 'facts' | 'factIds'>>);
  const factsOf = stmt(db, 'SELECT id FROM facts WHERE document_id = ? ORDER BY type, id');
  return rows.map((r) => {
    const ids = (factsOf.all(r.id) as Array<{ id: string }>).map((f) => f.id);
    return { ...r, snippet: r.snippet.replace(/\s+/g, ' '), facts: ids.length, factIds: ids };
  });
}

export interface Stats {
  documents: number;
  factsByType: Array<{ type: string; status: string; n: number }>;
  pairsByCountry: Array<{ country: string | null; n: number }>;
  pairsByDecade: Array<{ decade: string | null; n: number }>;
  topPlaces: Array<{ id: string; name: string; country: string | null; partners: number }>;
}

export function stats(db: Store, top = 10): Stats {
  return {
    documents: (stmt(db, 'SELECT count(*) AS n FROM documents').get() as { n: number }).n,
    factsByType: stmt(db, 'SELECT type, status, count(*) AS n FROM facts GROUP BY type, status ORDER BY type, status').all() as Stats['factsByType'],
    pairsByCountry: stmt(db, "SELECT coalesce(json_extract(fields, '$.b.country'), '(unknown)') AS country, count(*) AS n FROM facts WHERE type = 'city_pair' GROUP BY 1 ORDER BY n DESC, country").all() as Stats['pairsByCountry'],
    pairsByDecade: stmt(db, "SELECT CASE WHEN json_extract(fields, '$.since') IS NULL THEN '(unknown)' ELSE substr(json_extract(fields, '$.since'), 1, 3) || '0s' END AS decade, count(*) AS n FROM facts WHERE type = 'city_pair' GROUP BY 1 ORDER BY decade").all() as Stats['pairsByDecade'],
    topPlaces: stmt(db, `SELECT p.id, p.name, p.country, count(DISTINCT other.place_id) AS partners
      FROM fact_places me JOIN fact_places other ON other.fact_id = me.fact_id AND other.role != me.role
      JOIN places p ON p.id = me.place_id GROUP BY p.id ORDER BY partners DESC, p.name LIMIT ?`).all(top) as Stats['topPlaces'],
  };
}

/** Runs one read-only statement; anything that could write is refused before it runs. */
export function readOnlySql(db: Store, sql: string): { columns: string[]; rows: unknown[][] } {
  let prepared;
  try {
    prepared = db.prepare(sql);
  } catch (err) {
    throw new StoreError(`the query does not parse: ${(err as Error).message}`);
  }
  if (!prepared.readonly) throw new StoreError('only read-only queries (SELECT, WITH … SELECT) are allowed; this one would write');
  if (!prepared.reader) throw new StoreError('the statement returns no rows');
  const columns = prepared.columns().map((c) => c.name);
  return { columns, rows: prepared.raw().all() as unknown[][] };
}
