/**
 * How far double reviewers agree, and how fast reviewers work, from the log of decisions.
 *
 * Agreement is measured on each fact's first two votes by different reviewers (its first round,
 * before any adjudication): rater 1 is whoever voted first, rater 2 whoever voted second, so with
 * the same two reviewers throughout it is Cohen's kappa between them. A vote is an acceptance or a
 * rejection: an edit accepts the fact with corrected fields, so it counts as an approval here
 * (whether two acceptances corrected it the same way decides the fact, not these figures).
 * Percent agreement is the share of facts with the same verdict; kappa corrects it for the agreement
 * the two raters' own rates of acceptance would give by chance, (po - pe) / (1 - pe), and is
 * undefined (null) when chance alone would agree on every fact (both accepted everything, say).
 *
 * Throughput: a reviewer's active time is the sum of the gaps between their consecutive decisions
 * (votes, adjudications and ordinary decisions alike), leaving out gaps over `idleMs` (a break);
 * decisions per hour is the number of decisions that followed a counted gap over that time. A
 * reviewer with no counted gap (a single decision, or decisions hours apart) has no rate (null).
 */
import type { DecisionRow } from '../store/double-review.ts';

export interface TypeAgreement {
  /** A fact type, or `all`. */
  type: string;
  /** Facts with two votes. */
  facts: number;
  /** Of them, those whose two votes had the same verdict. */
  agreed: number;
  /** 0–100; null without facts. */
  percent: number | null;
  kappa: number | null;
}

export interface Throughput {
  reviewer: string;
  decisions: number;
  activeMinutes: number;
  perHour: number | null;
}

export interface AgreementReport {
  byType: TypeAgreement[];
  all: TypeAgreement;
  reviewers: Throughput[];
  /** Gaps over this many minutes are breaks, not active time. */
  idleMinutes: number;
}

/** A gap between two decisions longer than this is a break. */
export const IDLE_MS = 10 * 60_000;

const accepts = (action: string) => action !== 'reject';

/** Percent agreement and Cohen's kappa over pairs of verdicts (true: accepted). */
export function kappa(type: string, pairs: Array<[boolean, boolean]>): TypeAgreement {
  const n = pairs.length;
  if (!n) return { type, facts: 0, agreed: 0, percent: null, kappa: null };
  const agreed = pairs.filter(([a, b]) => a === b).length;
  const po = agreed / n;
  const p1 = pairs.filter(([a]) => a).length / n;
  const p2 = pairs.filter(([, b]) => b).length / n;
  const pe = p1 * p2 + (1 - p1) * (1 - p2);
  return { type, facts: n, agreed, percent: 100 * po, kappa: pe === 1 ? null : (po - pe) / (1 - pe) };
}

export function agreementReport(log: DecisionRow[], idleMs = IDLE_MS): AgreementReport {
  // Each fact's first vote of each reviewer, in order; the first two reviewers make its pair.
  const votes = new Map<string, { type: string; first: Map<string, boolean> }>();
  for (const d of log) {
    if (d.stage !== 'vote' || d.reviewer === null) continue;
    const v = votes.get(d.factId) ?? { type: d.type, first: new Map<string, boolean>() };
    votes.set(d.factId, v);
    if (!v.first.has(d.reviewer)) v.first.set(d.reviewer, accepts(d.action));
  }
  const pairs = new Map<string, Array<[boolean, boolean]>>();
  for (const { type, first } of votes.values()) {
    if (first.size < 2) continue;
    const [a, b] = [...first.values()];
    if (a === undefined || b === undefined) continue; // two reviewers or more: both are there
    if (!pairs.has(type)) pairs.set(type, []);
    pairs.get(type)!.push([a, b]);
  }
  const byType = [...pairs.keys()].sort().map((type) => kappa(type, pairs.get(type)!));
  const all = kappa('all', [...pairs.values()].flat());

  const times = new Map<string, number[]>();
  for (const d of log) {
    const who = d.reviewer ?? '(unnamed)';
    if (!times.has(who)) times.set(who, []);
    times.get(who)!.push(Date.parse(d.at));
  }
  const reviewers = [...times.keys()].sort().map((reviewer): Throughput => {
    const at = times.get(reviewer)!.sort((x, y) => x - y);
    const gaps = at
      .slice(1)
      .map((t, i) => t - at[i]!) // at[i] is the time before t
      .filter((g) => g <= idleMs);
    const active = gaps.reduce((s, g) => s + g, 0);
    return { reviewer, decisions: at.length, activeMinutes: active / 60_000, perHour: active > 0 ? gaps.length / (active / 3_600_000) : null };
  });
  return { byType, all, reviewers, idleMinutes: idleMs / 60_000 };
}
