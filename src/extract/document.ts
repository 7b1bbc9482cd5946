/**
 * The rules stage for one document: original text in, the spec's record line out. Every span a
 * rule finds in the normalised copy is mapped back and cited in the original.
 */
import { createHash } from 'node:crypto';
import { Doc, Fact, type Evidence, type RecordLine } from '../records.ts';
import { errorLine, zodProblems } from '../errors.ts';
import { findCounts, type CountMention } from './numbers/counts.ts';
import { findDates, type DateMention } from './time/dates.ts';
import { mergeFacts } from './merge.ts';
import { normalize, toOriginal, type Normalized } from './text/normalize.ts';
import { findPairs } from './pairs/pairs.ts';
import { findAgreements } from './events/agreements.ts';
import { findEvents } from './events/events.ts';
import { detectScript } from './text/script.ts';
import { publishedInText } from '../sources/published.ts';

/** Bumped whenever a rule changes what it extracts; stored with every fact. */
export const EXTRACTOR_VERSION = 'rules-6';

export interface ExtractOptions {
  source: string;
  /** YYYY-MM-DD; the reference for relative dates and years not written. */
  published?: string | null;
  /** A headline the source already told (an HTML <title>). */
  title?: string | null;
  /** What reading the source found (bytes that were not valid UTF-8); the line's warnings start with them. */
  sourceWarnings?: string[];
  /** Where in a PDF the text stands (its page and region); the doc record carries it. */
  location?: Pick<Doc, 'page' | 'region'>;
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
  const line = original
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l.length > 0);
  if (!line || line.length > 60 || /[。！？!?]$/.test(line)) return null;
  return line;
}

/** The rule extractors, as warnings name them. */
type Extractor = 'dates' | 'pairs' | 'counts' | 'agreements' | 'events';

export interface RulesExtraction {
  line: RecordLine;
  /** Extractors that threw on this text: the line lacks their facts and a warning says why. */
  failed: string[];
}

/**
 * Runs one step so that an unexpected throw costs only its own facts: the failure is named in
 * `warnings` and `failed`, and `fallback` stands in for its result.
 */
export function guarded<T>(name: string, fallback: T, run: () => T, warnings: string[], failed: string[]): T {
  try {
    return run();
  } catch (err) {
    failed.push(name);
    warnings.push(`${name} extractor failed, its facts are missing (please report it): ${errorLine(err)}`);
    return fallback;
  }
}

function shortQuote(f: Fact): string {
  const quote = (f.evidence[0]?.quote ?? '').replace(/\s+/g, ' ');
  return quote.length > 40 ? `${quote.slice(0, 40)}…` : quote;
}

/**
 * Merges facts one record per key and keeps those the record contract allows. A value outside it
 * (a date before year 1000, a count beyond what a number holds exactly) is not a fact: it is left
 * out with a one-line warning, never a throw.
 */
export function validFacts(facts: Fact[], warnings: string[]): Fact[] {
  const valid: Fact[] = [];
  for (const f of mergeFacts(facts)) {
    const checked = Fact.safeParse(f);
    if (checked.success) valid.push(checked.data);
    else warnings.push(`${f.type} 「${shortQuote(f)}」 skipped: ${zodProblems(checked.error)}`);
  }
  return valid;
}

/** The rules stage; `norm` can be passed when the caller already normalised the text (ingest stores it). */
export function extractRules(original: string, opts: ExtractOptions, norm: Normalized = normalize(original)): RulesExtraction {
  const published = opts.published ?? publishedInText(norm.text);
  const warnings: string[] = [...(opts.sourceWarnings ?? [])];
  const failed: string[] = [];
  const run = <T>(name: Extractor, fallback: T, step: () => T): T => guarded(name, fallback, step, warnings, failed);
  const at = (start: number, end: number) => cite(original, norm, start, end);

  const dated = run('dates', { dates: [] as DateMention[], facts: [] as Fact[] }, () => {
    const { dates, unplaced } = findDates(norm.text, { published });
    if (unplaced.length > 0) {
      warnings.push(`${unplaced.length} date expression(s) without a year could not be placed (give --published): ${[...new Set(unplaced)].join(', ')}`);
    }
    const facts = dates.map((d): Fact => {
      const ev = at(d.start, d.end);
      return { type: 'date', text: ev.quote, start: d.startDate, end: d.endDate, granularity: d.granularity, anchored: d.anchored, evidence: [ev], method: 'rules', confidence: d.confidence };
    });
    return { dates, facts };
  });
  const { dates } = dated;
  const pairs = run('pairs', [], () =>
    findPairs(original, norm, dates, published).map((p): Fact => {
      const start = Math.min(...p.spans.map(([s]) => s));
      const end = Math.max(...p.spans.map(([, e]) => e));
      // One span when the two sides stand close together, else one for each side.
      const spans: Array<[number, number]> = end - start <= 80 ? [[start, end]] : p.spans;
      return {
        type: 'city_pair',
        a: { name: p.a.name, country: '中国' },
        b: { name: p.bName, country: p.country },
        relation: p.relation,
        since: p.since?.date ?? null,
        evidence: spans.map(([s, e]) => at(s, e)),
        method: 'rules',
        confidence: p.confidence,
      };
    }),
  );
  const counted = run('counts', { counts: [] as CountMention[], facts: [] as Fact[] }, () => {
    const counts = findCounts(norm.text);
    const facts = counts.map(
      (c): Fact => ({ type: 'count', value: c.value, approx: c.approx, unit: c.unit, of: c.of, holder: c.holder, evidence: [at(c.start, c.end)], method: 'rules', confidence: c.confidence }),
    );
    return { counts, facts };
  });
  const { counts } = counted;
  const agreements = run('agreements', [], () =>
    findAgreements(norm.text, dates, counts).map(
      (a): Fact => ({
        type: 'agreement',
        title: a.title,
        kind: a.kind,
        parties: a.parties,
        count: a.count,
        fields: a.fields,
        date: a.date,
        evidence: [at(a.start, a.end)],
        method: 'rules',
        confidence: a.confidence,
      }),
    ),
  );
  const events = run('events', [], () =>
    findEvents(norm.text, dates, counts).map(
      (e): Fact => ({
        type: 'event',
        name: e.name,
        kind: e.kind,
        start: e.startDate,
        end: e.endDate,
        place: e.place,
        participants: e.participants,
        evidence: [at(e.start, e.end)],
        method: 'rules',
        confidence: e.confidence,
      }),
    ),
  );

  const facts = validFacts([...dated.facts, ...pairs, ...agreements, ...events, ...counted.facts], warnings);
  const doc = Doc.parse({
    id: documentId(original),
    source: opts.source,
    title: opts.title ?? guessTitle(original),
    published: published ?? null,
    script: detectScript(original),
    chars: original.length,
    ...opts.location,
  });
  return { line: { doc, facts, warnings }, failed };
}

/** The rules stage's record line, for callers that need no more. */
export function extractDocument(original: string, opts: ExtractOptions, norm: Normalized = normalize(original)): RecordLine {
  return extractRules(original, opts, norm).line;
}
