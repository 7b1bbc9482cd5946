/**
 * The review API for what the extractor missed and for double review: the rules' proposal for a
 * span a reviewer selected, a fact added from that span (or the span added to a fact's evidence),
 * and the adjudication queue with both votes. A refused span or bad fields answer 400 with the
 * reason the store gives; nothing is stored then.
 */
import { z } from 'zod';
import { RecordError, UnsupportedEvidenceError } from '../errors.ts';
import { describeFact } from '../query/describe.ts';
import { type Fact, FACT_TYPES, type FactType, factFields, Span } from '../records.ts';
import { adjudicationQueue } from '../store/double-review.ts';
import { addEvidence, addManualFact, proposeForSpan } from '../store/manual.ts';
import { reviewSettings } from '../store/settings.ts';
import { HttpError, Note, ok, oneOf, type Reply, route, Reviewer, type Route, who } from './http.ts';
import { detail, FACT, queueItem } from './routes.ts';

/** The fields of a fact of each type before anyone filled them: the form's start when the rules propose nothing. */
const BLANK: { [T in FactType]: Omit<Extract<Fact, { type: T }>, 'type' | 'evidence' | 'method' | 'confidence'> } = {
  city_pair: { a: { name: '', country: '中国' }, b: { name: '', country: null }, relation: 'unspecified', since: null },
  count: { value: 0, approx: 'exact', unit: '个', of: '', holder: null },
  date: { text: '', start: '', end: '', granularity: 'year', anchored: false },
  agreement: { title: null, kind: '', parties: [], count: null, fields: [], date: null },
  event: { name: '', kind: '', start: null, end: null, place: null, participants: {} },
};

/** An added fact keeps no blank note. */
const AddNote = Note.transform((n) => (n?.trim() ? n : null));

const SpanBody = { ...Span.shape, quote: z.string().optional() };
/** Store evidence that does not state its fact all the same (the page asks first); recorded as forced. */
const Force = z.boolean({ error: 'must be true or false' }).default(false);
const Propose = z.object({ doc: z.string().min(1, 'doc is required'), type: oneOf(FACT_TYPES), ...SpanBody });
const AddFact = Propose.extend({
  fields: z.record(z.string(), z.unknown(), { error: "must be an object of the fact's fields" }),
  reviewer: Reviewer,
  note: AddNote,
  force: Force,
});
const AddSpan = z.object({ ...SpanBody, reviewer: Reviewer, note: AddNote, force: Force });
const Adjudication = z.object({ reviewer: Reviewer });

/**
 * Runs a store call whose RecordError is the reviewer's to fix: 400 with its reason, marked
 * `unsupported` when only the evidence fails to state the fact (the page then offers to force it).
 */
function refusedAs400(f: () => Reply): Reply {
  try {
    return f();
  } catch (err) {
    if (err instanceof UnsupportedEvidenceError) return { status: 400, body: { ok: false, error: err.message, unsupported: true } };
    if (err instanceof RecordError) throw new HttpError(400, err.message);
    throw err;
  }
}

export const addRoutes: Route[] = [
  route('POST', /^\/api\/propose$/, Propose, (p, { db }) =>
    refusedAs400(() =>
      ok({
        proposals: proposeForSpan(db, p.doc, p, p.type).map((f) => ({ summary: describeFact(f), fields: factFields(f), evidence: f.evidence })),
        blank: BLANK[p.type],
      }),
    ),
  ),
  route('POST', /^\/api\/facts$/, AddFact, (a, ctx) => {
    const reviewer = who(a.reviewer, ctx);
    return refusedAs400(() => {
      const r = addManualFact(ctx.db, { documentId: a.doc, type: a.type, span: a, fields: a.fields, reviewer, note: a.note, force: a.force });
      return ok({ ok: true, added: r.added, fact: detail(ctx, r.fact.id, reviewer) });
    });
  }),
  route('POST', new RegExp(`^/api/facts/${FACT}/evidence$`), AddSpan, (a, ctx) => {
    const reviewer = who(a.reviewer, ctx);
    return refusedAs400(() => {
      const fact = addEvidence(ctx.db, { factId: ctx.params[0]!, span: a, reviewer, note: a.note, force: a.force });
      return ok({ ok: true, added: 'evidence', fact: detail(ctx, fact.id, reviewer) });
    });
  }),
  // The disagreements this reviewer may resolve, each with both votes (no vote is hidden here: both are cast).
  route('GET', /^\/api\/adjudication$/, Adjudication, (q, ctx) =>
    ok({
      settings: reviewSettings(ctx.db),
      facts: adjudicationQueue(ctx.db, who(q.reviewer, ctx)).map(({ fact, votes }) => ({
        ...queueItem(fact),
        votes: votes.map((v) => ({ ...v, summary: describeFact({ ...fact.fact, ...v.proposed.fields } as Fact) })),
      })),
    }),
  ),
];
