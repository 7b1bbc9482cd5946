/**
 * Date expressions in normalised text: full and partial dates, bare years after 从/自/于,
 * month-day and day-only dates placed from context, relative dates (去年9月, 明年, 上个月,
 * Taiwan's 今（14）日), ranges (5月27日至30日, 4月12-19日, 十二月至一月, 2023.9-2024.6), ISO
 * and dotted forms (2019/04/19, 2024.5), periods of a year (前三季度, 前5个月, 上半年, 1-5月)
 * and Chinese numerals (二〇一四年十月二十一日).
 *
 * A relative year (今年10月, 去年) is placed from the reference date (publication date), else from
 * the year of the article's own event (a name year, below), never from a year of its history. A
 * date whose year is not written is placed from the reference date when there is one, else from
 * the nearest preceding year anchor: a year opening a name
 * (2025山东国际友城合作交流周), the article's own event. Explicit dates (2024年10月签署…,
 * 2019年举办…) are mostly history, not the article's own time, so they anchor only in an article
 * that names no such event.
 */
import type { Granularity } from '../../records.ts';
import { parseChineseInteger } from '../numbers/numbers.ts';

export interface DateMention {
  /** Span in the normalised text. */
  start: number;
  end: number;
  startDate: string;
  endDate: string;
  granularity: Granularity;
  anchored: boolean;
  confidence: number;
}

export interface DateContext {
  /** The publication date, the reference for relative dates and for years not written. */
  published?: string | null;
}

const CN_DIGIT = '〇零一二三四五六七八九';
/**
 * Taiwan's Republic years (民国112年 = 2023), and written bare where a month follows (112年10月):
 * alone, 112年 is a span of years.
 */
const ROC_YEAR = `(?:民国(?:\\d{2,3}|[${CN_DIGIT}十百]{1,6})|1[01]\\d(?=年(?:1[0-2]|0?[1-9])月))`;
const YEAR = `(?:${ROC_YEAR}|\\d{4}|\\d{2}|[${CN_DIGIT}]{2,4})年`;
const MONTH_NUM = `(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])`;
const MONTH = `${MONTH_NUM}月份?`;
const DAY_NUM = `(?:3[01]|[12]\\d|0?[1-9]|[二三]?十[一二三四五六七八九]?|廿[一二三四五六七八九]?|卅一?|[一二三四五六七八九])`;
const DAY = `${DAY_NUM}[日号]`;
const REL_YEAR = '(?:大前年|大后年|今年|去年|前年|明年|后年|本年|上一年|上年|下一年|下年|来年)';
const REL_MONTH = '(?:本月|这个月|上上个月|下下个月|上个月|上月|下个月|下月)';
const QUARTER = `第?([一二三四1-4])季度`;
const REL_DAY = '(?:大前天|大后天|今天|今日|昨天|昨日|明天|明日|前天|前日|后天|听日|琴日|寻日)';
/** 今（14）日: Taiwan's press writes the day of month after the relative day. */
const REL_DAY_OF_MONTH = '[今昨明前后][（(](?:3[01]|[12]\\d|0?[1-9])[)）]日';
const SEP = '(?:至|到|—{1,2}|－|–|-|~|～)';
const ISO_DAY = '\\d{4}[-/.]\\d{1,2}[-/.]\\d{1,2}(?!\\d)';
/** 2024.5, 2003.09: a dotted year and month, not a decimal with a unit (2024.5万元). */
const DOTTED_MONTH = '(?:19|20)\\d{2}[./](?:1[0-2]|0?[1-9])(?![\\d.万亿千百十元%‰倍吨米克斤亩公平立个人次家项余多])';
/**
 * A period of a year: its first months or quarters, or a half. Without a year it needs a clause
 * opening before it: 访问前三个月 is "three months before the visit".
 */
const PERIOD = `(?:${REL_YEAR}|${YEAR}|(?<![\\u4e00-\\u9fff])|(?<=[在于至到止和及与]))(?:前(?:1[0-2]|[1-9]|十[一二]?|[两二三四五六七八九])个月|前[一二三两1-3]个?季度|[上下]半年)`;

const ATOM =
  `(?:${YEAR})?${MONTH}(?:${DAY}|${DAY_NUM}(?![\\d${CN_DIGIT}十]))?` +
  // Periods and quarters before the bare year, which would otherwise end 2024年上半年 at 年.
  `|${PERIOD}` +
  `|(?:${REL_YEAR}|${YEAR})${QUARTER}` +
  `|(?:${REL_YEAR}|${YEAR})第${MONTH_NUM}个月` + // 70年第8个月; alone, 第3个月 is a duration's month
  `|${YEAR}` +
  `|${ISO_DAY}` +
  `|${DOTTED_MONTH}` +
  `|\\d{1,2}·\\d{1,2}(?!\\d)` +
  `|${REL_YEAR}(?:${MONTH}(?:${DAY})?)?` +
  `|${REL_MONTH}(?:${DAY})?` +
  `|${REL_DAY_OF_MONTH}` +
  `|${REL_DAY}` +
  `|${DAY}`;
const TAIL = `(?:${YEAR}(?:${MONTH})?(?:${DAY})?|${MONTH}(?:${DAY})?|${DAY}|${ISO_DAY}|${DOTTED_MONTH})`;

/**
 * How every date starts: a relative word, a year after 从/自/于, or a short numeral followed by
 * 年/月/日/号 or a separator. The lookahead lets the scan pass other numerals (244个, 77.3%) at once.
 */
const FIRST_CHAR = `(?=[\\d${CN_DIGIT}十廿卅]{1,4}[年月日号./·\\-—－–~～至到]|(?<=[从自于])\\d|[今去前明后本上下来这昨听琴寻大民])`;
const DATE_RE = new RegExp(
  `${FIRST_CHAR}(?:` +
    `(?:${YEAR}|${REL_YEAR})?${MONTH_NUM}${SEP}${MONTH}` + // 十二至一月, 2018年1－9月份, 今年1至2月
    `|(?:${ATOM})(?:${SEP}(?:${TAIL}))?` +
    `|(?<=[从自于])(?:19|20)\\d{2}(?=[\\u4e00-\\u9fff])(?![年月日号万亿千百余多个家位名项场届次座所人条对批列])` +
    ')',
  'g',
);

/** 从2024重庆国际友好城市合作大会…获悉: after 从 the year opens an event's name, not a date. */
const EVENT_NAME_AFTER = /^[^与和同，,。；;的\s]{1,20}?(?:大会|会议|论坛|峰会|交流周|博览会|展|节|赛|季|周|会|活动)/;

/** A year opening a name (2025成都国际友城合作与发展大会): the article's own time. */
const NAME_YEAR_RE = /(?<![\d.\-/])((?:19|20)\d{2})(?=[\u4e00-\u9fff“"「『])(?![年月日号万亿千百余多个家位名项场届次座所人条对批列])/g;

interface Parts {
  y?: number;
  m?: number;
  d?: number;
  /** Offset relative to the reference: years, months or days. */
  rel?: { unit: 'year' | 'month' | 'day'; n: number };
  /** 今年前五个月: months 1..n of the year; 一季度: months 1..3. */
  monthRange?: [number, number];
  yearDigits?: number;
}

// The patterns REL_YEAR, REL_MONTH, REL_DAY and REL_DAY_OF_MONTH match only words these tables
// hold, so a look-up by a matched word is certain (`!`).
const REL_YEAR_N: Record<string, number> = { 大前年: -3, 大后年: 3, 今年: 0, 本年: 0, 去年: -1, 上年: -1, 上一年: -1, 前年: -2, 明年: 1, 下年: 1, 下一年: 1, 来年: 1, 后年: 2 };
const REL_MONTH_N: Record<string, number> = { 上上个月: -2, 下下个月: 2, 本月: 0, 这个月: 0, 上个月: -1, 上月: -1, 下个月: 1, 下月: 1 };
const REL_DAY_N: Record<string, number> = { 大前天: -3, 大后天: 3, 今天: 0, 今日: 0, 昨天: -1, 昨日: -1, 明天: 1, 明日: 1, 听日: 1, 琴日: -1, 寻日: -1, 前天: -2, 前日: -2, 后天: 2, 后日: 2 };

function num(s: string): number {
  return /^\d+$/.test(s) ? Number(s) : (parseChineseInteger(s) ?? NaN);
}

// The parts of an atom, compiled once (parseAtom runs for every date candidate and range half).
const MONTHS_OF_YEAR_AT = new RegExp(`^(?:(${REL_YEAR})|(\\d{4}|[${CN_DIGIT}]{4})年)?(?:前(.+)个月|前(.)个?季度|([上下])半年)$`);
const QUARTER_OF_YEAR_AT = new RegExp(`^(?:(${REL_YEAR})|(\\d{4}|[${CN_DIGIT}]{4})年)${QUARTER}$`);
const REL_YEAR_AT = new RegExp(`^${REL_YEAR}`);
const REL_MONTH_AT = new RegExp(`^${REL_MONTH}`);
const ROC_YEAR_AT = new RegExp(`^(?:民国(\\d{2,3}|[${CN_DIGIT}十百]{1,6})|(1[01]\\d))年`);
const YEAR_AT = new RegExp(`^(\\d{4}|\\d{2}|[${CN_DIGIT}]{2,4})年`);
const MONTH_AT = new RegExp(`^(?:(${MONTH_NUM})月份?|第(${MONTH_NUM})个月)`);
const DAY_REST = new RegExp(`^(${DAY_NUM})[日号]?$`);
/** 十二至一月: the left half of a range whose month is written without 月. */
const BARE_MONTH_LEFT = new RegExp(`^(?:(\\d{4}|[〇零一二三四五六七八九]{2,4})年|(${REL_YEAR}))?(.+)$`);

/** Splits one atom (no range) into its parts. */
function parseAtom(s: string): Parts | null {
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(s))) return { y: +m[1]!, m: +m[2]!, d: +m[3]!, yearDigits: 4 };
  if ((m = /^(\d{4})[./](\d{1,2})$/.exec(s))) return { y: +m[1]!, m: +m[2]!, yearDigits: 4 };
  if ((m = /^(\d{1,2})·(\d{1,2})$/.exec(s))) return { m: +m[1]!, d: +m[2]! };
  if ((m = /^(?:19|20)\d{2}$/.exec(s))) return { y: +s, yearDigits: 4 };
  if ((m = /^([今昨明前后])[（(](\d+)[)）]日$/.exec(s))) return { rel: { unit: 'day', n: REL_DAY_N[`${m[1]}日`]! }, d: +m[2]! };
  if ((m = MONTHS_OF_YEAR_AT.exec(s))) {
    const range: [number, number] = m[3] ? [1, num(m[3])] : m[4] ? [1, num(m[4]) * 3] : m[5] === '上' ? [1, 6] : [7, 12];
    if (!(range[1] >= 1 && range[1] <= 12)) return null;
    const year: Parts = m[2] ? { y: num(m[2]), yearDigits: 4 } : { rel: { unit: 'year', n: m[1] ? REL_YEAR_N[m[1]]! : 0 } };
    return { ...year, monthRange: range };
  }
  if ((m = QUARTER_OF_YEAR_AT.exec(s))) {
    const q = num(m[3]!);
    const range: [number, number] = [q * 3 - 2, q * 3];
    return m[1] ? { rel: { unit: 'year', n: REL_YEAR_N[m[1]]! }, monthRange: range } : { y: num(m[2]!), yearDigits: 4, monthRange: range };
  }
  const day = REL_DAY_N[s];
  if (day !== undefined) return { rel: { unit: 'day', n: day } };
  const parts: Parts = {};
  let rest = s;
  if ((m = REL_YEAR_AT.exec(rest))) {
    parts.rel = { unit: 'year', n: REL_YEAR_N[m[0]]! };
    rest = rest.slice(m[0].length);
  } else if ((m = REL_MONTH_AT.exec(rest))) {
    parts.rel = { unit: 'month', n: REL_MONTH_N[m[0]]! };
    rest = rest.slice(m[0].length);
  } else if ((m = ROC_YEAR_AT.exec(rest))) {
    parts.y = num((m[1] ?? m[2])!) + 1911; // one of the two groups participates
    parts.yearDigits = 4;
    rest = rest.slice(m[0].length);
  } else if ((m = YEAR_AT.exec(rest))) {
    const year = m[1]!;
    parts.y = num(year);
    parts.yearDigits = year.length;
    rest = rest.slice(m[0].length);
  }
  if ((m = MONTH_AT.exec(rest))) {
    parts.m = num((m[1] ?? m[2])!); // one of the two groups participates
    rest = rest.slice(m[0].length);
  }
  if ((m = DAY_REST.exec(rest)) && m[0]) {
    parts.d = num(m[1]!);
    rest = '';
  }
  if (rest) return null;
  return parts;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function daysIn(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function format(y: number, m?: number, d?: number): string {
  return d !== undefined ? `${y}-${pad(m!)}-${pad(d)}` : m !== undefined ? `${y}-${pad(m)}` : String(y);
}

interface Ref {
  y: number;
  m?: number;
  d?: number;
}

function parseRef(s: string | null | undefined): Ref | null {
  const m = s ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(s) : null;
  return m ? { y: +m[1]!, m: +m[2]!, d: +m[3]! } : null;
}

function shiftMonth(y: number, m: number, n: number): [number, number] {
  const t = y * 12 + (m - 1) + n;
  return [Math.floor(t / 12), (t % 12) + 1];
}

function shiftDay(r: Required<Ref>, n: number): Required<Ref> {
  const dt = new Date(Date.UTC(r.y, r.m - 1, r.d + n));
  return { y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate() };
}

/** Two-digit years go to the century that puts them nearest the reference year. */
function fullYear(p: Parts, refYear: number | undefined): number | undefined {
  if (p.y === undefined || p.yearDigits !== 2) return p.y;
  const base = refYear ?? 2000;
  const candidates = [1900 + p.y, 2000 + p.y];
  return candidates.reduce((a, b) => (Math.abs(b - base) < Math.abs(a - base) ? b : a));
}

interface Resolved {
  y: number;
  m?: number;
  d?: number;
  anchored: boolean;
}

/**
 * Places parts on the calendar. `yearRef` is the year for a date without one; `dayRef` the
 * nearest preceding day date, for a day written alone; `ownYear` the year of the article's own
 * event there (a name year), for relative years; `ref` the full reference date for relative
 * expressions.
 */
function resolve(p: Parts, ctx: { yearRef?: number; ownYear?: number; ref: Ref | null; dayRef?: Required<Ref> }): Resolved | null {
  if (p.rel) {
    // 今年, 去年 count from the day of writing, or the year of the article's own event (a name
    // year): a year of history the article states is never that day.
    if (p.rel.unit === 'year') {
      const base = ctx.ref?.y ?? ctx.ownYear;
      if (base === undefined) return null;
      return { y: base + p.rel.n, m: p.m, d: p.d, anchored: true };
    }
    if (!ctx.ref?.m) return null;
    if (p.rel.unit === 'month') {
      const [y, m] = shiftMonth(ctx.ref.y, ctx.ref.m, p.rel.n);
      return { y, m, d: p.d, anchored: true };
    }
    if (!ctx.ref.d) return null;
    const r = shiftDay(ctx.ref as Required<Ref>, p.rel.n);
    // 今（14）日: the written day wins over the reference's; the month is the shifted one.
    return { ...r, d: p.d ?? r.d, anchored: true };
  }
  const y = fullYear(p, ctx.ref?.y ?? ctx.yearRef);
  if (y !== undefined) return { y, m: p.m, d: p.d, anchored: false };
  if (p.m !== undefined) {
    const yr = ctx.ref?.y ?? ctx.yearRef;
    return yr === undefined ? null : { y: yr, m: p.m, d: p.d, anchored: true };
  }
  if (p.d !== undefined) {
    const base = ctx.dayRef ?? (ctx.ref?.m ? { y: ctx.ref.y, m: ctx.ref.m } : undefined);
    return base ? { y: base.y, m: base.m, d: p.d, anchored: true } : null;
  }
  return null;
}

function valid(r: Resolved): boolean {
  if (r.y < 1000 || r.y > 2999) return false;
  if (r.m !== undefined && (r.m < 1 || r.m > 12)) return false;
  if (r.d !== undefined && (r.m === undefined || r.d < 1 || r.d > daysIn(r.y, r.m))) return false;
  return true;
}

function granularityOf(r: Resolved): Granularity {
  return r.d !== undefined ? 'day' : r.m !== undefined ? 'month' : 'year';
}

const SEP_RE = new RegExp(SEP, 'g');

/** Splits at the separator both sides of which read as dates (2015-3-3-2015-3-5), else at the first. */
function splitRange(s: string): [string, string | null] {
  if (parseAtom(s)) return [s, null];
  let first: [string, string] | null = null;
  for (const m of s.matchAll(SEP_RE)) {
    const split: [string, string] = [s.slice(0, m.index), s.slice(m.index + m[0].length)];
    if (!split[0] || !split[1]) continue;
    if (parseAtom(split[0]) && parseAtom(split[1])) return split;
    first ??= split;
  }
  return first ?? [s, null];
}

/** Spans of 《…》 titles: numbers and years inside a title are part of its name. */
export function titleSpans(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  const re = /《[^《》\n]{0,120}》/g;
  for (let m; (m = re.exec(text)); ) spans.push([m.index, m.index + m[0].length]);
  return spans;
}

export function insideAny(spans: Array<[number, number]>, pos: number): boolean {
  for (const [s, e] of spans) if (pos > s && pos < e) return true;
  return false;
}

export function findDates(text: string, ctx: DateContext = {}): { dates: DateMention[]; unplaced: string[] } {
  const ref = parseRef(ctx.published);
  const titles = titleSpans(text);
  const nameAnchors: Array<{ pos: number; year: number }> = [];
  for (const m of text.matchAll(NAME_YEAR_RE)) if (!insideAny(titles, m.index)) nameAnchors.push({ pos: m.index, year: +m[1]! });
  const dateAnchors: Array<{ pos: number; year: number }> = [];

  const raw: Array<{ start: number; end: number; a: Parts; b: Parts | null; text: string }> = [];
  for (const m of text.matchAll(DATE_RE)) {
    const start = m.index;
    const prev = text[start - 1] ?? '';
    if (/[\d第.每个]/.test(prev) || text.slice(Math.max(0, start - 2), start) === '每年') continue;
    if (insideAny(titles, start)) continue;
    if (/^\d{4}$/.test(m[0]) && EVENT_NAME_AFTER.test(text.slice(m.index + 4, m.index + 30))) continue;
    const [left, right] = splitRange(m[0]);
    const b = right === null ? null : parseAtom(right);
    // 十二至一月: a month written without 月; 4月12-19日 is a day range, its 月 already written.
    const bareMonth = b !== null && b.m !== undefined && b.y === undefined && !left.includes('月') && /[\d〇零一二三四五六七八九十]$/.test(left);
    let a = bareMonth ? null : parseAtom(left);
    if (!a) {
      // 十二至一月: a month written without 月 before the range separator.
      const bare = BARE_MONTH_LEFT.exec(left);
      const mo = bare ? num(bare[3]!) : NaN;
      if (!bare || !b || Number.isNaN(mo)) continue;
      a = { m: mo, ...(bare[1] ? { y: num(bare[1]), yearDigits: bare[1].length } : bare[2] ? { rel: { unit: 'year' as const, n: REL_YEAR_N[bare[2]]! } } : {}) };
    }
    if (right !== null && !b) continue;
    // A day alone must be Arabic or a two-character numeral: 一日 is "one day", not the 1st.
    if (!b && a.d !== undefined && a.m === undefined && !a.rel && !/^\d/.test(left) && left.length < 3) continue;
    // A year alone written in two digits is a duration (15年), not a date.
    if (!b && a.y !== undefined && a.yearDigits === 2 && a.m === undefined) continue;
    raw.push({ start, end: start + m[0].length, a, b, text: m[0] });
    if (a.y !== undefined && a.m !== undefined && a.yearDigits === 4) dateAnchors.push({ pos: start, year: a.y });
  }
  const anchors = nameAnchors.length > 0 ? nameAnchors : dateAnchors;

  const yearAt = (pos: number): number | undefined => {
    let found: number | undefined;
    for (const an of anchors) {
      if (an.pos < pos) found = an.year;
      else break;
    }
    return found ?? anchors[0]?.year;
  };

  // The article's own year: the publication date's, else the first year it anchors on (its lede).
  const ownYear = ref?.y ?? anchors[0]?.year;
  const dates: DateMention[] = [];
  const unplaced: string[] = [];
  let dayRef: Required<Ref> | undefined;
  for (const r of raw) {
    const rctx = { yearRef: yearAt(r.start), ownYear: nameAnchors.length ? yearAt(r.start) : undefined, ref, dayRef };
    const a = resolve(r.a, rctx);
    if (!a || !valid(a)) {
      if (!a) unplaced.push(r.text);
      continue;
    }
    let endR: Resolved = a;
    if (r.b) {
      const bp = r.b;
      const inherited: Resolved = {
        y: bp.y !== undefined ? fullYear(bp, a.y)! : a.y,
        m: bp.m ?? (bp.y === undefined ? a.m : undefined),
        d: bp.d,
        anchored: a.anchored,
      };
      if (bp.rel) continue;
      if (bp.y === undefined && inherited.m !== undefined && a.m !== undefined && (inherited.m < a.m || (inherited.m === a.m && (inherited.d ?? 0) < (a.d ?? 0)))) {
        inherited.y = a.y + 1; // 12月1日到1月1日 runs into the next year
      }
      if (!valid(inherited) || granularityOf(inherited) !== granularityOf(a)) continue;
      endR = inherited;
    }
    let startDate = format(a.y, a.m, a.d);
    let endDate = format(endR.y, endR.m, endR.d);
    let granularity = granularityOf(a);
    if (r.a.monthRange) {
      startDate = format(a.y, r.a.monthRange[0]);
      endDate = format(a.y, r.a.monthRange[1]);
      granularity = 'month';
    }
    if (endDate < startDate) continue;
    // A lone day (13日) is in the article's own time: a day date years from it (2019年4月12-19日
    // recalled in a 2024 report) does not lend it its month.
    if (granularity === 'day' && (ownYear === undefined || Math.abs(endR.y - ownYear) <= 1)) dayRef = { y: endR.y, m: endR.m!, d: endR.d! };
    const explicit = !a.anchored;
    dates.push({
      start: r.start,
      end: r.end,
      startDate,
      endDate,
      granularity,
      anchored: a.anchored,
      confidence: explicit ? 0.95 : r.a.rel ? 0.75 : r.a.m === undefined ? 0.7 : 0.8,
    });
  }
  return { dates, unplaced };
}
