/**
 * Bytes to text for Chinese sources: a BOM or strict UTF-8 first; else the charset the server or
 * the page declares, when its decoding reads as Chinese (pages often declare wrongly); else
 * chardet's guess; else whichever of GB18030 (which covers GB2312 and GBK) and Big5 reads most
 * like Chinese text.
 */
import chardet from 'chardet';
import { InputError } from '../errors.ts';

export type Charset = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030' | 'big5';

export interface Decoded {
  text: string;
  charset: Charset;
}

/** A NUL byte or many control bytes: not text in any charset we read. */
function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 8192);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
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
    else if (c >= 0xe000 && c <= 0xf8ff) score -= 5; // private use: a wrong guess
    else if ((c >= 0x3400 && c <= 0x4dbf) || (c >= 0xd800 && c <= 0xdfff)) score -= 2; // rare extension characters
  }
  return score / Math.max(1, text.length);
}

export function decode(bytes: Uint8Array, input: string, declared?: string | null): Decoded {
  if (bytes.length === 0) throw new InputError(input, 'the file is empty');
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), charset: 'utf-8' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), charset: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), charset: 'utf-16be' };
  if (looksBinary(bytes)) throw new InputError(input, 'looks like a binary file, not text (it holds NUL or control bytes)');
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), charset: 'utf-8' };
  } catch {
    // not UTF-8: one of the legacy Chinese encodings
  }
  const decoded = (['gb18030', 'big5'] as const).map((charset) => {
    const text = new TextDecoder(charset).decode(bytes);
    return { text, charset, score: plausibility(text) };
  });
  decoded.sort((a, b) => b.score - a.score);
  const best = decoded[0];
  if (best.score <= 0) throw new InputError(input, 'is neither UTF-8 nor readable as GB18030 or Big5');
  // A declared or detected charset is trusted unless its decoding reads clearly worse than the best.
  for (const hint of [legacyLabel(declared), legacyLabel(chardet.detect(bytes))]) {
    const chosen = decoded.find((d) => d.charset === hint);
    if (chosen && chosen.score >= best.score * 0.9) return { text: chosen.text, charset: chosen.charset };
  }
  return { text: best.text, charset: best.charset };
}

/** gb2312, GBK, GB18030 → gb18030; Big5 (and Big5-HKSCS) → big5; anything else → null. */
function legacyLabel(label: string | null | undefined): 'gb18030' | 'big5' | null {
  const l = label?.toLowerCase().trim();
  if (!l) return null;
  if (/^(?:gb2312|gbk|x-gbk|gb_2312-80|gb18030|euc-cn|cp936)$/.test(l)) return 'gb18030';
  if (/^(?:big5|big5-hkscs|x-x-big5|cp950)$/.test(l)) return 'big5';
  return null;
}
