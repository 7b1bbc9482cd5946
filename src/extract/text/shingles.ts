/**
 * Near-duplicate detection: MinHash signatures of 5-character shingles of the normalised body
 * (letters, digits and ideographs only), banded for lookup. Two bodies whose estimated Jaccard
 * similarity is at least NEAR_DUPLICATE (0.8) are one article: a mirror that added a line of
 * its own, or lost one, is still the same text. A mirror that wraps the article in its own junk
 * (a spam header, a block of related-article links, a view counter: a fifth to a third of the
 * page) falls below that; it is caught by `sameProse`, exact containment of one running text in
 * the other, checked only for candidates that share a band and look at least MAYBE_DUPLICATE alike.
 */
const SHINGLE = 5;
const HASHES = 64;
export const BANDS = 16;
const ROWS = HASHES / BANDS;
export const NEAR_DUPLICATE = 0.8;
/** Estimated similarity from which a candidate is checked exactly: two copies of one article with a third of junk each are about 0.5 alike. */
export const MAYBE_DUPLICATE = 0.4;
/** Share of the shorter running text that must lie in the longer one. */
export const CONTAINED = 0.8;
/** The shorter running text must be this share of the longer: a roundup quoting a whole release is not that release. */
export const COMPARABLE = 0.6;

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

/** Calls `each` with the hash of every shingle of the text's letters, digits and ideographs. */
function forEachShingle(text: string, each: (hash: number) => void): void {
  const body = text.replace(/[^\p{L}\p{N}]/gu, '');
  const last = Math.max(1, body.length - SHINGLE + 1);
  for (let i = 0; i < last; i++) each(fnv(body, i, Math.min(body.length, i + SHINGLE)));
}

export function minhash(normalized: string): number[] {
  const sig = new Array<number>(HASHES).fill(0xffffffff);
  forEachShingle(normalized, (h) => {
    for (const [k, seed] of SEEDS.entries()) {
      const v = mix(h, seed);
      if (v < sig[k]!) sig[k] = v; // sig has one entry per seed
    }
  });
  return sig;
}

/** Lines of running text hold a sentence end; link lists, headers, bylines and counters do not. */
const SENTENCE_END = /[。！？；!?;]/;
const MIN_PROSE = 100;

/** A text's running lines: all of it when it has too little running text (e.g. a partner table). */
export function runningText(normalized: string): string {
  const prose = normalized
    .split('\n')
    .filter((l) => SENTENCE_END.test(l))
    .join('\n');
  return prose.length >= MIN_PROSE ? prose : normalized;
}

/** The shingles of a text's running lines. */
function proseShingles(normalized: string): Set<number> {
  const set = new Set<number>();
  forEachShingle(runningText(normalized), (h) => set.add(h));
  return set;
}

/**
 * One article under different page junk: the shorter running text lies almost whole
 * (CONTAINED) in the longer, and is not much shorter than it (COMPARABLE). Two reports of one
 * event share names, not sentences, and stay apart.
 */
export function sameProse(a: string, b: string): boolean {
  const [x, y] = [proseShingles(a), proseShingles(b)];
  const [small, large] = x.size <= y.size ? [x, y] : [y, x];
  if (small.size < COMPARABLE * large.size) return false;
  let shared = 0;
  for (const h of small) if (large.has(h)) shared++;
  return shared >= CONTAINED * small.size;
}

/** One key per band: signatures sharing any band are candidates. */
export function bands(sig: number[]): string[] {
  return Array.from(
    { length: BANDS },
    (_, b) =>
      `${b}:${sig
        .slice(b * ROWS, (b + 1) * ROWS)
        .map((v) => v.toString(36))
        .join('.')}`,
  );
}

/**
 * The first two rows of each band, as a prefix of its stored key: texts only half as alike
 * (estimated similarity 0.5) share one of these with near certainty (1 - (1 - 0.5²)^16 = 0.99),
 * where a whole band (0.5⁴ each) is shared only two times in three.
 */
export function halfBandPrefixes(bandKeys: string[]): string[] {
  return bandKeys.map((k) => `${k.split('.').slice(0, 2).join('.')}.`);
}

export function similarity(a: number[], b: number[]): number {
  let same = 0;
  for (let i = 0; i < HASHES; i++) if (a[i] === b[i]) same++;
  return same / HASHES;
}
