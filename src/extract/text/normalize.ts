/**
 * The normalised copy of a document that the rules match against, with a map back to the
 * original. Every normalised code unit comes from exactly one original code unit (whitespace
 * is dropped or folded, never invented), so a normalised span [s, e) is the original span
 * [origin[s], origin[e - 1] + 1).
 */
import { simplifyCode, toSimplified } from './script.ts';

/** Bumped whenever normalisation changes, so that stored offset maps are rebuilt the same way. */
export const NORMALIZER_VERSION = 'norm-2';

export interface Normalized {
  /** Simplified, full-width digits and letters as ASCII, PDF breaks and spaces inside CJK runs removed. */
  text: string;
  /** origin[i] is the index in the original text of normalised code unit i. */
  origin: Int32Array;
}

/**
 * A break is a wrap inside a sentence when the line before it is running text that has not
 * ended: it holds sentence punctuation, or is at least this long without any (headings are
 * shorter and unpunctuated). The first line is the headline and is never joined.
 */
const WRAPPED_LINE_MIN = 40;
const SENTENCE_PUNCT = new Set('，,、。；;：:'.split('').map((c) => c.charCodeAt(0)));

const TERMINAL = new Set('。！？!?；;…」』”’"）)】》：:'.split('').map((c) => c.charCodeAt(0)));
const LIST_MARKER = /^(?:\d{1,2}[\s、.．)）]|[-–•·●■▪◆◇□※*>]|[（(]\d|[一二三四五六七八九十]+[、是])/;

export function isIdeograph(c: number): boolean {
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff) || c === 0x3007;
}

/** Ideographs and the punctuation that lives among them. */
function isCjk(c: number): boolean {
  return isIdeograph(c) || (c >= 0x3001 && c <= 0x303f) || (c >= 0xff01 && c <= 0xff65) || (c >= 0x2014 && c <= 0x2026);
}

function isLatin(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0b || c === 0x0c || c === 0xa0 || c === 0x3000 || (c >= 0x2000 && c <= 0x200b) || c === 0xfeff;
}

/** Full-width digits and letters (and ％ ．) to ASCII, then traditional to simplified. */
function normalChar(c: number): number {
  if ((c >= 0xff10 && c <= 0xff19) || (c >= 0xff21 && c <= 0xff3a) || (c >= 0xff41 && c <= 0xff5a) || c === 0xff05 || c === 0xff0e) {
    return c - 0xfee0;
  }
  return simplifyCode(c);
}

const CJK_AROUND = '\\u3000-\\u303f\\u3400-\\u9fff\\uf900-\\ufaff\\uff00-\\uffef';
/**
 * Anti-scraping junk inside a line of Chinese (`辛辛那 R/ ^* 提市`, `交流） e _s TV 、`): two or more
 * short runs of ASCII between Chinese characters, one of them with a symbol or mixed case, which no
 * word, number or abbreviation is. The spaces around it go with it, so the name reads whole.
 */
const JUNK = new RegExp(`(?<=[${CJK_AROUND}])[ \\t\\u3000]+((?:[!-~]{1,3}[ \\t]+)+[!-~]{1,3})[ \\t\\u3000]*(?=[${CJK_AROUND}]|\\r?\\n|$)`, 'g');
const JUNK_TOKEN = /[^A-Za-z0-9]|[a-z][A-Z]/;
/**
 * What a simplified→traditional converter leaves after a character: its pinyin with tone marks,
 * `發(fā)展`, `協(xié)議`, or the simplified form itself, `關(关)系`.
 */
const CONVERTED = /(?<=[\u4e00-\u9fff])[(（]([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}|[\u4e00-\u9fff])[)）]/g;
const TONE = /[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]/;
/**
 * A Latin name in brackets after a Chinese one (符拉迪沃斯托克(Vladivostok)市, 塔科馬（City of
 * Tacoma）): it belongs to the name before it, which reads on to its kind word without it.
 */
const GLOSS = /(?<=[\u4e00-\u9fff])[(（][A-Z][A-Za-z.'’\- ]{1,40}[)）]/g;

/** The original code units normalisation leaves out besides whitespace: junk tokens, converter brackets, Latin glosses. */
function noise(original: string): Uint8Array | undefined {
  let skip: Uint8Array | undefined;
  const mark = (from: number, to: number) => {
    skip ??= new Uint8Array(original.length);
    skip.fill(1, from, to);
  };
  if (/[!-~][ \t]+[!-~]/.test(original))
    for (const m of original.matchAll(JUNK)) {
      const tokens = m[1]!.split(/[ \t]+/); // the group always participates
      if (tokens.some((t) => JUNK_TOKEN.test(t)) && /[A-Za-z]/.test(m[1]!)) mark(m.index, m.index + m[0].length);
    }
  if (/[(（]/.test(original))
    for (const m of original.matchAll(CONVERTED)) {
      const inside = m[1]!;
      const before = original[m.index - 1]!;
      const pinyin = TONE.test(inside);
      const simplified = !pinyin && /[\u4e00-\u9fff]/.test(inside) && inside !== before && toSimplified(before) === inside;
      if (pinyin || simplified) mark(m.index, m.index + m[0].length);
    }
  if (/[(（][A-Z]/.test(original)) for (const m of original.matchAll(GLOSS)) mark(m.index, m.index + m[0].length);
  return skip;
}

const OPENING_MARKS = new Set('“‘（(《「『【〔'.split('').map((c) => c.charCodeAt(0)));
const CLOSING_MARKS = new Set('”’）)》」』】〕'.split('').map((c) => c.charCodeAt(0)));
/** Words that follow a number (a measure word, a unit): 400 at a line's end and 对 at the next one's start are one phrase. */
const AFTER_NUMBER = new Set('对个座家项年月日号万亿千百名位次场所批条余多届周岁'.split('').map((c) => c.charCodeAt(0)));

/**
 * A line break inside a phrase, whatever the line's length: a quote or bracket opened on the line
 * and not closed (“一带一 / 路”), or a number and the word it counts (突破400 / 对).
 */
function brokenPhrase(unclosed: number, prev: number, next: number): boolean {
  return unclosed > 0 || (prev >= 0x30 && prev <= 0x39 && AFTER_NUMBER.has(next));
}

export function normalize(original: string): Normalized {
  const n = original.length;
  const skip = noise(original);
  const out = new Uint16Array(n);
  const origin = new Int32Array(n);
  let len = 0;
  let lineLen = 0;
  let linePunct = false;
  /** Quotes and brackets opened on the line and not yet closed. */
  let unclosed = 0;
  let lines = 0;
  let i = 0;
  while (i < n) {
    if (skip?.[i]) {
      i++;
      continue;
    }
    const c = original.charCodeAt(i);
    if (!isSpace(c)) {
      const code = normalChar(c);
      out[len] = code;
      origin[len++] = i++;
      lineLen++;
      if (SENTENCE_PUNCT.has(c) || SENTENCE_PUNCT.has(code)) linePunct = true;
      if (OPENING_MARKS.has(c)) unclosed++;
      else if (CLOSING_MARKS.has(c) && unclosed > 0) unclosed--;
      continue;
    }
    let j = i;
    let firstBreak = -1;
    while (j < n && isSpace(original.charCodeAt(j))) {
      if (firstBreak < 0 && original.charCodeAt(j) === 0x0a) firstBreak = j;
      j++;
    }
    const prev = out[len - 1] ?? -1; // -1 before the first code unit
    const next = j < n ? normalChar(original.charCodeAt(j)) : -1;
    const latinBoth = isLatin(prev) && isLatin(next);
    let emit: number | null;
    if (prev < 0 || next < 0) emit = firstBreak >= 0 ? 0x0a : null;
    else if (firstBreak >= 0) {
      const running = linePunct || lineLen >= WRAPPED_LINE_MIN || brokenPhrase(unclosed, prev, next);
      const wrapped = lines > 0 && running && !TERMINAL.has(prev) && !LIST_MARKER.test(original.slice(j, j + 3));
      emit = wrapped ? (latinBoth ? 0x20 : null) : 0x0a;
    } else {
      const dropped = (isCjk(prev) && !isLatin(next)) || (isCjk(next) && !isLatin(prev));
      emit = dropped ? null : 0x20;
    }
    if (emit !== null && !(emit === 0x0a && (len === 0 || out[len - 1] === 0x0a))) {
      out[len] = emit;
      origin[len++] = emit === 0x0a ? firstBreak : i;
      if (emit === 0x0a) {
        lineLen = 0;
        linePunct = false;
        unclosed = 0;
        lines++;
      }
    }
    i = j;
  }
  return { text: Buffer.from(out.buffer, 0, len * 2).toString('utf16le'), origin: origin.slice(0, len) };
}

/** The original span of normalised span [start, end). */
export function toOriginal(norm: Normalized, start: number, end: number): { start: number; end: number } {
  if (start < 0 || end > norm.text.length || end <= start) throw new RangeError(`span [${start}, ${end}) outside the normalised text`);
  // Checked above: start and end - 1 index the text, and origin has one entry per code unit.
  return { start: norm.origin[start]!, end: norm.origin[end - 1]! + 1 };
}
