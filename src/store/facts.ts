/** Reading stored facts back as records, with their evidence and the document they cite. */
import type { Fact, FactType } from '../records.ts';
import { stmt, type Store } from './db.ts';

export const STATUSES = ['pending', 'approved', 'rejected', 'edited'] as const;
export type Status = (typeof STATUSES)[number];

export interface StoredFact {
  id: string;
  documentId: string;
  source: string;
  title: string | null;
  published: string | null;
  status: Status;
  version: number;
  extractorVersion: string;
  fact: Fact;
}

export interface FactFilter {
  ids?: string[];
  type?: FactType;
  /** A document id or a prefix of one. */
  documentId?: string;
  status?: Status;
  /** Any of these statuses (approved facts are `approved` and `edited`). */
  statuses?: Status[];
  /** Canonical place ids: pairs with either side there; events held there; counts held by it. */
  places?: { ids: string[]; names: string[] };
  /** The foreign side's country, by Chinese name or ISO code. */
  country?: string;
  relation?: 'sister' | 'friendly' | 'unspecified';
  /** Bounds on the fact's own date (a pair's since, a date's start, an agreement's date, an event's start), YYYY[-MM[-DD]]. */
  since?: string;
  until?: string;
  method?: 'rules' | 'llm';
  minConfidence?: number;
  maxConfidence?: number;
}

interface Row {
  id: string;
  document_id: string;
  source: string;
  title: string | null;
  published: string | null;
  type: string;
  fields: string;
  method: string;
  confidence: number;
  status: Status;
  version: number;
  extractor_version: string;
}

export function queryFacts(db: Store, filter: FactFilter = {}): StoredFact[] {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.statuses) {
    where.push(`f.status IN (${filter.statuses.map(() => '?').join(',')})`);
    params.push(...filter.statuses);
  }
  if (filter.places) {
    const ids = filter.places.ids.map(() => '?').join(',') || "''";
    const names = filter.places.names.map(() => '?').join(',') || "''";
    // One indexed look-up per path (migration 6), not a scan of every fact.
    where.push(`f.id IN (SELECT fact_id FROM fact_places WHERE place_id IN (${ids})
      UNION SELECT id FROM facts WHERE type = 'event' AND json_extract(fields, '$.place') IN (${names})
      UNION SELECT id FROM facts WHERE type = 'count' AND json_extract(fields, '$.holder') IN (${names}))`);
    params.push(...filter.places.ids, ...filter.places.names, ...filter.places.names);
  }
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
    // 1989 reaches to 1989-12-31, 1989-10 to 1989-10-31: a partial bound covers its whole period.
    where.push(`${factDate} <= ?`);
    params.push(filter.until.length === 4 ? `${filter.until}-12-31` : filter.until.length === 7 ? `${filter.until}-31` : filter.until);
  }
  if (filter.ids) {
    where.push(`f.id IN (${filter.ids.map(() => '?').join(',') || "''"})`);
    params.push(...filter.ids);
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
  if (filter.status) {
    where.push('f.status = ?');
    params.push(filter.status);
  }
  // Built per filter (its shape varies), so not kept among the cached statements.
  const rows = db
    .prepare(
      `SELECT f.id, f.document_id, d.source, d.title, d.published, f.type, f.fields, f.method, f.confidence,
              f.status, f.version, f.extractor_version
         FROM facts f JOIN documents d ON d.id = f.document_id
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY d.source, f.document_id, f.type,
                 (SELECT min(e.start) FROM evidence e WHERE e.fact_id = f.id)`,
    )
    .all(...params) as Row[];
  // All the evidence in one query, not one per fact.
  const evidence = new Map<string, Array<{ start: number; end: number; quote: string }>>();
  for (let i = 0; i < rows.length; i += 10_000) {
    const ids = JSON.stringify(rows.slice(i, i + 10_000).map((r) => r.id));
    for (const e of stmt(db, 'SELECT fact_id, start, end, quote FROM evidence WHERE fact_id IN (SELECT value FROM json_each(?)) ORDER BY fact_id, start').all(ids) as Array<{ fact_id: string; start: number; end: number; quote: string }>) {
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
    status: r.status,
    version: r.version,
    extractorVersion: r.extractor_version,
    // Facts were validated on the way in (saveDocument, decide); reading them back trusts that.
    fact: { type: r.type, ...JSON.parse(r.fields), evidence: evidence.get(r.id) ?? [], method: r.method, confidence: r.confidence } as Fact,
  }));
}
