/**
 * The rules stage for one document: original text in, the spec's record line out. Every span a
 * rule finds in the normalised copy is mapped back and cited in the original.
 */
import { createHash } from 'node:crypto';
import { Doc, Fact, type Evidence, type RecordLine } from '../records.ts';
import { RecordError } from '../errors.ts';
import { findCounts } from './counts.ts';
import { findDates } from './dates.ts';
import { mergeFacts } from './merge.ts';
import { normalize, toOriginal, type Normalized } from './normalize.ts';
import { findPairs } from './pairs.ts';
import { findAgreements } from './agreements.ts';
import { findEvents } from './events.ts';
import { detectScript } from './script.ts';
import { publishedInText } from '../sources/published.ts';

/** Bumped whenever a rule changes what it extracts; stored with every fact. */
export const EXTRACTOR_VERSION = 'rules-3';

export interface ExtractOptions {
  source: string;
  /** YYYY-MM-DD; the reference for relative dates and years not written. */
  published?: string | null;
  /** A headline the source already told (an HTML <title>). */
  title?: string | null;
}

export function documentId(original: string): string {
  return createHash('sha256').update(original).digest('hex').slice(0, 16);
}

export function cite(original: string, norm: Normalized, start: number, end: number): Evidence {
  const span = toOriginal(norm, start, end);
  return { ...span, quote: original.slice(span.start, span.end) };
}

/** The first line, when it reads as a headline: short and not a sentence. */
export function guessTitle(original: string): string | null {
  const line = original.split('\n').map((l) => l.trim()).find((l) => l.length > 0);
  if (!line || line.length > 60 || /[。！？!?]$/.test(line)) return null;
  return line;
}

/** `norm` can be passed when the caller already normalised the text (ingest stores it). */
export function extractDocument(original: string, opts: ExtractOptions, norm: Normalized = normalize(original)): RecordLine {
  const published = opts.published ?? publishedInText(norm.text);
  const warnings: string[] = [];
  const facts: Fact[] = [];

  const { dates, unplaced } = findDates(norm.text, { published });
  for (const d of dates) {
    const ev = cite(original, norm, d.start, d.end);
    facts.push({
      type: 'date',
      text: ev.quote,
      start: d.startDate,
      end: d.endDate,
      granularity: d.granularity,
      anchored: d.anchored,
      evidence: [ev],
      method: 'rules',
      confidence: d.confidence,
    });
  }
  if (unplaced.length > 0) {
    warnings.push(`${unplaced.length} date expression(s) without a year could not be placed (give --published): ${[...new Set(unplaced)].join(', ')}`);
  }
  for (const p of findPairs(original, norm, dates, published)) {
    const start = Math.min(...p.spans.map(([s]) => s));
    const end = Math.max(...p.spans.map(([, e]) => e));
    // One span when the two sides stand close together, else one for each side.
    const spans = end - start <= 80 ? [[start, end]] : p.spans;
    facts.push({
      type: 'city_pair',
      a: { name: p.a.name, country: '中国' },
      b: { name: p.bName, country: p.country },
      relation: p.relation,
      since: p.since?.date ?? null,
      evidence: spans.map(([s, e]) => cite(original, norm, s, e)),
      method: 'rules',
      confidence: p.confidence,
    });
  }
  const counts = findCounts(norm.text);
  for (const a of findAgreements(norm.text, dates, counts)) {
    facts.push({
      type: 'agreement',
      title: a.title,
      kind: a.kind,
      parties: a.parties,
      count: a.count,
      fields: a.fields,
      date: a.date,
      evidence: [cite(original, norm, a.start, a.end)],
      method: 'rules',
      confidence: a.confidence,
    });
  }
  for (const e of findEvents(norm.text, dates, counts)) {
    facts.push({
      type: 'event',
      name: e.name,
      kind: e.kind,
      start: e.startDate,
      end: e.endDate,
      place: e.place,
      participants: e.participants,
      evidence: [cite(original, norm, e.start, e.end)],
      method: 'rules',
      confidence: e.confidence,
    });
  }
  for (const c of counts) {
    facts.push({
      type: 'count',
      value: c.value,
      approx: c.approx,
      unit: c.unit,
      of: c.of,
      holder: c.holder,
      evidence: [cite(original, norm, c.start, c.end)],
      method: 'rules',
      confidence: c.confidence,
    });
  }

  const merged = mergeFacts(facts).map((f) => {
    const checked = Fact.safeParse(f);
    if (!checked.success) throw new RecordError(`${opts.source}: a ${f.type} fact breaks the record contract: ${checked.error.message}`);
    return checked.data;
  });
  // Facts were each checked above; the document's own fields are checked here.
  const doc = Doc.parse({
    id: documentId(original),
    source: opts.source,
    title: opts.title ?? guessTitle(original),
    published: published ?? null,
    script: detectScript(original),
    chars: original.length,
  });
  return { doc, facts: merged, warnings };
}
