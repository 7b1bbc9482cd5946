/** Reading stored facts back as records, with their evidence and the document they cite. */
import { Fact, type FactType } from '../records.ts';
import type { Store } from './db.ts';

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
  const evidenceOf = db.prepare('SELECT start, end, quote FROM evidence WHERE fact_id = ? ORDER BY start');
  return rows.map((r) => ({
    id: r.id,
    documentId: r.document_id,
    source: r.source,
    title: r.title,
    published: r.published,
    status: r.status,
    version: r.version,
    extractorVersion: r.extractor_version,
    fact: Fact.parse({ type: r.type, ...JSON.parse(r.fields), evidence: evidenceOf.all(r.id), method: r.method, confidence: r.confidence }),
  }));
}
