/**
 * Agreements the text states outright, by rules: titled documents (《…倡议》, “济南倡议”,
 * 《…备忘录》), counted signings (签署友好合作协议13项, 12项友好合作协议成功签约) and named
 * signings (签订四方协议, “文旅行业云”合作共建战略协议签约仪式). What an agreement covers and who
 * signed it is read from the same sentence. Confidence is lower than the LLM step's would be.
 */
import type { CountMention } from '../numbers/counts.ts';
import type { DateMention } from '../time/dates.ts';
import { placeMentions } from '../places/mentions.ts';
import { parseNumeral } from '../numbers/numbers.ts';
import { SENTENCE } from '../text/sentences.ts';

export interface AgreementMention {
  start: number;
  end: number;
  title: string | null;
  kind: string;
  parties: string[];
  count: number | null;
  fields: string[];
  date: string | null;
  confidence: number;
}

const KINDS = ['友好城市协议书', '协议书', '备忘录', '倡议书', '倡议', '共识', '宣言', '声明', '意向书', '议定书', '协定', '协议'];
const KIND = `(?:${KINDS.join('|')})`;
const SIGN = '(?:签署|签订|签约|达成|发布|通过|提出|集中签署)';
const ANY_KIND = new RegExp(KIND);
const SIGNED = new RegExp(SIGN);
/** The kind closing a phrase, with the word that qualifies it (友好合作备忘录). */
const KIND_AT_END = new RegExp(`((?:友好合作|战略|合作|四方|三方|双方|友好|框架|年度计划)?)${KIND}$`);

const TITLED = new RegExp(`《([^《》\\n]{2,60}?${KIND})》`, 'g');
const QUOTED = new RegExp(`[“"「]([^“”"「」\\n]{2,30}?${KIND})[”"」]`, 'g');
const COUNTED_AFTER = new RegExp(`${SIGN}了?([\\u4e00-\\u9fff]{0,8}?${KIND})([\\d一二三四五六七八九十两]+)(?:项|个|份)`, 'g');
const COUNTED_BEFORE = new RegExp(
  `([\\d一二三四五六七八九十两]+)(?:项|个|份)([\\u4e00-\\u9fff]{0,8}?${KIND})(?=[^，,。]{0,6}(?:签约|签署|签订))|${SIGN}了?([\\d一二三四五六七八九十两]+)(?:项|个|份)([\\u4e00-\\u9fff]{0,8}?${KIND})`,
  'g',
);
const NAMED = new RegExp(`(?:签订|签署)了?((?:[\\u4e00-\\u9fff]{0,4})${KIND})|[“"]([^“”"]{2,12})[”"]([\\u4e00-\\u9fff]{0,8}?${KIND})签约`, 'g');
const FIELDS_RE = /(?:涵盖|涉及|包括|覆盖)([^。；;]{2,60}?)(?:等(?:多个|多项|诸多)?(?:领域|方面|类别)|领域)/;

/** 友好合作年度计划协议 → 协议's closest qualifier: 四方协议, 战略协议, 合作协议, 友好合作协议. */
function kindOf(phrase: string): string {
  const m = KIND_AT_END.exec(phrase);
  return m ? m[0] : phrase;
}

function fieldsOf(sentence: string): string[] {
  const m = FIELDS_RE.exec(sentence);
  if (!m) return [];
  return m[1]! // the group always participates
    .split(/[、，,和及与]/)
    .map((f) => f.trim().replace(/^(?:新结交友城|多个)$/, ''))
    .filter((f) => f.length >= 2 && f.length <= 8 && !/\d/.test(f));
}

export function findAgreements(text: string, dates: DateMention[], counts: CountMention[]): AgreementMention[] {
  const out: AgreementMention[] = [];
  for (const s of text.matchAll(SENTENCE)) {
    const sentence = s[0];
    const base = s.index;
    if (!ANY_KIND.test(sentence)) continue;
    const found: Array<Omit<AgreementMention, 'parties' | 'fields' | 'date' | 'confidence'>> = [];
    const add = (start: number, end: number, title: string | null, kind: string, count: number | null) => {
      if (found.some((f) => start < f.end && f.start < end)) return;
      found.push({ start: base + start, end: base + end, title, kind, count });
    };
    // Below, `!` marks groups that always participate, or whose alternative matched.
    for (const m of sentence.matchAll(COUNTED_AFTER)) add(m.index, m.index + m[0].length, null, kindOf(m[1]!), parseNumeral(m[2]!));
    for (const m of sentence.matchAll(COUNTED_BEFORE)) {
      const [n, phrase] = m[1] ? [m[1], m[2]!] : [m[3]!, m[4]!];
      add(m.index, m.index + m[0].length, null, kindOf(phrase), parseNumeral(n));
    }
    for (const m of sentence.matchAll(TITLED)) {
      const title = m[1]!;
      // 《倡议》 alone refers back to a title given before (以下简称《倡议》).
      if (!KINDS.includes(title)) add(m.index, m.index + m[0].length, title, kindOf(title).replace(/^.*?(倡议|共识|备忘录|宣言|声明|意向书|议定书|协定|协议书|协议)$/, '$1'), null);
    }
    for (const m of sentence.matchAll(QUOTED)) {
      const near = sentence.slice(Math.max(0, m.index - 4), m.index) + sentence.slice(m.index + m[0].length, m.index + m[0].length + 4);
      const title = m[1]!;
      if (SIGNED.test(near)) add(m.index, m.index + m[0].length, title, kindOf(title).replace(/^.*?(倡议|共识|备忘录|宣言|声明|协议)$/, '$1'), null);
    }
    for (const m of sentence.matchAll(NAMED)) {
      if (m[1] !== undefined) add(m.index, m.index + m[0].length, null, kindOf(m[1]), null);
      else add(m.index, m.index + m[0].length, `${m[2]}${m[3]}`, kindOf(m[3]!), null);
    }
    if (!found.length) continue;
    const { chinese, foreign } = placeMentions(sentence);
    const parties = [...new Set([...chinese, ...foreign].sort((a, b) => a.start - b.start).map((p) => p.place.name))];
    const fields = fieldsOf(sentence);
    for (const f of found) {
      const date = dates.find((d) => d.start >= base && d.end <= f.start && d.end > base) ?? null;
      const counted = f.count ?? counts.find((c) => c.start >= f.start && c.end <= f.end)?.value ?? null;
      out.push({ ...f, count: counted, parties, fields, date: date?.startDate ?? null, confidence: f.title ? 0.7 : 0.6 });
    }
  }
  return out;
}
