/**
 * Numerals as Chinese writes them: Arabic (34,567, 3.2), Chinese (一百二十, 两万, 二〇一四, 廿,
 * 貳佰零參, 一点五万), and mixed (3.2万, 1000万, 3万5千). Input is normalised text (simplified,
 * ASCII digits).
 */

const DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  壹: 1,
  二: 2,
  贰: 2,
  两: 2,
  三: 3,
  叁: 3,
  参: 3,
  四: 4,
  肆: 4,
  五: 5,
  伍: 5,
  六: 6,
  陆: 6,
  七: 7,
  柒: 7,
  八: 8,
  捌: 8,
  九: 9,
  玖: 9,
};
const SMALL_UNITS: Record<string, number> = { 十: 10, 拾: 10, 百: 100, 佰: 100, 千: 1000, 仟: 1000 };
const BIG_UNITS: Record<string, number> = { 万: 1e4, 亿: 1e8 };
const TENS: Record<string, number> = { 廿: 20, 卅: 30, 卌: 40 };

/** Characters that can make up a Chinese numeral. */
export const CHINESE_NUMERAL_CHARS = '零〇一壹二贰两三叁参四肆五伍六陆七柒八捌九玖十拾百佰千仟万亿廿卅卌';

/**
 * A numeral at the start of `s`: Arabic, Chinese, or Arabic with 万/亿/千/百, which may go on with
 * digits and units (3万5千, 1万2) but never with a run of digits (1万2019年 is not one number).
 */
export const NUMBER_SOURCE = String.raw`(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)(?:[万亿千百]+(?:\d[万亿千百十]+)*(?:\d(?!\d))?)?|[${CHINESE_NUMERAL_CHARS}]+(?:点[${CHINESE_NUMERAL_CHARS}\d]+)?`;
const NUMBER_AT_START = new RegExp(`^(?:${NUMBER_SOURCE})`);

export interface ParsedNumber {
  value: number;
  /** Length of the numeral in the input. */
  length: number;
}

/** Reads the numeral at the start of `s`; null when there is none. */
export function readNumber(s: string): ParsedNumber | null {
  const m = NUMBER_AT_START.exec(s);
  if (!m) return null;
  const value = parseNumeral(m[0]);
  return value === null ? null : { value, length: m[0].length };
}

/**
 * A value no count can have is no number: beyond 2^53 a double no longer tells integers apart
 * (12331704665838069 reads as …068), and 310 written digits overflow to Infinity.
 */
function exact(value: number): number | null {
  return Number.isFinite(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER ? value : null;
}

/** The value of a whole numeral string, or null when it is not one (or too large to be exact). */
export function parseNumeral(text: string): number | null {
  const arabic = /^(\d{1,3}(?:,\d{3})+|\d*)(\.\d+)?([万亿千百]*)$/.exec(text);
  if (arabic && (arabic[1] || arabic[2])) {
    let value = Number((arabic[1] || '0').replace(/,/g, '') + (arabic[2] ?? ''));
    // Group 3 always participates and holds only 万亿千百, units the tables hold.
    for (const u of arabic[3]!) value *= (BIG_UNITS[u] ?? SMALL_UNITS[u])!;
    return exact(round(value));
  }
  const [intPart, rest] = text.split('点');
  const whole = parseChineseInteger(intPart ?? '');
  if (whole === null) return null;
  if (rest === undefined) return whole;
  // 一点五万: the units after the fraction scale the whole number.
  const [, fracPart = '', units = ''] = /^(.*?)([万亿]*)$/.exec(rest)!; // both groups always participate
  let frac = '';
  for (const ch of fracPart) {
    const d = /\d/.test(ch) ? Number(ch) : DIGITS[ch];
    if (d === undefined) return null;
    frac += d;
  }
  if (!frac) return null;
  let value = Number(`${whole}.${frac}`);
  for (const u of units) value *= BIG_UNITS[u]!; // 万 or 亿
  return exact(round(value));
}

/** 3.2万 is 32000, not 32000.000000000004; whole numbers stay exact. */
function round(v: number): number {
  return Number.isInteger(v) ? v : Math.round(v * 1e6) / 1e6;
}

/**
 * 一百二十 → 120, 二〇一四 → 2014 (digit by digit when no unit is written), 十 → 10, and the
 * colloquial short forms where a last digit straight after 百/千/万/亿 means the next unit down
 * (万五 → 15000, 两千五 → 2500, 百八 → 180; 一千零五 is still 1005); null beyond 2^53.
 */
export function parseChineseInteger(text: string): number | null {
  if (!text) return null;
  // An Arabic run is one digit of the numeral: 3万5千 reads like 三万五千.
  const chars = text.match(/\d+|./gu)!;
  if (chars.every((c) => c in DIGITS)) {
    // A run of bare digits is positional (二〇一四); a lone digit is itself.
    return exact(Number(chars.map((c) => DIGITS[c]).join('')));
  }
  let total = 0;
  let section = 0;
  let digit: number | null = null;
  /** The unit written just before the current digit (0 when none or 零): scales a last digit. */
  let unitBefore = 0;
  let lastUnit = 0;
  for (const c of chars) {
    if (c in DIGITS || /^\d/.test(c)) {
      digit = DIGITS[c] ?? Number(c);
      unitBefore = lastUnit;
      lastUnit = 0;
      continue;
    }
    lastUnit = SMALL_UNITS[c] ?? BIG_UNITS[c] ?? 0;
    const [tens, small, unit] = [TENS[c], SMALL_UNITS[c], BIG_UNITS[c]];
    if (tens !== undefined) {
      section += tens;
      digit = null;
    } else if (small !== undefined) {
      section += (digit ?? 1) * small;
      digit = null;
    } else if (unit !== undefined) {
      const part = section + (digit ?? 0);
      // 一万亿: 亿 scales all that came before it.
      if (unit === 1e8) total = (total + part || 1) * unit;
      else total += (part || 1) * unit;
      section = 0;
      digit = null;
    } else {
      return null;
    }
  }
  return exact(total + section + (digit ?? 0) * (unitBefore >= 100 ? unitBefore / 10 : 1));
}
