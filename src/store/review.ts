/**
 * Review decisions: approve, reject, edit-and-approve, undo. Each is checked against the fact's
 * version (two reviewers deciding the same fact do not overwrite each other silently: the second
 * gets a conflict with the current state) and appended to the review history with reviewer, time,
 * note, and the state before and after. Nothing here ever rewrites or deletes history.
 */
import { type Decision, Fact, factFields, type ReviewAction, STATUS_AFTER } from '../records.ts';
import { RecordError, zodProblems } from '../errors.ts';
import { stmt, write, type Store } from './db.ts';
import { queryFacts, type StoredFact } from './facts.ts';
import { pairsOfFacts, refreshPairs } from './relationships.ts';

export interface HistoryEntry {
  id: number;
  action: ReviewAction;
  reviewer: string | null;
  at: string;
  note: string | null;
  before: { status: string; fields: Record<string, unknown> } | null;
  after: { status: string; fields: Record<string, unknown> } | null;
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
  return (stmt(db, "SELECT count(*) AS n FROM facts WHERE status = 'pending'").get() as { n: number }).n;
}

export function historyOf(db: Store, factId: string): HistoryEntry[] {
  const rows = stmt(db, 'SELECT id, action, reviewer, at, note, before, after FROM review_history WHERE fact_id = ? ORDER BY id').all(factId) as Array<
    Omit<HistoryEntry, 'before' | 'after'> & { before: string | null; after: string | null }
  >;
  return rows.map((r) => ({ ...r, before: r.before ? JSON.parse(r.before) : null, after: r.after ? JSON.parse(r.after) : null }));
}

/**
 * Applies one decision if `version` is the fact's current version. `fields` (for edit) are the
 * fact's own fields, validated by the record schema together with its evidence.
 */
export function decide(db: Store, d: { factId: string; action: Decision; reviewer: string | null; note?: string | null; version: number; fields?: unknown }): DecisionResult {
  return write(db, (): DecisionResult => {
    const current = row(db, d.factId);
    if (!current) return { ok: false, conflict: false, error: `no fact ${d.factId}` };
    if (current.version !== d.version) return { ok: false, conflict: true, fact: factById(db, d.factId)! };
    let fields = JSON.parse(current.fields) as Record<string, unknown>;
    if (d.action === 'edit') {
      const stored = factById(db, d.factId)!;
      const candidate = Fact.safeParse({ ...(d.fields as object), type: current.type, evidence: stored.fact.evidence, method: stored.fact.method, confidence: stored.fact.confidence });
      if (!candidate.success) {
        return { ok: false, conflict: false, error: zodProblems(candidate.error) };
      }
      fields = factFields(candidate.data);
    }
    const status = STATUS_AFTER[d.action];
    const before = { status: current.status, fields: JSON.parse(current.fields) };
    const after = { status, fields };
    const now = new Date().toISOString();
    stmt(db, 'UPDATE facts SET status = ?, fields = ?, version = version + 1, reviewed_by = ?, reviewed_at = ?, review_note = ?, updated_at = ? WHERE id = ?').run(
      status,
      JSON.stringify(fields),
      d.reviewer,
      now,
      d.note ?? null,
      now,
      d.factId,
    );
    stmt(db, 'INSERT INTO review_history (fact_id, action, reviewer, at, note, before, after) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      d.factId,
      d.action,
      d.reviewer,
      now,
      d.note ?? null,
      JSON.stringify(before),
      JSON.stringify(after),
    );
    refreshPairs(db, pairsOfFacts(db, [d.factId]));
    return { ok: true, fact: factById(db, d.factId)! };
  });
}

/** Restores the state before the fact's last decision, as a new history entry. */
export function undo(db: Store, d: { factId: string; reviewer: string | null; version: number }): DecisionResult {
  return write(db, (): DecisionResult => {
    const current = row(db, d.factId);
    if (!current) return { ok: false, conflict: false, error: `no fact ${d.factId}` };
    if (current.version !== d.version) return { ok: false, conflict: true, fact: factById(db, d.factId)! };
    const last = (stmt(
      db,
      "SELECT before, after FROM review_history WHERE fact_id = ? AND action != 'undo' AND id > coalesce((SELECT max(id) FROM review_history WHERE fact_id = ? AND action = 'undo'), 0) ORDER BY id DESC LIMIT 1",
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

/** Approves every pending fact that matches, in one transaction; returns how many. */
export function approveAll(db: Store, filter: { documentId?: string; type?: string; minConfidence: number }, reviewer: string | null, note?: string | null): number {
  if (!filter.documentId && !filter.type) throw new RecordError('a batch approval needs a document or a type');
  return write(db, () => {
    const facts = queryFacts(db, { documentId: filter.documentId, type: filter.type as Fact['type'] | undefined, statuses: ['pending'] }).filter((f) => f.fact.confidence >= filter.minConfidence);
    for (const f of facts) decide(db, { factId: f.id, action: 'approve', reviewer, note: note ?? `batch: confidence >= ${filter.minConfidence}`, version: f.version });
    return facts.length;
  });
}
