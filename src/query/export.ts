/**
 * Facts for other tools, each with its citations: JSON Lines, CSV in flat documented columns (see
 * RESEARCH.md). Relationships (and their GraphML network) are in relationships.ts.
 */
import { describeFact } from './describe.ts';
import { csvLine } from './csv.ts';
import { escapeCharacter } from '../printable.ts';
import type { StoredFact } from '../store/facts.ts';

export interface Citation {
  quote: string;
  start: number;
  end: number;
  source: string;
  /** The PDF page the quote stands on; only for documents read from a PDF. */
  page?: number;
  title: string | null;
  published: string | null;
}

export function citations(s: StoredFact): Citation[] {
  const page = s.page === null ? {} : { page: s.page };
  return s.fact.evidence.map((e) => ({ quote: e.quote, start: e.start, end: e.end, source: s.source, ...page, title: s.title, published: s.published }));
}

/** One fact as a JSON record: its fields, status and citations. */
export function factRecord(s: StoredFact): Record<string, unknown> {
  const { evidence: _e, ...fact } = s.fact;
  return { id: s.id, document_id: s.documentId, status: s.status, ...fact, summary: describeFact(s.fact), citations: citations(s) };
}

export const CSV_COLUMNS = [
  'fact_id',
  'type',
  'status',
  'method',
  'confidence',
  'summary',
  'a',
  'a_country',
  'b',
  'b_country',
  'relation',
  'since',
  'value',
  'approx',
  'unit',
  'of',
  'holder',
  'text',
  'start',
  'end',
  'granularity',
  'anchored',
  'title',
  'kind',
  'parties',
  'count',
  'fields',
  'date',
  'name',
  'place',
  'participants',
  'document_id',
  'source',
  'page',
  'document_title',
  'published',
  'quotes',
  'offsets',
] as const;

/** A value as the text of its cell: empty when absent, lists and objects as JSON. */
export function cellText(v: unknown): string {
  return v === null || v === undefined ? '' : typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
}

export function csvRow(s: StoredFact): string {
  // biome-ignore lint/suspicious/noExplicitAny: one flat row read across every fact type; absent fields are undefined.
  const f = s.fact as Record<string, any>;
  const row: Record<(typeof CSV_COLUMNS)[number], unknown> = {
    fact_id: s.id,
    type: f.type,
    status: s.status,
    method: f.method,
    confidence: f.confidence,
    summary: describeFact(s.fact),
    a: f.a?.name,
    a_country: f.a?.country,
    b: f.b?.name,
    b_country: f.b?.country,
    relation: f.relation,
    since: f.since,
    value: f.value,
    approx: f.approx,
    unit: f.unit,
    of: f.of,
    holder: f.holder,
    text: f.text,
    start: f.start,
    end: f.end,
    granularity: f.granularity,
    anchored: f.anchored,
    title: f.title,
    kind: f.kind,
    parties: f.parties,
    count: f.count,
    fields: f.fields,
    date: f.date,
    name: f.name,
    place: f.place,
    participants: f.participants,
    document_id: s.documentId,
    source: s.source,
    page: s.page,
    document_title: s.title,
    published: s.published,
    quotes: s.fact.evidence.map((e) => e.quote).join(' | '),
    offsets: s.fact.evidence.map((e) => `${e.start}-${e.end}`).join(';'),
  };
  return csvLine(CSV_COLUMNS.map((c) => cellText(row[c])));
}

export function csvHeader(): string {
  return csvLine(CSV_COLUMNS);
}

/** What XML 1.0 has no place for, not even as a character reference: C0 but tab, line feed and CR; lone surrogates; U+FFFE and U+FFFF. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this finds.
const NOT_XML = /[\0-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Text for XML or HTML: its markup characters as entities, a carriage return as one (a parser
 * would read it as a line feed), and what XML forbids as a visible escape (`\x1b`), so that any
 * text makes a document that parses.
 */
export function xml(s: unknown): string {
  return String(s ?? '')
    .replace(NOT_XML, escapeCharacter)
    .replace(/[<>&"'\r]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;', '\r': '&#13;' })[c]!);
}
