/**
 * Facts for other tools, each with its citations: JSON Lines, CSV in flat documented columns (see
 * RESEARCH.md), and GraphML of the sister-city network for Gephi and networkx.
 */
import { describeFact } from './describe.ts';
import type { Store } from '../store/db.ts';
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

function cell(v: unknown): string {
  const s = v === null || v === undefined ? '' : typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
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
  return CSV_COLUMNS.map((c) => cell(row[c])).join(',');
}

export function csvHeader(): string {
  return CSV_COLUMNS.join(',');
}

function xml(s: unknown): string {
  return String(s ?? '').replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** The network of the given pair facts: places as nodes (name, country, kind), pairs as edges. */
export function graphml(db: Store, pairs: StoredFact[]): string {
  const ids = pairs.map((p) => p.id);
  const links = db
    .prepare(`SELECT fp.fact_id, fp.role, p.id, p.name, p.country, p.kind FROM fact_places fp JOIN places p ON p.id = fp.place_id WHERE fp.fact_id IN (SELECT value FROM json_each(?))`)
    .all(JSON.stringify(ids)) as Array<{ fact_id: string; role: 'a' | 'b'; id: string; name: string; country: string | null; kind: string }>;
  const nodes = new Map<string, (typeof links)[number]>();
  const ends = new Map<string, { a?: string; b?: string }>();
  for (const l of links) {
    nodes.set(l.id, l);
    ends.set(l.fact_id, { ...ends.get(l.fact_id), [l.role]: l.id });
  }
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
    '  <key id="name" for="node" attr.name="name" attr.type="string"/>',
    '  <key id="country" for="node" attr.name="country" attr.type="string"/>',
    '  <key id="kind" for="node" attr.name="kind" attr.type="string"/>',
    '  <key id="relation" for="edge" attr.name="relation" attr.type="string"/>',
    '  <key id="since" for="edge" attr.name="since" attr.type="string"/>',
    '  <key id="evidence" for="edge" attr.name="evidence" attr.type="int"/>',
    '  <key id="fact" for="edge" attr.name="fact" attr.type="string"/>',
    '  <graph id="sister-cities" edgedefault="undirected">',
  ];
  for (const n of nodes.values()) {
    out.push(`    <node id="${xml(n.id)}"><data key="name">${xml(n.name)}</data><data key="country">${xml(n.country)}</data><data key="kind">${xml(n.kind)}</data></node>`);
  }
  for (const p of pairs) {
    const e = ends.get(p.id);
    if (!e?.a || !e.b || p.fact.type !== 'city_pair') continue;
    out.push(
      `    <edge id="${xml(p.id)}" source="${xml(e.a)}" target="${xml(e.b)}"><data key="relation">${xml(p.fact.relation)}</data><data key="since">${xml(p.fact.since)}</data><data key="evidence">${p.fact.evidence.length}</data><data key="fact">${xml(p.id)}</data></edge>`,
    );
  }
  out.push('  </graph>', '</graphml>');
  return `${out.join('\n')}\n`;
}
