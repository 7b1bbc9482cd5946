/**
 * Facts a reviewer adds by hand from a span of the article: method `manual`, the span as evidence
 * (checked against the original text), the author's approval in the history (under double review,
 * their vote, so a second reviewer still decides it). The same span can instead be more evidence
 * for a fact the document already has.
 */
import { DateString, type Evidence, Fact, factFields, factKey, type FactType, ReviewerFact, Span } from '../records.ts';
import { RecordError, UnsupportedEvidenceError, zodProblems } from '../errors.ts';
import { pairPlaces } from '../extract/pairs/pairs.ts';
import { proposeFacts } from '../extract/prefill.ts';
import { unsupported } from '../extract/support.ts';
import { normalize } from '../extract/text/normalize.ts';
import { findDates } from '../extract/time/dates.ts';
import { stmt, write, type Store } from './db.ts';
import { factId, linkPlaces } from './documents.ts';
import type { StoredFact } from './facts.ts';
import { pairsOfFacts, refreshPairs } from './relationships.ts';
import { decide, factById } from './review.ts';

const HIGH = /[\uD800-\uDBFF]/;
const short = (s: string) => (s.length > 30 ? `${s.slice(0, 30)}…` : s).replace(/\s+/g, ' ');

/** The evidence a span of `original` makes, or a RecordError naming why the span cannot be one. */
export function spanEvidence(original: string, documentId: string, span: Span): Evidence {
  const checked = Span.safeParse(span);
  if (!checked.success) throw new RecordError(`document ${documentId}: the span is not one: ${zodProblems(checked.error)}`);
  const { start, end } = checked.data;
  const at = `document ${documentId}: span ${start}-${end}`;
  if (start < 0 || end > original.length) throw new RecordError(`${at} is outside the text (0-${original.length})`);
  if (end <= start) throw new RecordError(`${at} is empty (end must be after start)`);
  // A span that starts or ends between the two halves of a character cites half of it.
  if (HIGH.test(original[start - 1] ?? '') || HIGH.test(original[end - 1] ?? '')) throw new RecordError(`${at} cuts a character in two`);
  const quote = original.slice(start, end);
  if (!quote.trim()) throw new RecordError(`${at} holds only whitespace`);
  if (span.quote !== undefined && span.quote !== quote) throw new RecordError(`${at} reads 「${short(quote)}」, not the quote given 「${short(span.quote)}」`);
  return { start, end, quote };
}

function storedDocument(db: Store, documentId: string): { original: string; published: string | null } {
  const doc = stmt(db, 'SELECT original, published FROM documents WHERE id = ?').get(documentId) as { original: string; published: string | null } | undefined;
  if (!doc) throw new RecordError(`no document ${documentId}`);
  return doc;
}

/** What the rules propose for a span of a stored document (the add-fact form's prefill; every type's when none is given); the span is checked first. */
export function proposeForSpan(db: Store, documentId: string, span: Span, type?: FactType): Fact[] {
  const doc = storedDocument(db, documentId);
  const { start, end } = spanEvidence(doc.original, documentId, span);
  return proposeFacts(doc.original, start, end, type, doc.published);
}

/**
 * Null when the evidence states the fact; the reason when it does not and `force` says to store it
 * anyway (the history keeps it); else an UnsupportedEvidenceError with the reason.
 */
function forcedReason(fact: Fact, evidence: Evidence, published: string | null, force: boolean | undefined): string | null {
  const reason = unsupported(fact, evidence.quote, published);
  if (reason && !force) throw new UnsupportedEvidenceError(`${reason}: refused (--force, or confirm on the page, stores it anyway, recorded as forced)`);
  return reason;
}

/** Adds the span to the fact's evidence (once) and records it (with why it was forced); the fact's review state is unchanged. */
function addSpan(db: Store, factId: string, evidence: Evidence, reviewer: string | null, note: string | null, forced: string | null): void {
  const known = stmt(db, 'SELECT 1 FROM evidence WHERE fact_id = ? AND start = ? AND end = ?').get(factId, evidence.start, evidence.end);
  if (known) throw new RecordError(`span ${evidence.start}-${evidence.end} is already evidence of fact ${factId}`);
  const { status, fields } = stmt(db, 'SELECT status, fields FROM facts WHERE id = ?').get(factId) as { status: string; fields: string };
  const state = { status, fields: JSON.parse(fields) };
  const now = new Date().toISOString();
  stmt(db, "INSERT INTO evidence (fact_id, start, end, quote, method) VALUES (?, ?, ?, ?, 'manual')").run(factId, evidence.start, evidence.end, evidence.quote);
  stmt(db, 'UPDATE facts SET version = version + 1, updated_at = ? WHERE id = ?').run(now, factId);
  refreshPairs(db, pairsOfFacts(db, [factId])); // the new span's sentence may state an intent
  stmt(db, "INSERT INTO review_history (fact_id, action, reviewer, at, note, before, after) VALUES (?, 'add-evidence', ?, ?, ?, ?, ?)").run(
    factId,
    reviewer,
    now,
    note,
    JSON.stringify(state),
    JSON.stringify({ ...state, evidence, ...(forced ? { forced } : {}) }),
  );
}

/** More evidence for a stored fact: a span of its document that states it too. */
export function addEvidence(db: Store, a: { factId: string; span: Span; reviewer: string | null; note?: string | null; force?: boolean }): StoredFact {
  return write(db, () => {
    const fact = factById(db, a.factId);
    if (!fact) throw new RecordError(`no fact ${a.factId}`);
    const doc = storedDocument(db, fact.documentId);
    const evidence = spanEvidence(doc.original, fact.documentId, a.span);
    addSpan(db, a.factId, evidence, a.reviewer, a.note ?? null, forcedReason(fact.fact, evidence, doc.published, a.force));
    return factById(db, a.factId)!;
  });
}

/** The fields of a type's record schema that hold a date string (a pair's since, an event's start …), read from the schema. */
function dateFields(type: FactType): string[] {
  const { shape } = Fact.options.find((o) => o.shape.type.value === type)!;
  return Object.entries(shape)
    .filter(([, schema]) => (schema as typeof DateString).safeParse('2000-01').success && !(schema as typeof DateString).safeParse('x').success)
    .map(([key]) => key);
}

/**
 * Dates as a reviewer types them (1987年3月, 九八年, 今年5月): each date field that is not yet
 * YYYY[-MM[-DD]] is read by the rules' date reader when the whole value is one date (an `end`
 * takes the period's end); anything else is left for the schema to refuse.
 */
function typedDates(type: FactType, fields: Record<string, unknown>, published: string | null): Record<string, unknown> {
  const out = { ...fields };
  for (const key of dateFields(type)) {
    const v = out[key];
    if (typeof v !== 'string' || DateString.safeParse(v).success) continue;
    const text = normalize(v.trim()).text;
    const [only, ...more] = findDates(text, { published }).dates;
    if (only && !more.length && only.start === 0 && only.end === text.length) out[key] = key === 'end' ? only.endDate : only.startDate;
  }
  return out;
}

export interface ManualFact {
  documentId: string;
  type: FactType;
  span: Span;
  /** The fact's own fields (as `factFields` gives them); validated by the record schema. */
  fields: Record<string, unknown>;
  reviewer: string | null;
  note?: string | null;
  /** Store it even when the span does not state the fact (recorded as forced in the history). */
  force?: boolean;
}

/**
 * Stores a fact a reviewer read in the document, or, when the document already has that fact (the
 * same fields that make two mentions one record), adds the span to its evidence. Nothing is
 * stored when the span or the fields are refused (a RecordError says why, in one line).
 */
export function addManualFact(db: Store, m: ManualFact): { added: 'fact' | 'evidence'; fact: StoredFact } {
  return write(db, () => {
    const doc = storedDocument(db, m.documentId);
    const evidence = spanEvidence(doc.original, m.documentId, m.span);
    const checked = ReviewerFact.safeParse({ ...typedDates(m.type, m.fields, doc.published), type: m.type, evidence: [evidence], method: 'manual', confidence: 1 });
    if (!checked.success) throw new RecordError(`a ${m.type} fact with these fields breaks the record contract: ${zodProblems(checked.error)}`);
    const fact = checked.data;
    const forced = forcedReason(fact, evidence, doc.published, m.force);
    const key = factKey(fact);
    const id = factId(m.documentId, key);
    if (stmt(db, 'SELECT 1 FROM facts WHERE id = ?').get(id)) {
      addSpan(db, id, evidence, m.reviewer, m.note ?? null, forced);
      return { added: 'evidence', fact: factById(db, id)! };
    }
    const fields = factFields(fact);
    const now = new Date().toISOString();
    stmt(
      db,
      `INSERT INTO facts (id, document_id, type, key, fields, method, confidence, extractor_version, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, 'manual', 1, 'manual', ?, ?)`,
    ).run(id, m.documentId, fact.type, key, JSON.stringify(fields), now, now);
    stmt(db, "INSERT INTO evidence (fact_id, start, end, quote, method) VALUES (?, ?, ?, ?, 'manual')").run(id, evidence.start, evidence.end, evidence.quote);
    if (fact.type === 'city_pair') {
      const places = pairPlaces(fact.a.name, fact.b.name, fact.b.country);
      if (places) linkPlaces(db, id, places);
      refreshPairs(db, pairsOfFacts(db, [id]));
    }
    stmt(db, "INSERT INTO review_history (fact_id, action, reviewer, at, note, before, after) VALUES (?, 'add', ?, ?, ?, NULL, ?)").run(
      id,
      m.reviewer,
      now,
      m.note ?? null,
      JSON.stringify({ status: 'pending', fields, evidence, ...(forced ? { forced } : {}) }),
    );
    // The author's approval; under double review their vote (refused without a name: nothing stored).
    const decided = decide(db, { factId: id, action: 'approve', reviewer: m.reviewer, note: m.note, version: 1 });
    if (!decided.ok) throw new RecordError(decided.conflict ? `fact ${id} changed while it was added` : decided.error);
    return { added: 'fact', fact: decided.fact };
  });
}
