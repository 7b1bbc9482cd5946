/**
 * Review decisions: approve, reject, edit-and-approve, undo. Each is checked against the fact's
 * version (two reviewers deciding the same fact do not overwrite each other silently: the second
 * gets a conflict with the current state) and appended to the review history with reviewer, time,
 * note, and the state before and after. Nothing here ever rewrites or deletes history. With double
 * review on (settings.ts), decisions on pending facts are votes; double-review.ts reads them back.
 */
import { isDeepStrictEqual } from 'node:util';
import { type Fact, factFields, ReviewerFact, type Evidence, type ReviewAction, STATUS_AFTER, type Decision as Verdict } from '../records.ts';
import { RecordError, zodProblems } from '../errors.ts';
import { stmt, write, type Store } from './db.ts';
import { reviewerQueue, roundVotes } from './double-review.ts';
import { queryFacts, type StoredFact } from './facts.ts';
import { pairsOfFacts, refreshPairs } from './relationships.ts';
import { reviewSettings } from './settings.ts';

export interface HistoryEntry {
  id: number;
  action: ReviewAction;
  reviewer: string | null;
  at: string;
  note: string | null;
  /** vote or adjudication under double review; null for an ordinary decision (and for additions and undos). */
  stage: string | null;
  before: { status: string; fields: Record<string, unknown> } | null;
  /** For a vote, the state it proposes; for `add` and `add-evidence`, with the span added. */
  after: { status: string; fields: Record<string, unknown>; evidence?: Evidence } | null;
}

export type DecisionResult = { ok: true; fact: StoredFact } | { ok: false; conflict: true; fact: StoredFact } | { ok: false; conflict: false; error: string };

interface Row {
  status: string;
  version: number;
  fields: string;
  type: string;
}

function row(db: Store, id: string): Row | undefined {
  return stmt(db, 'SELECT status, version, fields, type FROM facts WHERE id = ?').get(id) as Row | undefined;
}

export function factById(db: Store, id: string): StoredFact | undefined {
  return queryFacts(db, { ids: [id] })[0];
}

/** How many facts wait for a decision. */
export function pendingCount(db: Store): number {
  return countByStatus(db, ['pending']);
}

/** Facts in any of these statuses, from the counters migration 7's triggers keep (no scan of the facts). */
export function countByStatus(db: Store, statuses: readonly string[]): number {
  return stmt(db, "SELECT coalesce(sum(n), 0) FROM fact_tallies WHERE dimension = 'type' AND status IN (SELECT value FROM json_each(?))").pluck().get(JSON.stringify(statuses)) as number;
}

export function historyOf(db: Store, factId: string): HistoryEntry[] {
  const rows = stmt(db, 'SELECT id, action, reviewer, at, note, stage, before, after FROM review_history WHERE fact_id = ? ORDER BY id').all(factId) as Array<
    Omit<HistoryEntry, 'before' | 'after'> & { before: string | null; after: string | null }
  >;
  return rows.map((r) => ({ ...r, before: r.before ? JSON.parse(r.before) : null, after: r.after ? JSON.parse(r.after) : null }));
}

type State = { status: string; fields: Record<string, unknown> };
type Stage = 'vote' | 'adjudication' | null;
type Decision = { factId: string; action: Verdict; reviewer: string | null; note?: string | null; version: number; fields?: unknown };

/**
 * Applies one decision if `version` is the fact's current version. `fields` (for edit) are the
 * fact's own fields, validated by the record schema together with its evidence. With double review
 * on, a decision on a pending fact is a vote (see `vote`).
 */
export function decide(db: Store, d: Decision): DecisionResult {
  return write(db, (): DecisionResult => {
    const current = row(db, d.factId);
    if (!current) return { ok: false, conflict: false, error: `no fact ${d.factId}` };
    if (current.version !== d.version) return { ok: false, conflict: true, fact: factById(db, d.factId)! };
    let fields = JSON.parse(current.fields) as Record<string, unknown>;
    if (d.action === 'edit') {
      const stored = factById(db, d.factId)!;
      const candidate = ReviewerFact.safeParse({ ...(d.fields as object), type: current.type, evidence: stored.fact.evidence, method: stored.fact.method, confidence: stored.fact.confidence });
      if (!candidate.success) {
        return { ok: false, conflict: false, error: zodProblems(candidate.error) };
      }
      fields = factFields(candidate.data);
    }
    const status = STATUS_AFTER[d.action];
    if (current.status === 'pending' && reviewSettings(db).double) return vote(db, d, current, { status, fields });
    return record(db, d, current, { status, fields }, null);
  });
}

/**
 * A decision under double review. The first vote is recorded and the fact stays pending; a second
 * by another reviewer that agrees (the same verdict and, for an approval, the same fields) decides
 * it; one that disagrees leaves it pending with two votes, for adjudication (the version moves on,
 * so a page showing it as open for votes learns that). The decision on a disagreement is the
 * adjudication: a third reviewer's, or either voter's when the store's adjudicator is `either`.
 */
function vote(db: Store, d: Decision, current: Row, proposed: State): DecisionResult {
  if (!d.reviewer) return { ok: false, conflict: false, error: 'double review counts decisions by reviewer: give a reviewer name' };
  const votes = roundVotes(db, d.factId);
  const mine = votes.find((v) => v.reviewer === d.reviewer);
  if (votes.length >= 2) {
    if (mine && reviewSettings(db).adjudicator === 'third') {
      return { ok: false, conflict: false, error: `${d.reviewer} voted on ${d.factId} (${mine.action}); a third reviewer resolves the disagreement` };
    }
    return record(db, d, current, proposed, 'adjudication');
  }
  if (mine) return { ok: false, conflict: false, error: `${d.reviewer} already decided ${d.factId} (${mine.action} at ${mine.at}); double review needs a second reviewer` };
  const [first] = votes;
  if (!first) return record(db, d, current, proposed, 'vote', 'keep');
  const verdict = (status: string) => (status === 'rejected' ? 'reject' : 'accept');
  const agree = verdict(first.proposed.status) === verdict(proposed.status) && (proposed.status === 'rejected' || isDeepStrictEqual(first.proposed.fields, proposed.fields));
  if (!agree) return record(db, d, current, proposed, 'vote', 'version');
  // Agreed: approved as extracted, or edited when both corrected it the same way.
  const status = proposed.status === 'rejected' ? 'rejected' : isDeepStrictEqual(proposed.fields, JSON.parse(current.fields)) ? 'approved' : 'edited';
  return record(db, d, current, { status, fields: proposed.fields }, 'vote');
}

/**
 * Appends the decision to the history and, unless `change` says otherwise, applies it to the fact:
 * `keep` leaves the fact as it is (a first vote), `version` only moves its version on.
 */
function record(db: Store, d: Decision, current: Row, after: State, stage: Stage, change: 'apply' | 'keep' | 'version' = 'apply'): DecisionResult {
  const before = { status: current.status, fields: JSON.parse(current.fields) };
  const now = new Date().toISOString();
  if (change === 'apply') {
    stmt(db, 'UPDATE facts SET status = ?, fields = ?, version = version + 1, reviewed_by = ?, reviewed_at = ?, review_note = ?, updated_at = ? WHERE id = ?').run(
      after.status,
      JSON.stringify(after.fields),
      d.reviewer,
      now,
      d.note ?? null,
      now,
      d.factId,
    );
    refreshPairs(db, pairsOfFacts(db, [d.factId]));
  } else if (change === 'version') stmt(db, 'UPDATE facts SET version = version + 1, updated_at = ? WHERE id = ?').run(now, d.factId);
  stmt(db, 'INSERT INTO review_history (fact_id, action, reviewer, at, note, before, after, stage) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
    d.factId,
    d.action,
    d.reviewer,
    now,
    d.note ?? null,
    JSON.stringify(before),
    JSON.stringify(after),
    stage,
  );
  return { ok: true, fact: factById(db, d.factId)! };
}

/** Restores the state before the fact's last decision, as a new history entry. */
export function undo(db: Store, d: { factId: string; reviewer: string | null; version: number }): DecisionResult {
  return write(db, (): DecisionResult => {
    const current = row(db, d.factId);
    if (!current) return { ok: false, conflict: false, error: `no fact ${d.factId}` };
    if (current.version !== d.version) return { ok: false, conflict: true, fact: factById(db, d.factId)! };
    const last = (stmt(
      db,
      "SELECT before, after FROM review_history WHERE fact_id = ? AND action IN ('approve', 'reject', 'edit') AND id > coalesce((SELECT max(id) FROM review_history WHERE fact_id = ? AND action = 'undo'), 0) ORDER BY id DESC LIMIT 1",
    ).get(d.factId, d.factId) ?? undefined) as { before: string; after: string } | undefined;
    if (!last) return { ok: false, conflict: false, error: 'nothing to undo for this fact' };
    const restored = JSON.parse(last.before) as { status: string; fields: Record<string, unknown> };
    const now = new Date().toISOString();
    stmt(db, 'UPDATE facts SET status = ?, fields = ?, version = version + 1, reviewed_by = ?, reviewed_at = ?, updated_at = ? WHERE id = ?').run(
      restored.status,
      JSON.stringify(restored.fields),
      d.reviewer,
      now,
      now,
      d.factId,
    );
    stmt(db, "INSERT INTO review_history (fact_id, action, reviewer, at, note, before, after) VALUES (?, 'undo', ?, ?, NULL, ?, ?)").run(
      d.factId,
      d.reviewer,
      now,
      JSON.stringify({ status: current.status, fields: JSON.parse(current.fields) }),
      JSON.stringify(restored),
    );
    refreshPairs(db, pairsOfFacts(db, [d.factId]));
    return { ok: true, fact: factById(db, d.factId)! };
  });
}

/**
 * Approves every pending fact that matches and the reviewer still has to decide, in one
 * transaction; returns how many were approved (under double review: voted on, never adjudicated).
 */
export function approveAll(db: Store, filter: { documentId?: string; type?: string; minConfidence: number }, reviewer: string | null, note?: string | null): number {
  if (!filter.documentId && !filter.type) throw new RecordError('a batch approval needs a document or a type');
  return write(db, () => {
    const facts = reviewerQueue(db, reviewer, { documentId: filter.documentId, type: filter.type as Fact['type'] | undefined }).facts.filter((f) => f.fact.confidence >= filter.minConfidence);
    const why = note ?? `batch: confidence >= ${filter.minConfidence}`;
    return facts.filter((f) => decide(db, { factId: f.id, action: 'approve', reviewer, note: why, version: f.version }).ok).length;
  });
}
