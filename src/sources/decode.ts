/**
 * Bytes to text for Chinese sources: a BOM, or UTF-8 when nearly all its multi-byte sequences are
 * valid (a stray byte or a cut-off last character is replaced and reported, not a reason to read
 * the whole text in another charset); else the charset the server or the page declares, when its
 * decoding reads as Chinese (pages often declare wrongly); else chardet's guess; else whichever of
 * GB18030 (which covers GB2312 and GBK) and Big5 reads most like Chinese text.
 */
import { createRequire } from 'node:module';
import { InputError } from '../errors.ts';

/** chardet, loaded for the first text that is not UTF-8 (most never need it). */
let detector: typeof import('chardet') | undefined;
const chardet = () => (detector ??= createRequire(import.meta.url)('chardet') as typeof import('chardet'));

export type Charset = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030' | 'big5';

export interface Decoded {
  text: string;
  charset: Charset;
  /** What the reader should know about the bytes (invalid sequences replaced). */
  warnings: string[];
}

/**
 * Share of multi-byte sequences that must be valid for bytes to be UTF-8. GB18030 and Big5 text
 * read as UTF-8 is mostly invalid: a legacy two-byte character forms a valid sequence only by
 * chance, and the samples and dev articles re-encoded in either charset have at most 24 % valid
 * sequences. A UTF-8 text with a stray byte has one bad sequence among hundreds. 90 % lies far
 * from both, and still asks a short text for ten good characters per bad one.
 */
const UTF8_VALID_SHARE = 0.9;
const SHOWN_OFFSETS = 5;

/**
 * Valid multi-byte UTF-8 sequences, and the byte offset of each invalid one (a maximal invalid
 * subpart, as the WHATWG decoder counts them: each becomes one U+FFFD).
 */
function scanUtf8(bytes: Uint8Array): { valid: number; invalid: number[] } {
  let valid = 0;
  const invalid: number[] = [];
  let need = 0;
  let seen = 0;
  let lower = 0x80;
  let upper = 0xbf;
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!; // i < bytes.length
    if (need === 0) {
      if (b <= 0x7f) continue;
      start = i;
      if (b >= 0xc2 && b <= 0xdf) need = 1;
      else if (b >= 0xe0 && b <= 0xef) {
        need = 2;
        if (b === 0xe0) lower = 0xa0;
        if (b === 0xed) upper = 0x9f;
      } else if (b >= 0xf0 && b <= 0xf4) {
        need = 3;
        if (b === 0xf0) lower = 0x90;
        if (b === 0xf4) upper = 0x8f;
      } else invalid.push(i);
      continue;
    }
    if (b < lower || b > upper) {
      // The sequence so far is invalid; this byte starts afresh.
      invalid.push(start);
      need = seen = 0;
      lower = 0x80;
      upper = 0xbf;
      i--;
      continue;
    }
    lower = 0x80;
    upper = 0xbf;
    if (++seen === need) {
      valid++;
      need = seen = 0;
    }
  }
  if (need > 0) invalid.push(start);
  return { valid, invalid };
}

/** UTF-8 with replacement characters, when the bytes are overwhelmingly UTF-8; else null. */
function lenientUtf8(bytes: Uint8Array, offset: number): Decoded | null {
  const { valid, invalid } = scanUtf8(bytes);
  if (invalid.length > 0 && valid < UTF8_VALID_SHARE * (valid + invalid.length)) return null;
  const text = new TextDecoder('utf-8').decode(bytes);
  if (invalid.length === 0) return { text, charset: 'utf-8', warnings: [] };
  const shown = invalid
    .slice(0, SHOWN_OFFSETS)
    .map((o) => o + offset)
    .join(', ');
  const more = invalid.length > SHOWN_OFFSETS ? `, … (${invalid.length} in all)` : '';
  const what = invalid.length === 1 ? 'an invalid UTF-8 sequence at byte' : `${invalid.length} invalid UTF-8 sequences at bytes`;
  return { text, charset: 'utf-8', warnings: [`${what} ${shown}${more}, replaced with U+FFFD (the source is damaged there)`] };
}

/** A NUL byte or many control bytes: not text in any charset we read. */
function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 8192);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!; // n <= bytes.length
    if (b === 0) return true;
    if (b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b)) control++;
  }
  return control > n * 0.02;
}

/** How Chinese a decoding reads: common CJK ideographs count for, replacement and rare characters against. */
function plausibility(text: string): number {
  let score = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0xfffd) score -= 10;
    else if (c >= 0x4e00 && c <= 0x9fff) score += 1;
    else if (c >= 0xe000 && c <= 0xf8ff)
      score -= 5; // private use: a wrong guess
    else if ((c >= 0x3400 && c <= 0x4dbf) || (c >= 0xd800 && c <= 0xdfff)) score -= 2; // rare extension characters
  }
  return score / Math.max(1, text.length);
}

export function decode(bytes: Uint8Array, input: string, declared?: string | null): Decoded {
  if (bytes.length === 0) throw new InputError(input, 'the file is empty');
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), charset: 'utf-16le', warnings: [] };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), charset: 'utf-16be', warnings: [] };
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  if (!bom && looksBinary(bytes)) throw new InputError(input, 'looks like a binary file, not text (it holds NUL or control bytes)');
  const utf8 = lenientUtf8(bytes.subarray(bom), bom);
  if (utf8 || bom) return utf8 ?? { text: new TextDecoder('utf-8').decode(bytes.subarray(bom)), charset: 'utf-8', warnings: ['declared UTF-8 by its byte order mark, but mostly invalid UTF-8'] };
  // Not UTF-8: one of the legacy Chinese encodings.
  const decoded = (['gb18030', 'big5'] as const).map((charset) => {
    const text = new TextDecoder(charset).decode(bytes);
    return { text, charset, score: plausibility(text) };
  });
  decoded.sort((a, b) => b.score - a.score);
  const best = decoded[0]!; // one decoding per charset
  if (best.score <= 0) throw new InputError(input, 'is neither UTF-8 nor readable as GB18030 or Big5');
  // A declared or detected charset is trusted unless its decoding reads clearly worse than the best.
  for (const hint of [legacyLabel(declared), legacyLabel(chardet().detect(bytes))]) {
    const chosen = decoded.find((d) => d.charset === hint);
    if (chosen && chosen.score >= best.score * 0.9) return { text: chosen.text, charset: chosen.charset, warnings: [] };
  }
  return { text: best.text, charset: best.charset, warnings: [] };
}

/** gb2312, GBK, GB18030 → gb18030; Big5 (and Big5-HKSCS) → big5; anything else → null. */
function legacyLabel(label: string | null | undefined): 'gb18030' | 'big5' | null {
  const l = label?.toLowerCase().trim();
  if (!l) return null;
  if (/^(?:gb2312|gbk|x-gbk|gb_2312-80|gb18030|euc-cn|cp936)$/.test(l)) return 'gb18030';
  if (/^(?:big5|big5-hkscs|x-x-big5|cp950)$/.test(l)) return 'big5';
  return null;
}
