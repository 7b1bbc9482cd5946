/**
 * The review API: the queue (the reviewer's own under double review), one fact with its article
 * and history, decisions, undo and batch approval. Each route validates its query or body (enums
 * from records.ts and the store) before it reaches the store; a stale version answers 409 with the
 * fact as it is now.
 */
import { z } from 'zod';
import { describeFact } from '../query/describe.ts';
import { Decision as DecisionAction, FACT_TYPES, Method, STATUSES } from '../records.ts';
import { reviewerQueue, roundVotes } from '../store/double-review.ts';
import { documentById } from '../store/documents.ts';
import { pageFacts, type StoredFact } from '../store/facts.ts';
import { approveAll, countByStatus, decide, factById, historyOf, pendingCount, undo, type DecisionResult, type HistoryEntry } from '../store/review.ts';
import { reviewSettings } from '../store/settings.ts';
import { HttpError, Num, ok, oneOf, route, type Context, type Reply, type Route, Note, Reviewer, who } from './http.ts';

/** Facts in one review queue answer. */
const QUEUE_PAGE = 500;
export const FACT = '([0-9a-f]{16})';
/** The statuses of a fact someone decided. */
const DECIDED = STATUSES.filter((s) => s !== 'pending');

const Queue = z.object({
  type: oneOf(FACT_TYPES).optional(),
  status: oneOf(['all', ...STATUSES]).default('pending'),
  method: oneOf(Method.options).optional(),
  doc: z.string().optional(),
  min: Num.optional(),
  max: Num.optional(),
  /** Whose queue: under double review it leaves out the facts they voted on (the server's reviewer when not named). */
  reviewer: Reviewer,
});

const Detail = z.object({ reviewer: Reviewer });

const Decision = z.object({
  action: oneOf(DecisionAction.options),
  version: Num,
  note: Note,
  reviewer: Reviewer,
  /** The edited fact's own fields; the record schema checks them with its evidence. */
  fields: z.unknown().optional(),
});

const Undo = z.object({ version: Num, reviewer: Reviewer });

const Batch = z.object({
  type: oneOf(FACT_TYPES).optional(),
  documentId: z.string().optional(),
  minConfidence: Num,
  reviewer: Reviewer,
});

/** A vote another reviewer cast, as the page shows it before this reviewer has voted: that there is one, not what it says. */
type HiddenVote = Pick<HistoryEntry, 'id' | 'at' | 'stage'> & { hidden: true };

/**
 * The fact's history as `reviewer` may see it. Under double review the other reviewer's vote on a
 * pending fact stays hidden until this reviewer has voted, so the two votes are independent (what
 * makes the agreement figures mean something); once there are two votes (adjudication) or the
 * fact is decided, everything shows. Only a reviewer a personal token names counts as having
 * voted: a name the request merely states could be anyone's.
 */
function visibleHistory(db: Context['db'], id: string, pending: boolean, reviewer: string | null, identified: boolean): Array<HistoryEntry | HiddenVote> {
  const history = historyOf(db, id);
  if (!pending || !reviewSettings(db).double) return history;
  const votes = roundVotes(db, id);
  if (votes.length >= 2 || (identified && votes.some((v) => v.reviewer === reviewer))) return history;
  return history.map((h) => (h.stage === 'vote' && !(identified && h.reviewer === reviewer) ? { id: h.id, at: h.at, stage: h.stage, hidden: true } : h));
}

/** One fact with its document and history, as `reviewer` may see it. */
export function detail({ db, identified }: Context, id: string, reviewer: string | null) {
  const stored = factById(db, id);
  if (!stored) throw new HttpError(404, `no fact ${id}`);
  return {
    ...stored,
    summary: describeFact(stored.fact),
    document: documentById(db, stored.documentId),
    history: visibleHistory(db, id, stored.status === 'pending', reviewer, identified),
  };
}

/** A fact as a line of a queue. */
export function queueItem(f: StoredFact) {
  return {
    id: f.id,
    documentId: f.documentId,
    title: f.title,
    type: f.fact.type,
    status: f.status,
    method: f.fact.method,
    confidence: f.fact.confidence,
    version: f.version,
    summary: describeFact(f.fact),
  };
}

function outcome(ctx: Context, r: DecisionResult, reviewer: string | null): Reply {
  if (r.ok) return ok({ ok: true, fact: detail(ctx, r.fact.id, reviewer) });
  if (r.conflict) return { status: 409, body: { ok: false, error: 'someone else decided this fact meanwhile; here is its current state', fact: detail(ctx, r.fact.id, reviewer) } };
  return { status: 400, body: { ok: false, error: r.error } };
}

export const reviewRoutes: Route[] = [
  route('GET', /^\/api\/queue$/, Queue, (q, ctx) => {
    const { db } = ctx;
    // A page, so a store with a large backlog still answers at once; deciding brings the next in.
    const filter = { type: q.type, documentId: q.doc, method: q.method, minConfidence: q.min, maxConfidence: q.max };
    const { total, facts } =
      q.status === 'pending'
        ? reviewerQueue(db, who(q.reviewer, ctx), filter, { limit: QUEUE_PAGE })
        : pageFacts(db, { ...filter, statuses: q.status === 'all' ? undefined : [q.status] }, { limit: QUEUE_PAGE });
    return ok({
      settings: reviewSettings(db),
      pending: pendingCount(db),
      decided: countByStatus(db, DECIDED),
      total,
      facts: facts.map(queueItem),
    });
  }),
  route('GET', new RegExp(`^/api/facts/${FACT}$`), Detail, (q, ctx) => ok(detail(ctx, ctx.params[0]!, who(q.reviewer, ctx)))),
  route('POST', new RegExp(`^/api/facts/${FACT}/decision$`), Decision, (d, ctx) => {
    const reviewer = who(d.reviewer, ctx);
    return outcome(ctx, decide(ctx.db, { factId: ctx.params[0]!, action: d.action, reviewer, note: d.note, version: d.version, fields: d.fields }), reviewer);
  }),
  route('POST', new RegExp(`^/api/facts/${FACT}/undo$`), Undo, (u, ctx) => {
    const reviewer = who(u.reviewer, ctx);
    return outcome(ctx, undo(ctx.db, { factId: ctx.params[0]!, reviewer, version: u.version }), reviewer);
  }),
  route('POST', /^\/api\/batch$/, Batch, (b, ctx) => {
    const { db } = ctx;
    if (!b.type && !b.documentId) throw new HttpError(400, 'a batch needs a documentId or a type');
    return ok({ ok: true, approved: approveAll(db, { documentId: b.documentId, type: b.type, minConfidence: b.minConfidence }, who(b.reviewer, ctx)) });
  }),
];
