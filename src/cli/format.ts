/** Facts for people (one line a fact) and for tools (CSV with flat columns). */
import { describeFact } from '../describe.ts';
import type { StoredFact } from '../store/facts.ts';

export { describeFact };

function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const CSV_COLUMNS = ['fact_id', 'document_id', 'source', 'title', 'published', 'type', 'status', 'method', 'confidence', 'summary', 'fields', 'quotes', 'offsets'];

export function csvRow(s: StoredFact): string {
  const { evidence, method, confidence, ...fields } = s.fact;
  return [
    s.id, s.documentId, s.source, s.title, s.published, s.fact.type, s.status, method, confidence, describeFact(s.fact),
    fields, evidence.map((e) => e.quote).join(' | '), evidence.map((e) => `${e.start}-${e.end}`).join(';'),
  ].map(csvCell).join(',');
}

export function jsonRecord(s: StoredFact): Record<string, unknown> {
  return { id: s.id, document_id: s.documentId, source: s.source, title: s.title, published: s.published, status: s.status, ...s.fact };
}

/** Fixed-width columns; CJK characters count double, as a terminal draws them. */
export function table(rows: string[][]): string {
  const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1), 0);
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => width(r[i]))));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c + ' '.repeat(widths[i] - width(c)))).join('  ')).join('\n');
}
