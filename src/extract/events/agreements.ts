/**
 * Agreements the text states outright, by rules. A document is a noun of the language's closed set
 * (协议书, 备忘录, 意向书, 协定, 倡议, 宣言, 行动计划, 合作文件 …) met in one of three shapes:
 * - titled: 《…倡议》, “济南倡议”, or any 《…》 right after a signing verb (签署《…》);
 * - signed: a signing verb (签署, 签订, 签定, 草签, 续签, 缔结, 发布 …) then the document's
 *   qualifier and noun, with a count on either side (签署建立友好城市关系协议书, 草签友好合作协议,
 *   分别签署经贸、教育等领域合作协议11项, 签署15项合作文件, 其余8项为…签署的合作协议);
 * - counted, noun first: 12项友好合作协议成功签约, “文旅行业云”合作共建战略协议签约仪式.
 * A signing the clause only plans or wishes for (推动…签署), a form's note (以签署协议书的日期为准)
 * and the items listed inside a counted batch (包括…) are not agreements. Who signed is read from
 * the places of the clause, what it covers from the sentence, and its date from the sentence
 * before it. Confidence is lower than the LLM step's would be.
 */
import type { CountMention } from '../numbers/counts.ts';
import type { DateMention } from '../time/dates.ts';
import { placeMentions } from '../places/mentions.ts';
import { CHINESE_NUMERAL_CHARS, parseNumeral } from '../numbers/numbers.ts';
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

/** The document nouns, longest first within each family so that 协议书 is not read as 协议. */
const NOUNS = [
  '协议书',
  '协定书',
  '议定书',
  '倡议书',
  '意向书',
  '备忘录',
  '行动计划',
  '合作计划',
  '交流计划',
  '工作计划',
  '合作文件',
  '合作纲要',
  '会谈纪要',
  '联合公报',
  '联合声明',
  '协议',
  '协定',
  '倡议',
  '宣言',
  '声明',
  '共识',
  '盟约',
  '公约',
  '合同',
];
const NOUN = `(?:${NOUNS.join('|')})`;
/** Nouns that name a document only in a title or after a signing verb, never alone (达成共识). */
const KIND_WORDS = new Set(NOUNS);
/** Verbs that sign, initial, renew or release a document. */
const VERB = '(?:集中签署|共同签署|正式签署|共同发布|共同发出|签署|签订|签定|签约|草签|续签|重签|互签|缔结|发布|发表|发出|通过)';
const NUM = `(?:\\d+|[${CHINESE_NUMERAL_CHARS}]+)`;
const UNIT = '(?:项|份|个)';
/** What may stand between a verb and its noun: a qualifier, never a clause (no comma, no quote, no title). */
const QUAL = `(?:(?!${VERB})[\\u4e00-\\u9fff\\d、—\\-（）()]){0,24}?`;

const TITLED = new RegExp(`《([^《》\\n]{2,60}?${NOUN}(?:[（(][^（）()《》\\n]{1,20}[）)])?)》`, 'g');
const SIGNED_TITLE = new RegExp(`${VERB}了?《([^《》\\n]{2,60})》`, 'g');
const QUOTED = new RegExp(`[“"「]([^“”"「」\\n]{2,30}?${NOUN})[”"」]`, 'g');
const SIGNED = new RegExp(`${VERB}(?:了|的)?(?:(${NUM})${UNIT})?(${QUAL}${NOUN})(?:(${NUM})${UNIT})?`, 'g');
const COUNTED_FIRST = new RegExp(`(${NUM})${UNIT}([\\u4e00-\\u9fff]{0,10}?${NOUN})(?=[^，,。]{0,6}(?:签约|签署|签订|签字))`, 'g');
const QUOTED_FIRST = new RegExp(`[“"]([^“”"]{2,12})[”"]([\\u4e00-\\u9fff]{0,8}?${NOUN})(?=签约|签字)`, 'g');
/** The kind closing a phrase, with the words that qualify it (友好交流合作备忘录, 友好城市关系协议书). */
const KIND_AT_END = new RegExp(`[\\u4e00-\\u9fff]{0,10}?${NOUN}$`);
/** A clause that plans, wishes for or explains a signing rather than reporting one. */
const NOT_DONE = /(?:推动|推进|拟|争取|力争|有望|希望|期待|鼓励|支持|探讨|商讨|研究|准备|计划|意向|是|[^导出示挥定]指)[^，,。]{0,20}$|(?:未|尚未|没有|并未|从未|或)$/;
/** Verbs that release rather than sign: a bare 发出倡议 is a call, not a document. */
const RELEASE = /^(?:共同)?(?:发布|发表|发出|通过)/;
const NOTE_AFTER = /^(?:的)?(?:日期|年月|时间|为准|时|之日)/;
const VAGUE = /^(?:多项|多份|多个|一批|一系列|系列|若干|相关|有关|各项|该|此|这)/;
const FIELDS_RE = /(?:涵盖|涉及|包括|覆盖|在)([^。；;]{2,60}?)(?:等(?:多个|多项|诸多)?(?:领域|方面|类别)|领域|方面)/;
const LEADING = /^(?:建立|关于|双方|两市|两地|新一轮|了|的)+/;

function fieldsOf(sentence: string): string[] {
  const m = FIELDS_RE.exec(sentence);
  if (!m) return [];
  return m[1]! // the group always participates
    .split(/[、，,和及与]/)
    .map((f) => f.trim().replace(/^(?:新结交友城|多个|加强|开展)$/, ''))
    .filter((f) => f.length >= 2 && f.length <= 8 && !/\d/.test(f));
}

/** The document as the text calls it: 建立友好城市关系协议书 → 友好城市关系协议书, 经贸、教育等领域合作协议 → 合作协议. */
function kindOf(phrase: string): string {
  let bare = phrase.replace(/^.*(?:等领域|领域|、)/, '').replace(LEADING, '');
  // The last domain of a list stands glued to the kind it shares: 经贸、教育、旅游合作协议.
  if (phrase.includes('、')) bare = bare.replace(/^[\u4e00-\u9fff]+?(?=(?:友好|合作|交流|战略|框架)[\u4e00-\u9fff]*$)/, '');
  return KIND_AT_END.exec(bare)?.[0] ?? bare;
}

/** The noun a titled document ends with (…合作倡议 → 倡议), for its kind. */
function nounOf(title: string): string {
  const plain = title.replace(/[（(][^（）()]*[）)]$/, '');
  return NOUNS.find((n) => plain.endsWith(n)) ?? '文件';
}

interface Found {
  start: number;
  end: number;
  title: string | null;
  kind: string;
  count: number | null;
  /** Whether the clause refers back to a signing stated before (此次签署协议书). */
  back: boolean;
}
const LED_COUNT = new RegExp(`(${NUM})(?:${UNIT}(?:为|是)[^，,]*|对[\\u4e00-\\u9fff]{0,4})$`);
const BACK = /(?:此次|这次|本次|上述|此番)[^，,]{0,6}$/;

/** The agreements of one sentence, in sentence offsets. */
function inSentence(sentence: string): Found[] {
  const found: Found[] = [];
  const add = (start: number, end: number, title: string | null, kind: string, count: number | null, back = false) => {
    if (found.some((f) => start < f.end && f.start < end)) return;
    found.push({ start, end, title, kind, count, back });
  };
  const clauseBefore = (i: number) => sentence.slice(0, i).replace(/^.*[，,：:]/, '');
  // Items listed inside a counted batch (签署协议13项，包括…签署年度计划协议3个) are parts of it.
  let batchEnd = -1;
  const inBatch = (i: number) => batchEnd >= 0 && i > batchEnd && /包括|其中[^为是]/.test(sentence.slice(batchEnd, i));

  for (const m of sentence.matchAll(TITLED)) {
    const title = m[1]!; // the group always participates
    // 《倡议》 alone refers back to a title given before (以下简称《倡议》).
    if (!KIND_WORDS.has(title)) add(m.index, m.index + m[0].length, title, nounOf(title), null);
  }
  for (const m of sentence.matchAll(SIGNED_TITLE)) add(m.index, m.index + m[0].length, m[1]!, nounOf(m[1]!), null);
  for (const m of sentence.matchAll(QUOTED)) {
    const near = sentence.slice(Math.max(0, m.index - 4), m.index) + sentence.slice(m.index + m[0].length, m.index + m[0].length + 4);
    if (new RegExp(VERB).test(near)) add(m.index, m.index + m[0].length, m[1]!, nounOf(m[1]!), null);
  }
  for (const m of sentence.matchAll(SIGNED)) {
    const [, before, phrase, after] = m as unknown as [string, string | undefined, string, string | undefined];
    const end = m.index + m[0].length;
    if (NOT_DONE.test(clauseBefore(m.index)) || NOTE_AFTER.test(sentence.slice(end))) continue;
    if (VAGUE.test(phrase) && !before && !after) continue;
    if (RELEASE.test(m[0]) && KIND_WORDS.has(phrase)) continue;
    if (inBatch(m.index)) continue;
    // 其余8项为…签署的合作协议, 等8对城市签署…协议书: the count stands before the verb.
    const led = before ?? after ?? LED_COUNT.exec(clauseBefore(m.index))?.[1];
    const count = led === undefined ? null : parseNumeral(led);
    // A year opening the phrase names one document: 签署了2024年对口支援工作协议.
    const title = /^(?:19|20)\d{2}年/.test(phrase) ? phrase : null;
    add(m.index, end, title, kindOf(phrase.replace(/^(?:19|20)\d{2}年/, '')), count, BACK.test(clauseBefore(m.index)));
    if (count !== null) batchEnd = end;
  }
  for (const m of sentence.matchAll(COUNTED_FIRST)) {
    if (inBatch(m.index)) continue;
    add(m.index, m.index + m[0].length, null, kindOf(m[2]!), parseNumeral(m[1]!));
  }
  for (const m of sentence.matchAll(QUOTED_FIRST)) add(m.index, m.index + m[0].length, `${m[1]}${m[2]}`, kindOf(m[2]!), null);
  return found.sort((a, b) => a.start - b.start);
}

export function findAgreements(text: string, dates: DateMention[], counts: CountMention[]): AgreementMention[] {
  const out: AgreementMention[] = [];
  const back = new Set<AgreementMention>();
  for (const s of text.matchAll(SENTENCE)) {
    const sentence = s[0];
    const base = s.index;
    const found = inSentence(sentence);
    if (!found.length) continue;
    const { chinese, foreign } = placeMentions(sentence);
    const places = [...chinese, ...foreign].sort((a, b) => a.start - b.start);
    const fields = fieldsOf(sentence);
    let from = 0;
    for (const f of found) {
      // The parties are the places of its clause: after the agreement before it, up to its end.
      const parties = [...new Set(places.filter((p) => p.start >= from && p.end <= f.end).map((p) => p.place.name))];
      from = f.end;
      const date = dates.filter((d) => d.start >= base && d.end <= base + f.start).at(-1) ?? null;
      const counted = f.count ?? counts.find((c) => c.start >= base + f.start && c.end <= base + f.end)?.value ?? null;
      const { back: refers, ...mentioned } = f;
      const mention = { ...mentioned, start: base + f.start, end: base + f.end, count: counted, parties, fields, date: date?.startDate ?? null, confidence: f.title ? 0.7 : 0.6 };
      out.push(mention);
      if (refers) back.add(mention);
    }
  }
  return sameDocuments(out, back);
}

/**
 * Mentions of one untitled document share its kind and parties, so that they make one record:
 * mentions of the same kind and count whose parties are empty or contain one another are one
 * document, and so is a mention that refers back (此次签署协议书) to a document of a kind it ends
 * (友好交流协议书); each takes the longest kind and the parties of all.
 */
function sameDocuments(found: AgreementMention[], back: Set<AgreementMention>): AgreementMention[] {
  const groups: AgreementMention[][] = [];
  const within = (a: string[], b: string[]) => a.every((p) => b.includes(p));
  for (const a of found) {
    if (a.title !== null) continue;
    const group = groups.find((g) => {
      const all = g.flatMap((e) => e.parties);
      const kind = g[0]!.kind === a.kind || (back.has(a) && g[0]!.kind.endsWith(a.kind));
      return kind && g[0]!.count === a.count && (within(a.parties, all) || within(all, a.parties));
    });
    if (group) group.push(a);
    else groups.push([a]);
  }
  for (const g of groups) {
    const parties = [...new Set(g.flatMap((e) => e.parties))];
    for (const a of g) Object.assign(a, { parties, kind: g[0]!.kind });
  }
  return found;
}
