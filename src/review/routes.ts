/**
 * The review API: the queue, one fact with its article and history, decisions, undo and batch
 * approval. Each route validates its query or body (enums from records.ts and the store) before
 * it reaches the store; a stale version answers 409 with the fact as it is now.
 */
import { z } from 'zod';
import { describeFact } from '../query/describe.ts';
import { Decision as DecisionAction, FACT_TYPES, Method, STATUSES } from '../records.ts';
import { documentById } from '../store/documents.ts';
import { pageFacts } from '../store/facts.ts';
import { approveAll, decide, factById, historyOf, pendingCount, undo, type DecisionResult } from '../store/review.ts';
import { HttpError, Num, ok, oneOf, route, type Context, type Reply, type Route } from './http.ts';

/** Facts in one review queue answer. */
const QUEUE_PAGE = 500;
const FACT = '([0-9a-f]{16})';

/** Who decides, as the page names it (trimmed, at most 80 characters); anything else counts as unnamed. */
export const Reviewer = z
  .unknown()
  .optional()
  .transform((r) => (typeof r === 'string' ? r.trim().slice(0, 80) : ''));

const Queue = z.object({
  type: oneOf(FACT_TYPES).optional(),
  status: oneOf(['all', ...STATUSES]).default('pending'),
  method: oneOf(Method.options).optional(),
  doc: z.string().optional(),
  min: Num.optional(),
  max: Num.optional(),
});

const Decision = z.object({
  action: oneOf(DecisionAction.options),
  version: Num,
  note: z
    .unknown()
    .optional()
    .transform((n) => (typeof n === 'string' ? n.slice(0, 2000) : null)),
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

function detail({ db }: Context, id: string) {
  const stored = factById(db, id);
  if (!stored) throw new HttpError(404, `no fact ${id}`);
  return { ...stored, summary: describeFact(stored.fact), document: documentById(db, stored.documentId), history: historyOf(db, id) };
}

function outcome(ctx: Context, r: DecisionResult): Reply {
  if (r.ok) return ok({ ok: true, fact: detail(ctx, r.fact.id) });
  if (r.conflict) return { status: 409, body: { ok: false, error: 'someone else decided this fact meanwhile; here is its current state', fact: detail(ctx, r.fact.id) } };
  return { status: 400, body: { ok: false, error: r.error } };
}

export const reviewRoutes: Route[] = [
  route('GET', /^\/api\/queue$/, Queue, (q, { db }) => {
    // A page, so a store with a large backlog still answers at once; deciding brings the next in.
    const { total, facts } = pageFacts(
      db,
      { type: q.type, statuses: q.status === 'all' ? undefined : [q.status], documentId: q.doc, method: q.method, minConfidence: q.min, maxConfidence: q.max },
      { limit: QUEUE_PAGE },
    );
    return ok({
      pending: pendingCount(db),
      total,
      facts: facts.map((f) => ({
        id: f.id,
        documentId: f.documentId,
        title: f.title,
        type: f.fact.type,
        status: f.status,
        method: f.fact.method,
        confidence: f.fact.confidence,
        version: f.version,
        summary: describeFact(f.fact),
      })),
    });
  }),
  route('GET', new RegExp(`^/api/facts/${FACT}$`), z.unknown(), (_, ctx) => ok(detail(ctx, ctx.params[0]!))),
  route('POST', new RegExp(`^/api/facts/${FACT}/decision$`), Decision, (d, ctx) =>
    outcome(ctx, decide(ctx.db, { factId: ctx.params[0]!, action: d.action, reviewer: d.reviewer || ctx.reviewer, note: d.note, version: d.version, fields: d.fields })),
  ),
  route('POST', new RegExp(`^/api/facts/${FACT}/undo$`), Undo, (u, ctx) => outcome(ctx, undo(ctx.db, { factId: ctx.params[0]!, reviewer: u.reviewer || ctx.reviewer, version: u.version }))),
  route('POST', /^\/api\/batch$/, Batch, (b, { db, reviewer }) => {
    if (!b.type && !b.documentId) throw new HttpError(400, 'a batch needs a documentId or a type');
    return ok({ ok: true, approved: approveAll(db, { documentId: b.documentId, type: b.type, minConfidence: b.minConfidence }, b.reviewer || reviewer) });
  }),
];
