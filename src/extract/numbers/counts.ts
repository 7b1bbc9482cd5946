/**
 * Counts: a numeral, an optional approximation (近, 约, 余, 多, 超, 逾, 突破, 不到 …) and a
 * classifier (个, 对, 项, 家 …), with what is counted after the classifier (12项友好合作协议) or,
 * when nothing nameable follows, before the number (签署友好合作协议12项, 航线数量达73条).
 *
 * Not counts: ordinals (第十届), durations (17个年头, 5个工作日), a lone 一 (一批, 一个: "a"),
 * anaphoric 两 (两座城市: "the two cities"), anything inside a 《title》, and numerals that have
 * no classifier at all (years, percentages, money, 世界500强).
 */
import type { Approx } from '../../records.ts';
import { insideAny, titleSpans } from '../time/dates.ts';
import { NUMBER_SOURCE, parseNumeral } from './numbers.ts';
import { tag as jiebaTag, type Token } from '../text/tokenize.ts';

export interface CountMention {
  /** Span in the normalised text, covering the qualifier, numeral, classifier and the noun counted. */
  start: number;
  end: number;
  value: number;
  approx: Approx;
  unit: string;
  of: string;
  holder: string | null;
  confidence: number;
}

const PREFIX_APPROX: Record<string, Approx> = {
  近: 'about',
  约: 'about',
  大约: 'about',
  将近: 'about',
  接近: 'about',
  超: 'over',
  超过: 'over',
  逾: 'over',
  突破: 'over',
  破: 'over',
  多达: 'over',
  不到: 'under',
  不足: 'under',
  不超过: 'under',
};
const MID_APPROX: Record<string, Approx> = { 余: 'over', 多: 'over', 几: 'over', 来: 'about' };
const SUFFIX_APPROX: Record<string, Approx> = { 以上: 'over', 左右: 'about', 上下: 'about', 以下: 'under' };

/** Classifiers, longest first so that 人次 wins over 人. */
export const CLASSIFIERS = [
  '人次',
  '场次',
  '架次',
  '批次',
  '个',
  '对',
  '项',
  '家',
  '位',
  '批',
  '条',
  '列',
  '名',
  '场',
  '届',
  '次',
  '座',
  '所',
  '人',
  '件',
  '款',
  '份',
  '支',
  '架',
  '艘',
  '辆',
  '台',
  '部',
  '篇',
  '本',
  '处',
  '种',
  '类',
  '组',
  '队',
  '只',
  '张',
  '间',
  '栋',
  '套',
  '株',
  '棵',
  '趟',
  '门',
  '例',
  '笔',
  '轮',
  '幅',
  '首',
  '班',
  '把',
];

const PREFIXES = Object.keys(PREFIX_APPROX).sort((a, b) => b.length - a.length);
// 约达180万人次, 近有百家: a verb of amount may stand between the qualifier and the number.
const COUNT_RE = new RegExp(`(?:(${PREFIXES.join('|')})(达|有|为|计)?)?(${NUMBER_SOURCE})(余|多|几|来)?(${CLASSIFIERS.join('|')})(以上|左右|上下|以下)?`, 'g');

/** What follows a classifier when the number is a span of time, not a count of things. */
const DURATION_AFTER = /^(?:月|多月|工作日|小时|钟头|星期|礼拜|年头|世纪|季度|半月|学期)/;
const ANAPHORIC_TWO = /^两(?:座|个)?(?:城市|国家|国|市|地|省|区)/;
const CLAUSE_STOP = /[，,。；;！？!?\n、：:（(）)]/;
/** Where a sentence ends: 。！？!? and a line break. */
function endsSentence(c: number): boolean {
  return c === 0x3002 || c === 0xff01 || c === 0xff1f || c === 0x21 || c === 0x3f || c === 0x0a;
}
/** Words that name an amount rather than a thing: 航线数量达73条 counts 航线. */
const AMOUNT_WORDS = /(?:数量|总数|总量|数目|规模)$/;

type Tagger = (text: string) => Token[];

/**
 * jieba's tagger, remembering what it tagged in one text: the clause before each count of a
 * sentence is read for its holder again at every count, and a native call costs more than a look-up.
 */
function taggerForOneText(): Tagger {
  const tagged = new Map<string, Token[]>();
  return (text) => {
    let tokens = tagged.get(text);
    if (!tokens) tagged.set(text, (tokens = jiebaTag(text)));
    return tokens;
  };
}

function isNounish(t: Token): boolean {
  return /^(?:n|vn|j|eng|an|l|b)/.test(t.tag);
}

/** Words that can stand inside a noun phrase without heading it: 500, 强, 知名, 青年, 精彩纷呈. */
function isModifier(t: Token): boolean {
  return t.tag === 'm' || t.tag === 'a' || t.tag === 'ad' || t.tag === 't' || t.tag === 'i';
}

function isQuote(w: string): boolean {
  return /^[“”"「」『』‘’'·—]+$/.test(w);
}

function isConnector(t: Token): boolean {
  return t.word === '和' || t.word === '与' || t.word === '及' || t.word === '以及' || t.word === '、' || t.word === '等';
}

/** The noun phrase at the start of `window` (what a classifier counts), or ''. */
function nounAfter(window: string, tag: Tagger): string {
  const tokens = tag(window);
  // 20条举措: a lone word before the clause ends is the thing counted, whatever jieba tags it.
  const [only] = tokens;
  if (tokens.length === 1 && only && /^[\u4e00-\u9fff]{2,}$/.test(only.word)) return only.word;
  const kept: Token[] = [];
  let nounSeen = false;
  for (const [i, t] of tokens.entries()) {
    if (CLAUSE_STOP.test(t.word) && t.word !== '、') break;
    if (isNounish(t)) {
      if (nounSeen && t.tag === 'ns' && kept.length > 0 && kept.at(-1)?.tag !== 'x') break;
      nounSeen = true;
    } else if (isQuote(t.word) || isModifier(t) || isConnector(t)) {
      // a quoted name, 500强, 知名企业, 省、州等城市: part of the phrase
    } else if (!nounSeen && t.tag.startsWith('v') && isQuote(tokens[i + 1]?.word ?? '')) {
      // 共建“一带一路”国家: a verb before a quoted name qualifies it
    } else if (!nounSeen && t.word === '的' && kept.length > 0) {
      // 精彩纷呈的文艺活动: a short description before the noun
    } else break;
    kept.push(t);
  }
  return trimPhrase(kept);
}

/** The noun phrase that ends just before `window`'s predicate (国际友城119对 → 国际友城), or ''. */
function nounBefore(window: string, tag: Tagger): string {
  const tokens = tag(window);
  let i = tokens.length - 1;
  // The predicate between the phrase and the number: 达, 增至, 已成功举办, 累计开行.
  // tokens[i] exists while i >= 0.
  while (i >= 0 && /^(?:v|d|p|a|zg)/.test(tokens[i]!.tag) && !isNounish(tokens[i]!)) i--;
  const kept: Token[] = [];
  for (; i >= 0; i--) {
    const t = tokens[i]!;
    if (CLAUSE_STOP.test(t.word) || t.word === '等') break;
    if (!(isNounish(t) || isQuote(t.word) || isModifier(t) || isConnector(t))) break;
    // 友好合作协议成都国际友城: a place after a noun opens a new phrase.
    const before = tokens[i - 1];
    if (t.tag === 'ns' && before && isNounish(before) && before.tag !== 'ns') {
      kept.unshift(t);
      break;
    }
    kept.unshift(t);
  }
  return trimPhrase(kept).replace(AMOUNT_WORDS, '');
}

function trimPhrase(tokens: Token[]): string {
  let s = 0;
  let e = tokens.length;
  const leading = (t: Token) => isConnector(t) || t.tag === 'm' || t.tag === 'uj' || t.tag.startsWith('v') || (isQuote(t.word) && !/[“「『"]/.test(t.word));
  const trailing = (t: Token) => !isNounish(t) && !/[”」』"]/.test(t.word);
  // s < e and e > s keep both indices inside tokens.
  while (s < e && leading(tokens[s]!)) s++;
  while (e > s && trailing(tokens[e - 1]!)) e--;
  let phrase = tokens
    .slice(s, e)
    .map((t) => t.word)
    .join('');
  // A phrase that is one quoted name is the name.
  const quoted = /^[“「『"]([^“”「」『』"]+)[”」』"]$/.exec(phrase);
  if (quoted) phrase = quoted[1]!; // the group always participates
  return phrase;
}

const HOLDER_RE = /([\u4e00-\u9fff]{2,4}?)(?:省|市)?(?:各级|本级)?(?:已经|已|先后|累计|共|同|与|还|也|正|将|目前)/g;

/** The place whose count it is, when the clause opens with one: 成都已与244个城市… → 成都. */
function holderOf(text: string, sentenceStart: number, at: number, tag: Tagger): string | null {
  const candidates = [...text.slice(sentenceStart, at).matchAll(HOLDER_RE)];
  // The last candidate that holds a place wins: read from the end, only as far as the first.
  for (const [, name] of candidates.reverse()) {
    const place = tag(name!).find((t) => t.tag === 'ns'); // group 1 always participates
    if (place) return place.word.replace(/(?:省|市)$/, '');
  }
  return null;
}

export function findCounts(text: string): CountMention[] {
  const tag = taggerForOneText();
  const titles = titleSpans(text);
  const out: CountMention[] = [];
  let lastEnd = 0;
  for (const m of text.matchAll(COUNT_RE)) {
    // The numeral and the classifier always participate; the defaults never apply.
    const [whole, prefix, linkVerb, numeral = '', mid, unit = '', suffix] = m;
    const start = m.index;
    const numStart = start + (prefix?.length ?? 0) + (linkVerb?.length ?? 0);
    const end = start + whole.length;
    const prev = text[start - 1] ?? '';
    if (/[\d.第前]/.test(prev) || insideAny(titles, start)) continue;
    if (/^[这那该此其]$/.test(prev) || text.slice(Math.max(0, start - 2), start) === '我们') continue;
    if (numeral === '一' || (/^[一两]$/.test(numeral) && ANAPHORIC_TWO.test(text.slice(numStart)))) continue;
    const after = text.slice(end, end + 24);
    // 三个一工程, 一对一: a numeral after the classifier makes a name, not a count.
    if (DURATION_AFTER.test(after) || /^[\d一二三四五六七八九十]/.test(after.replace(/^[“”"'‘’]/, ''))) continue;
    const value = parseNumeral(numeral);
    if (value === null || value === 0) continue;
    const approx: Approx = (prefix && PREFIX_APPROX[prefix]) || (mid && MID_APPROX[mid]) || (suffix && SUFFIX_APPROX[suffix]) || 'exact';

    const clauseEnd = after.search(CLAUSE_STOP);
    const afterWindow = clauseEnd < 0 ? after : after.slice(0, clauseEnd);
    let of = afterWindow ? nounAfter(afterWindow, tag) : '';
    let spanStart = start;
    let spanEnd = end;
    if (of) {
      spanEnd = end + afterWindow.indexOf(of) + of.length;
    } else {
      const lookback = text.slice(Math.max(lastEnd, start - 24), start);
      const cut = Math.max(...[...'，,。；;！？!?\n：:（('].map((c) => lookback.lastIndexOf(c)));
      const beforeWindow = lookback.slice(cut + 1);
      of = beforeWindow ? nounBefore(beforeWindow, tag) : '';
      const at = of ? text.lastIndexOf(of, start) : -1;
      if (at >= 0 && start - (at + of.length) <= 6) spanStart = at;
    }
    let sentenceStart = start;
    while (sentenceStart > 0 && !endsSentence(text.charCodeAt(sentenceStart - 1))) sentenceStart--;
    out.push({
      start: spanStart,
      end: spanEnd,
      value,
      approx,
      unit,
      of,
      holder: holderOf(text, sentenceStart, spanStart, tag),
      confidence: of ? 0.9 : 0.7,
    });
    lastEnd = spanEnd;
  }
  return out;
}
