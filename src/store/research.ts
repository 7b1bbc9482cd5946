/**
 * What researchers ask of the store: places by any alias, full-text search over documents,
 * statistics, read-only SQL. Queries are parameterised; text from users or articles is never
 * spliced into SQL.
 */
import { StoreError } from '../errors.ts';
import { stmt, type Store } from './db.ts';

/** Canonical place ids and names for a name or alias the user typed (already simplified). */
export function placesNamed(db: Store, name: string, resolved: string[] = []): { ids: string[]; names: string[] } {
  const rows = stmt(
    db,
    `SELECT DISTINCT p.id, p.name FROM places p LEFT JOIN json_each(p.aliases) a
    WHERE p.name = ? OR a.value = ? OR p.id IN (SELECT value FROM json_each(?))`,
  ).all(name, name, JSON.stringify(resolved)) as Array<{ id: string; name: string }>;
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
      ? (stmt(
          db,
          `SELECT d.id, d.title, d.source, d.published, snippet(documents_fts, 1, '【', '】', '…', 16) AS snippet
          FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid
          WHERE documents_fts MATCH ? ORDER BY rank LIMIT ?`,
        ).all(`"${query.replace(/"/g, '""')}"`, limit) as Array<Omit<SearchHit, 'facts' | 'factIds'>>)
      : (stmt(
          db,
          `SELECT id, title, source, published,
            '…' || substr(normalized, max(1, instr(normalized, @q) - 16), 16) || '【' || @q || '】' || substr(normalized, instr(normalized, @q) + length(@q), 16) || '…' AS snippet
          FROM documents WHERE instr(normalized, @q) > 0 OR instr(coalesce(title, ''), @q) > 0 ORDER BY ingested_at LIMIT @limit`,
        ).all({ q: query, limit }) as Array<Omit<SearchHit, 'facts' | 'factIds'>>);
  const factsOf = stmt(db, 'SELECT id FROM facts WHERE document_id = ? ORDER BY type, id');
  return rows.map((r) => {
    const ids = (factsOf.all(r.id) as Array<{ id: string }>).map((f) => f.id);
    return { ...r, snippet: r.snippet.replace(/\s+/g, ' '), facts: ids.length, factIds: ids };
  });
}

export interface Stats {
  documents: number;
  factsByType: Array<{ type: string; status: string; n: number }>;
  pairsByCountry: Array<{ country: string; n: number }>;
  pairsByDecade: Array<{ decade: string; n: number }>;
  topPlaces: Array<{ id: string; name: string; country: string | null; partners: number }>;
}

/**
 * Read from the counters migration 7's triggers keep, so the cost does not grow with the store.
 * Facts by type show every status; pairs and partners count pairs in `statuses`.
 */
export function stats(db: Store, statuses: readonly string[], top = 10): Stats {
  const chosen = JSON.stringify(statuses);
  const tallies = (dimension: string) =>
    stmt(
      db,
      `SELECT value AS key, sum(n) AS n FROM fact_tallies WHERE dimension = ? AND status IN (SELECT value FROM json_each(?))
      GROUP BY value HAVING sum(n) > 0 ORDER BY ${dimension === 'decade' ? 'key' : 'n DESC, key'}`,
    ).all(dimension, chosen) as Array<{ key: string; n: number }>;
  return {
    documents: (stmt(db, 'SELECT count(*) AS n FROM documents').get() as { n: number }).n,
    factsByType: stmt(db, "SELECT value AS type, status, n FROM fact_tallies WHERE dimension = 'type' AND n > 0 ORDER BY type, status").all() as Stats['factsByType'],
    pairsByCountry: tallies('country').map((r) => ({ country: r.key, n: r.n })),
    pairsByDecade: tallies('decade').map((r) => ({ decade: r.key, n: r.n })),
    topPlaces: stmt(
      db,
      `SELECT p.id, p.name, p.country, count(DISTINCT pp.partner_id) AS partners
      FROM place_partners pp JOIN places p ON p.id = pp.place_id
      WHERE pp.pairs > 0 AND pp.status IN (SELECT value FROM json_each(?))
      GROUP BY pp.place_id ORDER BY partners DESC, p.name LIMIT ?`,
    ).all(chosen, top) as Stats['topPlaces'],
  };
}

/**
 * Prepares one read-only statement; anything that could write is refused before it runs. The
 * rows come one at a time as they are read, so a large answer is never held whole.
 */
export function readOnlyQuery(db: Store, sql: string): { columns: string[]; rows: IterableIterator<unknown[]> } {
  let prepared;
  try {
    prepared = db.prepare(sql);
  } catch (err) {
    throw new StoreError(`the query does not parse: ${(err as Error).message}`);
  }
  if (!prepared.readonly) throw new StoreError('only read-only queries (SELECT, WITH … SELECT) are allowed; this one would write');
  if (!prepared.reader) throw new StoreError('the statement returns no rows');
  const columns = prepared.columns().map((c) => c.name);
  return { columns, rows: prepared.raw().iterate() as IterableIterator<unknown[]> };
}
