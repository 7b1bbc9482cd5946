/**
 * The review API for what the extractor missed and for double review: the rules' proposal for a
 * span a reviewer selected, a fact added from that span (or the span added to a fact's evidence),
 * and the adjudication queue with both votes. A refused span or bad fields answer 400 with the
 * reason the store gives; nothing is stored then.
 */
import { z } from 'zod';
import { RecordError } from '../errors.ts';
import { describeFact } from '../query/describe.ts';
import { type Fact, FACT_TYPES, type FactType, factFields, Span } from '../records.ts';
import { adjudicationQueue } from '../store/double-review.ts';
import { addEvidence, addManualFact, proposeForSpan } from '../store/manual.ts';
import { reviewSettings } from '../store/settings.ts';
import { HttpError, Note, ok, oneOf, route, Reviewer, type Route } from './http.ts';
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

const SpanBody = Span.shape;
const Propose = z.object({ doc: z.string().min(1, 'doc is required'), type: oneOf(FACT_TYPES), ...SpanBody });
const AddFact = Propose.extend({
  fields: z.record(z.string(), z.unknown(), { error: "must be an object of the fact's fields" }),
  reviewer: Reviewer,
  note: AddNote,
});
const AddSpan = z.object({ ...SpanBody, reviewer: Reviewer, note: AddNote });
const Adjudication = z.object({ reviewer: Reviewer });

/** Runs a store call whose RecordError is the reviewer's to fix: 400 with its reason. */
function refusedAs400<T>(f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof RecordError) throw new HttpError(400, err.message);
    throw err;
  }
}

export const addRoutes: Route[] = [
  route('POST', /^\/api\/propose$/, Propose, (p, { db }) => {
    const proposals = refusedAs400(() => proposeForSpan(db, p.doc, p, p.type));
    return ok({
      proposals: proposals.map((f) => ({ summary: describeFact(f), fields: factFields(f), evidence: f.evidence })),
      blank: BLANK[p.type],
    });
  }),
  route('POST', /^\/api\/facts$/, AddFact, (a, ctx) => {
    const reviewer = a.reviewer || ctx.reviewer;
    const r = refusedAs400(() => addManualFact(ctx.db, { documentId: a.doc, type: a.type, span: a, fields: a.fields, reviewer, note: a.note }));
    return ok({ ok: true, added: r.added, fact: detail(ctx, r.fact.id, reviewer) });
  }),
  route('POST', new RegExp(`^/api/facts/${FACT}/evidence$`), AddSpan, (a, ctx) => {
    const reviewer = a.reviewer || ctx.reviewer;
    const fact = refusedAs400(() => addEvidence(ctx.db, { factId: ctx.params[0]!, span: a, reviewer, note: a.note }));
    return ok({ ok: true, added: 'evidence', fact: detail(ctx, fact.id, reviewer) });
  }),
  // The disagreements this reviewer may resolve, each with both votes (no vote is hidden here: both are cast).
  route('GET', /^\/api\/adjudication$/, Adjudication, (q, { db, reviewer }) =>
    ok({
      settings: reviewSettings(db),
      facts: adjudicationQueue(db, q.reviewer || reviewer).map(({ fact, votes }) => ({
        ...queueItem(fact),
        votes: votes.map((v) => ({ ...v, summary: describeFact({ ...fact.fact, ...v.proposed.fields } as Fact) })),
      })),
    }),
  ),
];
