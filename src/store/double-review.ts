/**
 * Double review, read side: the votes a fact has in its current round, what a reviewer still has to
 * decide, the adjudication queue, and the log of decisions the agreement figures are computed from.
 *
 * A round is the votes since the fact's last undo: an undo starts its review afresh (the earlier
 * votes stay in the history and in the agreement figures). A pending fact with two votes in its
 * round is one whose two reviewers disagreed (two that agree decide it): it waits for adjudication.
 */
import type { FactType } from '../records.ts';
import { stmt, type Store } from './db.ts';
import { pageFacts, queryFacts, type FactFilter, type Page, type StoredFact } from './facts.ts';
import { reviewSettings } from './settings.ts';

export type Verdict = 'approve' | 'reject' | 'edit';

export interface Vote {
  reviewer: string;
  action: Verdict;
  at: string;
  /** The state the vote proposes: a status and the fact's fields (corrected ones for an edit). */
  proposed: { status: string; fields: Record<string, unknown> };
}

const SINCE_LAST_UNDO = "h.id > coalesce((SELECT max(u.id) FROM review_history u WHERE u.fact_id = h.fact_id AND u.action = 'undo'), 0)";

export function roundVotes(db: Store, factId: string): Vote[] {
  const rows = stmt(db, `SELECT reviewer, action, at, after FROM review_history h WHERE h.fact_id = ? AND h.stage = 'vote' AND ${SINCE_LAST_UNDO} ORDER BY h.id`).all(factId) as Array<
    Omit<Vote, 'proposed'> & { after: string }
  >;
  return rows.map(({ after, ...v }) => ({ ...v, proposed: JSON.parse(after) }));
}

/**
 * Pending facts with votes in their round: how many, and whether `reviewer` cast one. Read from the
 * votes (CROSS JOIN keeps them the outer loop): a large store has far more pending facts than votes.
 */
function openVotes(db: Store, reviewer: string | null): Array<{ factId: string; votes: number; mine: number }> {
  return stmt(
    db,
    `SELECT h.fact_id AS factId, count(*) AS votes, max(h.reviewer IS ?) AS mine
       FROM review_history h CROSS JOIN facts f ON f.id = h.fact_id
      WHERE h.stage = 'vote' AND f.status = 'pending' AND ${SINCE_LAST_UNDO}
      GROUP BY h.fact_id`,
  ).all(reviewer) as Array<{ factId: string; votes: number; mine: number }>;
}

/**
 * The pending facts `reviewer` still has to decide. With double review on, that leaves out the facts
 * they voted on and those waiting for adjudication; otherwise it is every pending fact.
 */
export function reviewerQueue(db: Store, reviewer: string | null, filter: FactFilter = {}, page: Page = {}): { total: number; facts: StoredFact[] } {
  const excluded = reviewSettings(db).double ? openVotes(db, reviewer).filter((o) => o.votes >= 2 || o.mine) : [];
  return pageFacts(db, { ...filter, statuses: ['pending'], excludeIds: excluded.map((o) => o.factId) }, page);
}

export interface Disagreement {
  fact: StoredFact;
  votes: Vote[];
}

/**
 * Facts whose two votes disagree, oldest first, with the votes. Given a reviewer, only those they
 * may resolve: all of them when either voter may adjudicate, else those they did not vote on.
 */
export function adjudicationQueue(db: Store, reviewer?: string | null): Disagreement[] {
  const third = reviewSettings(db).adjudicator === 'third';
  const open = openVotes(db, reviewer ?? null).filter((o) => o.votes >= 2 && !(third && reviewer !== undefined && o.mine));
  if (!open.length) return [];
  return queryFacts(db, { ids: open.map((o) => o.factId) }).map((fact) => ({ fact, votes: roundVotes(db, fact.id) }));
}

/** One approve, reject or edit from the history, in the order they were made. */
export interface DecisionRow {
  factId: string;
  type: FactType;
  reviewer: string | null;
  action: Verdict;
  /** vote, adjudication, or null for an ordinary decision. */
  stage: string | null;
  at: string;
}

export function decisionLog(db: Store): DecisionRow[] {
  return stmt(
    db,
    `SELECT h.fact_id AS factId, f.type, h.reviewer, h.action, h.stage, h.at
       FROM review_history h JOIN facts f ON f.id = h.fact_id
      WHERE h.action IN ('approve', 'reject', 'edit') ORDER BY h.id`,
  ).all() as DecisionRow[];
}
