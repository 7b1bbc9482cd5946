/**
 * Grounding a model's quote in the original text, to the character:
 * 1. `exact`: the quote is in the original as it stands;
 * 2. `normalized`: found in the normalised copy (a model often answers in simplified characters
 *    for a traditional original, or drops a PDF line break) and mapped back;
 * 3. `fuzzy`: the normalised window of the same length most like it, by edit distance, when at
 *    least FUZZY_MIN (90 %) of its characters align and the quote has at least 6 characters.
 * A quote none of these finds is not grounded, and its fact is dropped.
 */
import type { Alignment } from '../../records.ts';
import { normalize, toOriginal, type Normalized } from '../text/normalize.ts';

export const FUZZY_MIN = 0.9;
const FUZZY_MIN_LENGTH = 6;

export interface Grounded {
  start: number;
  end: number;
  quote: string;
  alignment: Alignment;
}

function squash(s: string): string {
  return normalize(s).text.replace(/\s+/g, '');
}

// prev and cur hold b.length + 1 entries; cur[j - 1] is set before cur[j]: the indices below exist.
function editDistance(a: string, b: string, limit: number): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur[j] = d;
      best = Math.min(best, d);
    }
    if (best > limit) return limit + 1;
    prev = cur;
  }
  return prev[b.length]!;
}

export function ground(quote: string, original: string, norm: Normalized): Grounded | null {
  const q = quote.trim();
  if (!q) return null;
  const exact = original.indexOf(q);
  if (exact >= 0) return { start: exact, end: exact + q.length, quote: q, alignment: 'exact' };

  // The normalised copy has no spaces inside CJK runs; compare without any white space at all.
  const flat = norm.text.replace(/\s+/g, '');
  const flatToNorm: number[] = [];
  for (let i = 0; i < norm.text.length; i++) if (!/\s/.test(norm.text.charAt(i))) flatToNorm.push(i);
  const nq = squash(q);
  if (!nq) return null;
  const span = (s: number, e: number, alignment: Alignment): Grounded => {
    // flat has one character per entry of flatToNorm, and [s, e) is a span of flat.
    const o = toOriginal(norm, flatToNorm[s]!, flatToNorm[e - 1]! + 1);
    return { ...o, quote: original.slice(o.start, o.end), alignment };
  };
  const at = flat.indexOf(nq);
  if (at >= 0) return span(at, at + nq.length, 'normalized');

  if (nq.length < FUZZY_MIN_LENGTH) return null;
  const limit = Math.floor(nq.length * (1 - FUZZY_MIN));
  let best: { s: number; e: number; d: number } | null = null;
  const anchors = new Set<number>();
  // Candidate windows start where the quote's first or last two characters occur.
  for (const probe of [nq.slice(0, 2), nq.slice(-2)]) {
    for (let i = flat.indexOf(probe); i >= 0; i = flat.indexOf(probe, i + 1)) {
      const start = probe === nq.slice(0, 2) ? i : i + 2 - nq.length;
      for (let shift = -limit; shift <= limit; shift++) anchors.add(start + shift);
    }
  }
  for (const s of anchors) {
    if (s < 0) continue;
    for (let len = nq.length - limit; len <= nq.length + limit; len++) {
      const e = s + len;
      if (e > flat.length || len <= 0) continue;
      const d = editDistance(nq, flat.slice(s, e), limit);
      if (d <= limit && (!best || d < best.d)) best = { s, e, d };
    }
  }
  if (!best) return null;
  return span(best.s, best.e, 'fuzzy');
}
