/** Reading stored facts back as records, with their evidence and the document they cite. */
import type { Fact, FactType, Method, Relation, Status } from '../records.ts';
import { stmt, type Store } from './db.ts';

export interface StoredFact {
  id: string;
  documentId: string;
  source: string;
  title: string | null;
  published: string | null;
  /** The PDF page the document stands on; null for other sources. */
  page: number | null;
  status: Status;
  version: number;
  extractorVersion: string;
  fact: Fact;
}

export interface FactFilter {
  ids?: string[];
  /** Leave these out (the facts a reviewer already voted on). */
  excludeIds?: string[];
  type?: FactType;
  /** A document id or a prefix of one. */
  documentId?: string;
  /** Any of these statuses (approved facts are `approved` and `edited`); every status when not said. */
  statuses?: Status[];
  /** Canonical place ids: pairs with either side there; events held there; counts held by it. */
  places?: { ids: string[]; names: string[] };
  /** The foreign side's country, by Chinese name or ISO code. */
  country?: string;
  relation?: Relation;
  /** Bounds on the fact's own date (a pair's since, a date's start, an agreement's date, an event's start), YYYY[-MM[-DD]]. */
  since?: string;
  until?: string;
  method?: Method;
  minConfidence?: number;
  maxConfidence?: number;
}

interface Row {
  id: string;
  document_id: string;
  source: string;
  title: string | null;
  published: string | null;
  page: number | null;
  type: string;
  fields: string;
  method: string;
  confidence: number;
  status: Status;
  version: number;
  extractor_version: string;
}

/** An upper bound covers its whole period: 1989 reaches to 1989-12-31, 1989-10 to 1989-10-31. */
export function endOfPeriod(until: string): string {
  return until.length === 4 ? `${until}-12-31` : until.length === 7 ? `${until}-31` : until;
}

/** Where a page of facts starts and how many it holds; no limit means every match. */
export interface Page {
  limit?: number;
  offset?: number;
}

/** Facts in the order they were stored (document by document, each in its record line's order). */
export function queryFacts(db: Store, filter: FactFilter = {}): StoredFact[] {
  return pageFacts(db, filter).facts;
}

/**
 * One page of the matching facts and how many match in all. With a limit, SQLite counts the
 * matches and reads the page's rowids alone (in rowid order, which a status's index gives), so
 * a page of a large store costs what the count costs, not a sort of every match.
 */
export function pageFacts(db: Store, filter: FactFilter, page: Page = {}): { total: number; facts: StoredFact[] } {
  const { sql, params } = matchingQuery(filter);
  const from = page.offset ?? 0;
  if (!page.limit) {
    const rowids = sortedRowids(
      db
        .prepare(sql)
        .pluck()
        .all(...params) as number[],
    );
    return { total: rowids.length, facts: loadFacts(db, rowids.subarray(from)) };
  }
  // A pair with the same place on both sides is reached twice by a place's query: counted once.
  const distinct = filter.places ? 'DISTINCT ' : '';
  const total = db
    .prepare(`SELECT count(${distinct}r) FROM (${sql})`)
    .pluck()
    .get(...params) as number;
  const rowids = db
    .prepare(`SELECT ${distinct}r FROM (${sql}) ORDER BY r LIMIT ? OFFSET ?`)
    .pluck()
    .all(...params, page.limit, from) as number[];
  return { total, facts: loadFacts(db, Float64Array.from(rowids)) };
}

/** Rowids ascending, each once: a pair with the same place on both sides is reached twice. */
function sortedRowids(found: number[]): Float64Array {
  const sorted = Float64Array.from(found).sort();
  return sorted.filter((r, i) => i === 0 || r !== sorted[i - 1]);
}

/**
 * The query for the rowids of matching facts. A place drives it through its indexes, with the
 * statuses checked there too (migration 7), so a place with many facts is answered without
 * reading each fact's row; the facts themselves are read only for the page shown. Built per
 * filter (its shape varies), so not kept among the cached statements.
 */
function matchingQuery(filter: FactFilter): { sql: string; params: unknown[] } {
  const { statuses } = filter;
  const where: string[] = [];
  const params: unknown[] = [];
  const inList = (values: readonly unknown[]) => `(${values.map(() => '?').join(',') || "''"})`;
  const statusIn = (column: string) => (statuses ? ` AND ${column} IN ${inList(statuses)}` : '');
  if (filter.country) {
    where.push(`f.type = 'city_pair' AND (json_extract(f.fields, '$.b.country') = ? OR EXISTS (SELECT 1 FROM fact_places fp JOIN places p ON p.id = fp.place_id
      WHERE fp.fact_id = f.id AND fp.role = 'b' AND (p.country = ? OR p.country_code = ?)))`);
    params.push(filter.country, filter.country, filter.country.toUpperCase());
  }
  if (filter.relation) {
    where.push("f.type = 'city_pair' AND json_extract(f.fields, '$.relation') = ?");
    params.push(filter.relation);
  }
  const factDate = "coalesce(json_extract(f.fields, '$.since'), json_extract(f.fields, '$.start'), json_extract(f.fields, '$.date'))";
  if (filter.since) {
    where.push(`${factDate} >= ?`);
    params.push(filter.since);
  }
  if (filter.until) {
    where.push(`${factDate} <= ?`);
    params.push(endOfPeriod(filter.until));
  }
  if (filter.ids) {
    where.push(`f.id IN ${inList(filter.ids)}`);
    params.push(...filter.ids);
  }
  if (filter.excludeIds?.length) {
    where.push('f.id NOT IN (SELECT value FROM json_each(?))');
    params.push(JSON.stringify(filter.excludeIds));
  }
  if (filter.method) {
    where.push('f.method = ?');
    params.push(filter.method);
  }
  if (filter.minConfidence !== undefined) {
    where.push('f.confidence >= ?');
    params.push(filter.minConfidence);
  }
  if (filter.maxConfidence !== undefined) {
    where.push('f.confidence <= ?');
    params.push(filter.maxConfidence);
  }
  if (filter.type) {
    where.push('f.type = ?');
    params.push(filter.type);
  }
  if (filter.documentId) {
    where.push("f.document_id LIKE ? ESCAPE '\\'");
    params.push(`${filter.documentId.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  }
  let sql: string;
  if (filter.places) {
    const { ids, names } = filter.places;
    const s = statuses ?? [];
    const places = `SELECT f.rowid AS r FROM fact_places fp JOIN facts f ON f.id = fp.fact_id WHERE fp.place_id IN ${inList(ids)}${statusIn('f.status')}
      UNION ALL SELECT rowid FROM facts WHERE type = 'event' AND json_extract(fields, '$.place') IN ${inList(names)}${statusIn('status')}
      UNION ALL SELECT rowid FROM facts WHERE type = 'count' AND json_extract(fields, '$.holder') IN ${inList(names)}${statusIn('status')}`;
    const placeParams = [...ids, ...s, ...names, ...s, ...names, ...s];
    // With no other filter the place's rowids are the answer; otherwise they narrow the rows read.
    sql = where.length ? `SELECT f.rowid AS r FROM facts f WHERE f.rowid IN (${places}) AND ${where.join(' AND ')}` : places;
    params.unshift(...placeParams);
  } else {
    if (statuses) {
      where.push(`f.status IN ${inList(statuses)}`);
      params.push(...statuses);
    }
    sql = `SELECT f.rowid AS r FROM facts f${where.length ? ` WHERE ${where.join(' AND ')}` : ''}`;
  }
  return { sql, params };
}

function loadFacts(db: Store, rowids: Float64Array): StoredFact[] {
  const rows: Row[] = [];
  const evidence = new Map<string, Array<{ start: number; end: number; quote: string }>>();
  const evidenceOf = stmt(
    db,
    `SELECT e.fact_id, e.start, e.end, e.quote FROM facts f JOIN evidence e ON e.fact_id = f.id
    WHERE f.rowid IN (SELECT value FROM json_each(?)) ORDER BY e.fact_id, e.start`,
  );
  // In chunks: a bound JSON array of rowids, never SQL built from them.
  for (let i = 0; i < rowids.length; i += 10_000) {
    const chunk = JSON.stringify(Array.from(rowids.subarray(i, i + 10_000)));
    rows.push(
      ...(stmt(
        db,
        `SELECT f.id, f.document_id, d.source, d.title, d.published, d.page, f.type, f.fields, f.method, f.confidence,
              f.status, f.version, f.extractor_version
         FROM facts f JOIN documents d ON d.id = f.document_id
        WHERE f.rowid IN (SELECT value FROM json_each(?)) ORDER BY f.rowid`,
      ).all(chunk) as Row[]),
    );
    for (const e of evidenceOf.all(chunk) as Array<{ fact_id: string; start: number; end: number; quote: string }>) {
      const list = evidence.get(e.fact_id) ?? [];
      list.push({ start: e.start, end: e.end, quote: e.quote });
      evidence.set(e.fact_id, list);
    }
  }
  return rows.map((r) => ({
    id: r.id,
    documentId: r.document_id,
    source: r.source,
    title: r.title,
    published: r.published,
    page: r.page,
    status: r.status,
    version: r.version,
    extractorVersion: r.extractor_version,
    // Facts were validated on the way in (saveDocument, decide); reading them back trusts that.
    fact: { type: r.type, ...JSON.parse(r.fields), evidence: evidence.get(r.id) ?? [], method: r.method, confidence: r.confidence } as Fact,
  }));
}
