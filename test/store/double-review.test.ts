/** Double review: two different reviewers per fact, disagreements adjudicated, all in the history. */
import { describe, expect, it } from 'vitest';
import { adjudicationQueue, reviewerQueue, roundVotes } from '../../src/store/double-review.ts';
import { factFields } from '../../src/records.ts';
import { queryFacts, type StoredFact } from '../../src/store/facts.ts';
import { addManualFact } from '../../src/store/manual.ts';
import { approveAll, decide, factById, historyOf, undo } from '../../src/store/review.ts';
import { reviewSettings, setReviewSettings } from '../../src/store/settings.ts';
import type { Store } from '../../src/store/db.ts';
import { ARTICLE_ID, articleStore, spanOf } from '../support/review-store.ts';

function doubleStore(adjudicator: 'third' | 'either' = 'third') {
  const { db, path } = articleStore();
  expect(reviewSettings(db)).toEqual({ double: false, adjudicator: 'third' });
  setReviewSettings(db, { double: true, adjudicator });
  return { db, path, facts: queryFacts(db) };
}

const queueOf = (db: Store, reviewer: string) => reviewerQueue(db, reviewer).facts.map((f) => f.id);
const as = (db: Store, f: StoredFact, reviewer: string | null, action: 'approve' | 'reject' | 'edit', fields?: unknown) =>
  decide(db, { factId: f.id, action, reviewer, version: factById(db, f.id)!.version, fields });

describe('double review', () => {
  it('keeps the setting in the store', () => {
    const { db, path } = doubleStore('either');
    db.close();
    const { db: again } = articleStore(path);
    expect(reviewSettings(again)).toEqual({ double: true, adjudicator: 'either' });
    expect(setReviewSettings(again, { double: false })).toEqual({ double: false, adjudicator: 'either' });
    again.close();
  });

  it('two agreeing reviewers decide a fact; the first vote alone leaves it pending', () => {
    const { db, facts } = doubleStore();
    const f = facts[0]!;
    const first = as(db, f, 'li', 'approve');
    expect(first.ok && first.fact).toMatchObject({ status: 'pending', version: f.version });
    expect(queueOf(db, 'li')).not.toContain(f.id);
    expect(queueOf(db, 'wang')).toContain(f.id);
    const second = as(db, f, 'wang', 'approve');
    expect(second.ok && second.fact).toMatchObject({ status: 'approved', version: f.version + 1 });
    expect(queueOf(db, 'zhao')).not.toContain(f.id);
    expect(historyOf(db, f.id).map((h) => [h.action, h.reviewer, h.stage, h.before?.status, h.after?.status])).toEqual([
      ['approve', 'li', 'vote', 'pending', 'approved'],
      ['approve', 'wang', 'vote', 'pending', 'approved'],
    ]);
    // Two rejections decide too.
    const g = facts[1]!;
    as(db, g, 'li', 'reject');
    expect(as(db, g, 'wang', 'reject')).toMatchObject({ ok: true, fact: { status: 'rejected' } });
    db.close();
  });

  it('refuses a reviewer who would be the second on their own first decision, and an unnamed one', () => {
    const { db, facts } = doubleStore();
    const f = facts[0]!;
    as(db, f, 'li', 'approve');
    const again = as(db, f, 'li', 'approve');
    expect(again).toMatchObject({ ok: false, conflict: false });
    expect(!again.ok && !again.conflict && again.error).toMatch(new RegExp(`^li already decided ${f.id} \\(approve at .+\\); double review needs a second reviewer$`));
    expect(as(db, f, 'li', 'reject')).toMatchObject({ ok: false });
    expect(as(db, f, null, 'approve')).toMatchObject({ ok: false, error: 'double review counts decisions by reviewer: give a reviewer name' });
    expect(factById(db, f.id)!.status).toBe('pending');
    expect(historyOf(db, f.id)).toHaveLength(1);
    db.close();
  });

  it('sends a disagreement to adjudication, which a third reviewer resolves; the history holds every step', () => {
    const { db, facts } = doubleStore();
    const [f, other] = facts as [StoredFact, StoredFact];
    as(db, f, 'li', 'approve');
    const stale = factById(db, f.id)!.version;
    expect(as(db, f, 'wang', 'reject')).toMatchObject({ ok: true, fact: { status: 'pending', version: stale + 1 } });
    // Open for adjudication, and for nobody's vote.
    expect(adjudicationQueue(db).map((d) => [d.fact.id, d.votes.map((v) => [v.reviewer, v.action])])).toEqual([
      [
        f.id,
        [
          ['li', 'approve'],
          ['wang', 'reject'],
        ],
      ],
    ]);
    for (const r of ['li', 'wang', 'zhao']) expect(queueOf(db, r)).not.toContain(f.id);
    expect(queueOf(db, 'zhao')).toContain(other.id);
    expect(adjudicationQueue(db, 'li')).toEqual([]);
    expect(adjudicationQueue(db, 'zhao')).toHaveLength(1);
    // A page that showed the fact before the disagreement learns of it.
    expect(decide(db, { factId: f.id, action: 'approve', reviewer: 'zhao', version: stale })).toMatchObject({ ok: false, conflict: true });
    expect(as(db, f, 'li', 'approve')).toMatchObject({ ok: false, error: `li voted on ${f.id} (approve); a third reviewer resolves the disagreement` });
    expect(as(db, f, 'zhao', 'reject')).toMatchObject({ ok: true, fact: { status: 'rejected' } });
    expect(adjudicationQueue(db)).toEqual([]);
    expect(historyOf(db, f.id).map((h) => [h.action, h.reviewer, h.stage, h.after?.status])).toEqual([
      ['approve', 'li', 'vote', 'approved'],
      ['reject', 'wang', 'vote', 'rejected'],
      ['reject', 'zhao', 'adjudication', 'rejected'],
    ]);
    db.close();
  });

  it('lets either voter adjudicate when the store says so', () => {
    const { db, facts } = doubleStore('either');
    const f = facts[0]!;
    as(db, f, 'li', 'approve');
    as(db, f, 'wang', 'reject');
    expect(adjudicationQueue(db, 'li')).toHaveLength(1);
    expect(as(db, f, 'li', 'approve')).toMatchObject({ ok: true, fact: { status: 'approved' } });
    expect(historyOf(db, f.id).at(-1)).toMatchObject({ reviewer: 'li', stage: 'adjudication' });
    db.close();
  });

  it('counts two edits as agreeing only when they correct the fact the same way', () => {
    const { db, facts } = doubleStore();
    const pair = facts.find((f) => f.fact.type === 'city_pair')!;
    const corrected = { ...factFields(pair.fact), since: '1998-10' };
    as(db, pair, 'li', 'edit', corrected);
    expect(as(db, pair, 'wang', 'edit', corrected)).toMatchObject({ ok: true, fact: { status: 'edited', fact: { since: '1998-10' } } });
    const count = facts.find((f) => f.fact.type === 'count')!;
    as(db, count, 'li', 'edit', { ...factFields(count.fact), holder: null });
    as(db, count, 'wang', 'approve');
    expect(factById(db, count.id)!.status).toBe('pending');
    expect(adjudicationQueue(db).map((d) => d.fact.id)).toEqual([count.id]);
    // An invalid edit is no vote.
    const date = facts.find((f) => f.fact.type === 'date')!;
    expect(as(db, date, 'li', 'edit', { ...factFields(date.fact), start: 'soon' })).toMatchObject({ ok: false, conflict: false });
    expect(roundVotes(db, date.id)).toEqual([]);
    db.close();
  });

  it("an undo starts the fact's review afresh", () => {
    const { db, facts } = doubleStore();
    const f = facts[0]!;
    as(db, f, 'li', 'approve');
    as(db, f, 'wang', 'approve');
    expect(undo(db, { factId: f.id, reviewer: 'wang', version: factById(db, f.id)!.version })).toMatchObject({ ok: true, fact: { status: 'pending' } });
    expect(roundVotes(db, f.id)).toEqual([]);
    expect(queueOf(db, 'li')).toContain(f.id);
    as(db, f, 'li', 'reject');
    expect(as(db, f, 'wang', 'reject')).toMatchObject({ ok: true, fact: { status: 'rejected' } });
    db.close();
  });

  it("makes a batch approval each reviewer's votes, counted once, and never an adjudication", () => {
    const { db, facts } = doubleStore();
    const disputed = facts[0]!;
    as(db, disputed, 'li', 'reject');
    as(db, disputed, 'wang', 'approve');
    const batch = (reviewer: string | null) => approveAll(db, { documentId: ARTICLE_ID, minConfidence: 0 }, reviewer);
    expect(batch('li')).toBe(facts.length - 1);
    expect(batch('li')).toBe(0);
    expect(batch(null)).toBe(0);
    expect(queryFacts(db, { statuses: ['pending'] })).toHaveLength(facts.length);
    expect(batch('zhao')).toBe(facts.length - 1);
    expect(queryFacts(db, { statuses: ['approved'] })).toHaveLength(facts.length - 1);
    expect(adjudicationQueue(db).map((d) => d.fact.id)).toEqual([disputed.id]);
    db.close();
  });

  it("counts a manual fact as its author's vote: a second reviewer decides it", () => {
    const { db } = doubleStore();
    const fields = { a: { name: '安吉', country: '中国' }, b: { name: '轻井泽', country: '日本' }, relation: 'unspecified', since: null };
    const span = spanOf('安吉县同轻井泽町的交往');
    expect(() => addManualFact(db, { documentId: ARTICLE_ID, type: 'city_pair', span, fields, reviewer: null })).toThrow('double review counts decisions by reviewer: give a reviewer name');
    const { fact } = addManualFact(db, { documentId: ARTICLE_ID, type: 'city_pair', span, fields, reviewer: 'li' });
    expect(fact.status).toBe('pending');
    expect(queueOf(db, 'li')).not.toContain(fact.id);
    expect(as(db, fact, 'wang', 'approve')).toMatchObject({ ok: true, fact: { status: 'approved', fact: { method: 'manual' } } });
    expect(historyOf(db, fact.id).map((h) => [h.action, h.reviewer, h.stage])).toEqual([
      ['add', 'li', null],
      ['approve', 'li', 'vote'],
      ['approve', 'wang', 'vote'],
    ]);
    db.close();
  });
});
