/** Agreement between double reviewers and their throughput: a scripted session checked against figures computed here. */
import { describe, expect, it } from 'vitest';
import { agreementReport } from '../../src/query/agreement.ts';
import { factFields, FACT_TYPES } from '../../src/records.ts';
import { openStore } from '../../src/store/db.ts';
import { decisionLog, type DecisionRow } from '../../src/store/double-review.ts';
import { queryFacts } from '../../src/store/facts.ts';
import { decide, factById } from '../../src/store/review.ts';
import { setReviewSettings } from '../../src/store/settings.ts';
import { ALL_TEXTS } from '../support/samples.ts';
import { store, tempDbPath } from '../support/review-store.ts';

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/** Cohen's kappa from a 2×2 table of (first, second) verdicts: both accept, accept/reject, reject/accept, both reject. */
function cohen(t: { aa: number; ar: number; ra: number; rr: number }): { n: number; percent: number; kappa: number } {
  const n = t.aa + t.ar + t.ra + t.rr;
  const po = (t.aa + t.rr) / n;
  const pe = ((t.aa + t.ar) * (t.aa + t.ra) + (t.ra + t.rr) * (t.ar + t.rr)) / (n * n);
  return { n, percent: 100 * po, kappa: (po - pe) / (1 - pe) };
}

describe('agreement', () => {
  it('a scripted two-reviewer session gives the percent agreement and kappa computed independently, per type', () => {
    const db = openStore(tempDbPath());
    for (const text of ALL_TEXTS.slice(0, 6)) store(db, text, `doc-${ALL_TEXTS.indexOf(text)}.txt`);
    setReviewSettings(db, { double: true });
    const r = random(15);
    const tables = new Map<string, { aa: number; ar: number; ra: number; rr: number }>();
    const facts = queryFacts(db);
    expect(facts.length).toBeGreaterThan(60);
    for (const f of facts) {
      // li approves, edits (an approval with corrected fields) or rejects; wang often agrees.
      const first = r() < 0.65 ? 'approve' : r() < 0.4 ? 'edit' : 'reject';
      const second = r() < 0.75 ? (first === 'reject' ? 'reject' : 'approve') : first === 'reject' ? 'approve' : 'reject';
      for (const [reviewer, action] of [
        ['li', first],
        ['wang', second],
      ] as const) {
        const d = decide(db, { factId: f.id, action, reviewer, version: factById(db, f.id)!.version, fields: action === 'edit' ? factFields(f.fact) : undefined });
        expect(d.ok).toBe(true);
      }
      const t = tables.get(f.fact.type) ?? { aa: 0, ar: 0, ra: 0, rr: 0 };
      const key = `${first === 'reject' ? 'r' : 'a'}${second === 'reject' ? 'r' : 'a'}` as 'aa';
      t[key]++;
      tables.set(f.fact.type, t);
    }
    // A third reviewer adjudicates some disagreements: not a vote, no change to the figures.
    for (const f of facts.slice(0, 10)) if (factById(db, f.id)!.status === 'pending') decide(db, { factId: f.id, action: 'approve', reviewer: 'zhao', version: factById(db, f.id)!.version });

    const report = agreementReport(decisionLog(db));
    expect(report.byType.map((t) => t.type)).toEqual(FACT_TYPES.filter((t) => tables.has(t)).sort());
    for (const t of report.byType) {
      const expected = cohen(tables.get(t.type)!);
      expect(t.facts).toBe(expected.n);
      expect(t.percent).toBeCloseTo(expected.percent, 9);
      expect(t.kappa).toBeCloseTo(expected.kappa, 9);
    }
    const pooled = [...tables.values()].reduce((s, t) => ({ aa: s.aa + t.aa, ar: s.ar + t.ar, ra: s.ra + t.ra, rr: s.rr + t.rr }));
    expect(report.all.facts).toBe(facts.length);
    expect(report.all.kappa).toBeCloseTo(cohen(pooled).kappa, 9);
    expect(report.reviewers.map((p) => [p.reviewer, p.decisions])).toEqual([
      ['li', facts.length],
      ['wang', facts.length],
      ['zhao', expect.any(Number)],
    ]);
    db.close();
  });

  it('kappa is undefined when chance alone agrees on everything, and no facts give no figures', () => {
    const votes = (factId: string, a: string, b: string): DecisionRow[] => [
      { factId, type: 'count', reviewer: 'li', action: a as 'approve', stage: 'vote', at: '2025-01-01T00:00:00Z' },
      { factId, type: 'count', reviewer: 'wang', action: b as 'approve', stage: 'vote', at: '2025-01-01T00:01:00Z' },
    ];
    const all = agreementReport([...votes('1', 'approve', 'edit'), ...votes('2', 'approve', 'approve')]);
    expect(all.byType).toEqual([{ type: 'count', facts: 2, agreed: 2, percent: 100, kappa: null }]);
    expect(agreementReport([]).all).toEqual({ type: 'all', facts: 0, agreed: 0, percent: null, kappa: null });
    // One vote, or votes by one reviewer, make no pair.
    expect(agreementReport([votes('3', 'approve', 'reject')[0]!]).byType).toEqual([]);
  });

  it('throughput: decisions per hour over the time between decisions, pauses over ten minutes left out', () => {
    const at = (minute: number, reviewer = 'li'): DecisionRow => ({
      factId: String(minute),
      type: 'date',
      reviewer,
      action: 'approve',
      stage: null,
      at: new Date(Date.UTC(2025, 0, 1, 9, minute)).toISOString(),
    });
    // 0, 1, 2, 4 (gaps 1, 1, 2), a break of 56 minutes, then 60, 63 (gap 3): 4 decisions in 7 minutes.
    const report = agreementReport([at(0), at(1), at(2), at(4), at(60), at(63), at(5, 'wang')]);
    expect(report.reviewers).toEqual([
      { reviewer: 'li', decisions: 6, activeMinutes: 7, perHour: (4 / 7) * 60 },
      { reviewer: 'wang', decisions: 1, activeMinutes: 0, perHour: null },
    ]);
  });
});
