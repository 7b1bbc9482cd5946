/**
 * Bytes to text for Chinese sources (and the Japanese and Korean releases of partner cities): a
 * BOM, or UTF-8 when nearly all its multi-byte sequences are valid (a stray byte or a cut-off last
 * character is replaced and reported, not a reason to read the whole text in another charset);
 * else the charset the server or the page declares, when its decoding reads as CJK text (pages
 * often declare wrongly); else chardet's guess; else whichever of GB18030 (which covers GB2312 and
 * GBK) and Big5 reads most like Chinese text. Stray NUL bytes are dropped, and private-use and
 * replacement characters left in the text are counted in a warning.
 */
import { damage } from '../extract/text/damaged.ts';
import { createRequire } from 'node:module';
import { InputError } from '../errors.ts';
import { HKSCS_FROM_PUA } from './hkscs.ts';

/** chardet, loaded for the first text that is not UTF-8 (most never need it). */
let detector: typeof import('chardet') | undefined;
const chardet = () => (detector ??= createRequire(import.meta.url)('chardet') as typeof import('chardet'));

/** The legacy charsets read, by the language they are written for. */
const LEGACY = { gb18030: 'zh', big5: 'zh', shift_jis: 'ja', 'euc-jp': 'ja', 'euc-kr': 'ko' } as const;
type Legacy = keyof typeof LEGACY;
export type Charset = 'utf-8' | 'utf-16le' | 'utf-16be' | Legacy;

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
function lenientUtf8(bytes: Uint8Array, offset: number): (Decoded & { replaced: number }) | null {
  const { valid, invalid } = scanUtf8(bytes);
  if (invalid.length > 0 && valid < UTF8_VALID_SHARE * (valid + invalid.length)) return null;
  const text = new TextDecoder('utf-8').decode(bytes);
  if (invalid.length === 0) return { text, charset: 'utf-8', warnings: [], replaced: 0 };
  const shown = invalid
    .slice(0, SHOWN_OFFSETS)
    .map((o) => o + offset)
    .join(', ');
  const more = invalid.length > SHOWN_OFFSETS ? `, … (${invalid.length} in all)` : '';
  const what = invalid.length === 1 ? 'an invalid UTF-8 sequence at byte' : `${invalid.length} invalid UTF-8 sequences at bytes`;
  return { text, charset: 'utf-8', warnings: [`${what} ${shown}${more}, replaced with U+FFFD (the source is damaged there)`], replaced: invalid.length };
}

/**
 * NUL bytes in a text: a few are damage (a bad copy, a stray terminator) and are dropped; more
 * than one in a thousand, or many other control bytes, make it binary, not text in any charset we
 * read (UTF-16 without a BOM is half NULs).
 */
function nulBytes(bytes: Uint8Array): number | 'binary' {
  let nul = 0;
  let control = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!; // i < bytes.length
    if (b === 0) nul++;
    else if (b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b)) control++;
  }
  return nul > bytes.length * 0.001 || control > bytes.length * 0.02 ? 'binary' : nul;
}

/** How Chinese a decoding reads: common CJK ideographs count for, replacement and rare characters against. */
function plausibility(text: string): number {
  let score = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0xfffd) score -= 10;
    else if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3041 && c <= 0x30ff) || (c >= 0xac00 && c <= 0xd7a3))
      score += 1; // ideographs, kana, hangul
    else if (c >= 0xe000 && c <= 0xf8ff)
      score -= 5; // private use: a wrong guess
    else if ((c >= 0x3400 && c <= 0x4dbf) || (c >= 0xd800 && c <= 0xdfff)) score -= 2; // rare extension characters
  }
  return score / Math.max(1, text.length);
}

export function decode(bytes: Uint8Array, input: string, declared?: string | null): Decoded {
  if (bytes.length === 0) throw new InputError(input, 'the file is empty');
  const d = decodeBytes(bytes, input, declared);
  const nul = d.charset.startsWith('utf-16') ? 0 : (d.text.match(/\0/g)?.length ?? 0);
  // In every charset read here but UTF-16, a NUL byte is a NUL character and nothing else.
  const text = nul ? d.text.replace(/\0/g, '') : d.text;
  const warnings = [...d.warnings];
  if (nul) warnings.push(`${nul} NUL byte${nul === 1 ? '' : 's'} dropped (the source is damaged there)`);
  const odd = oddCharacters(text, d.replaced);
  if (odd) warnings.push(odd);
  return { text, charset: d.charset, warnings };
}

/** The text, and how many invalid UTF-8 sequences its warnings already name as replaced. */
function decodeBytes(bytes: Uint8Array, input: string, declared?: string | null): Decoded & { replaced?: number } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), charset: 'utf-16le', warnings: [] };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), charset: 'utf-16be', warnings: [] };
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  if (!bom && nulBytes(bytes) === 'binary') throw new InputError(input, 'looks like a binary file, not text (it holds NUL or control bytes)');
  const utf8 = lenientUtf8(bytes.subarray(bom), bom);
  if (utf8 || bom) return utf8 ?? { text: new TextDecoder('utf-8').decode(bytes.subarray(bom)), charset: 'utf-8', warnings: ['declared UTF-8 by its byte order mark, but mostly invalid UTF-8'] };
  // Not UTF-8: a legacy CJK encoding. Chinese ones compete on how Chinese they read; a Japanese or
  // Korean one, whose two-byte rows overlap GB2312's, only when declared or detected.
  const decodings = new Map<Legacy, { text: string; score: number }>();
  const decoded = (charset: Legacy) => {
    let d = decodings.get(charset);
    if (!d) {
      const text = legacyText(bytes, charset);
      decodings.set(charset, (d = { text, score: plausibility(text) }));
    }
    return d;
  };
  const best = (['gb18030', 'big5'] as const).map((charset) => ({ charset, ...decoded(charset) })).sort((a, b) => b.score - a.score)[0]!;
  const guess = chardet().analyse(bytes)[0];
  const detected = legacyLabel(guess?.name);
  // A declared or detected charset is trusted unless its decoding reads clearly worse than the
  // best Chinese one; a declared one is not when chardet is confident the text is in another language.
  const hints = [legacyLabel(declared), detected].filter((h): h is Legacy => h !== null);
  for (const hint of hints) {
    if (hint !== detected && detected && LEGACY[hint] !== LEGACY[detected] && guess!.confidence >= 50) continue;
    const chosen = decoded(hint);
    if (chosen.score > 0 && chosen.score >= best.score * 0.9) return { text: chosen.text, charset: hint, warnings: [] };
  }
  if (best.score <= 0) throw new InputError(input, `is neither UTF-8 nor readable as ${Object.keys(LEGACY).join(', ')}${guess ? ` (it looks like ${guess.name})` : ''}`);
  return { text: best.text, charset: best.charset, warnings: [] };
}

/** Node's Big5 decoder (ICU's) gives the HKSCS characters (綫, 邨, 𡃁) as private-use ones: the map puts them back. */
let hkscs: Map<string, string> | undefined;
function legacyText(bytes: Uint8Array, charset: Legacy): string {
  const text = new TextDecoder(charset).decode(bytes);
  if (charset !== 'big5' || !/[\ue000-\uf8ff]/.test(text)) return text;
  hkscs ??= new Map(Array.from(HKSCS_FROM_PUA.matchAll(/([\ue000-\uf8ff])([^\ue000-\uf8ff]+)/g), (m) => [m[1]!, m[2]!]));
  return text.replace(/[\ue000-\uf8ff]/g, (c) => hkscs!.get(c) ?? c);
}

/**
 * Private-use characters (a charset's extension we could not map, or a font's) and replacement
 * characters beyond the `reported` invalid UTF-8 sequences: counted, for a warning; else null.
 */
export function oddCharacters(text: string, reported = 0): string | null {
  const { privateUse: pua, replacement } = damage(text);
  const fffd = replacement - reported;
  const parts = [
    pua ? `${pua} private-use character${pua === 1 ? '' : 's'} (a character set or font this tool cannot map)` : '',
    fffd > 0 ? `${fffd} replacement character${fffd === 1 ? '' : 's'} (U+FFFD, lost before the text came here)` : '',
  ].filter(Boolean);
  return parts.length ? `the text holds ${parts.join(' and ')}` : null;
}

/** gb2312, GBK, GB18030 → gb18030; Big5 (and Big5-HKSCS) → big5; Shift_JIS, EUC-JP, EUC-KR by their names; anything else → null. */
function legacyLabel(label: string | null | undefined): Legacy | null {
  const l = label?.toLowerCase().trim();
  if (!l) return null;
  if (/^(?:gb2312|gbk|x-gbk|gb_2312-80|gb18030|euc-cn|cp936)$/.test(l)) return 'gb18030';
  if (/^(?:big5|big5-hkscs|x-x-big5|cp950)$/.test(l)) return 'big5';
  if (/^(?:shift[_-]jis|sjis|x-sjis|ms_kanji|windows-31j|cp932)$/.test(l)) return 'shift_jis';
  if (/^(?:euc-jp|x-euc-jp)$/.test(l)) return 'euc-jp';
  if (/^(?:euc-kr|ks_c_5601-1987|cp949|windows-949)$/.test(l)) return 'euc-kr';
  return null;
}
