/**
 * Near-duplicate detection: MinHash signatures of 5-character shingles of the normalised body
 * (letters, digits and ideographs only), banded for lookup. Two bodies whose estimated Jaccard
 * similarity is at least NEAR_DUPLICATE (0.8) are one article: a mirror that added a line of
 * its own, or lost one, is still the same text.
 */
const SHINGLE = 5;
const HASHES = 64;
export const BANDS = 16;
const ROWS = HASHES / BANDS;
export const NEAR_DUPLICATE = 0.8;

const SEEDS = Array.from({ length: HASHES }, (_, i) => (Math.imul(i + 1, 0x9e3779b1) ^ 0x85ebca6b) >>> 0);

function fnv(s: string, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function mix(h: number, seed: number): number {
  let x = (h ^ seed) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

export function minhash(normalized: string): number[] {
  const body = normalized.replace(/[^\p{L}\p{N}]/gu, '');
  const sig = new Array<number>(HASHES).fill(0xffffffff);
  const last = Math.max(1, body.length - SHINGLE + 1);
  for (let i = 0; i < last; i++) {
    const h = fnv(body, i, Math.min(body.length, i + SHINGLE));
    for (let k = 0; k < HASHES; k++) {
      const v = mix(h, SEEDS[k]);
      if (v < sig[k]) sig[k] = v;
    }
  }
  return sig;
}

/** One key per band: signatures sharing any band are candidates. */
export function bands(sig: number[]): string[] {
  return Array.from({ length: BANDS }, (_, b) => `${b}:${sig.slice(b * ROWS, (b + 1) * ROWS).map((v) => v.toString(36)).join('.')}`);
}

export function similarity(a: number[], b: number[]): number {
  let same = 0;
  for (let i = 0; i < HASHES; i++) if (a[i] === b[i]) same++;
  return same / HASHES;
}
