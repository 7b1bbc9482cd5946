/**
 * Events by rules. An event is a name that ends in an event word of the language (大会, 论坛,
 * 交流周, 博览会, …展, …节, 夏令营, 签约仪式, 纪念活动 …) and that the sentence presents as one:
 * - a name that opens with a year, an ordinal, a quote or a place (2025成都国际友城合作与发展大会,
 *   第四届中国—东盟城市合作论坛, “友城看太原”图片展, 利摩日国际陶瓷双年展);
 * - the object of a verb that holds or attends it (举办臺中觀光推介會, 出席…结好38周年座谈会,
 *   参加洛阳牡丹文化节, 上演“维也纳之声”新年音乐会);
 * - the subject of a clause that holds it (缔结友好城市关系仪式在绍兴国际会展中心举行,
 *   友城青年交流营在山西大学开营).
 * A delegation's visit is an event too (济宁市长率团访问德国、奥地利, 魁北克省经济代表团访鲁).
 * Its dates are those its sentence gives, its place the one the sentence holds it in (在济南举办)
 * else the one its name opens with, and its participants the counts of the same sentence.
 */
import type { CountMention } from '../numbers/counts.ts';
import type { DateMention } from '../time/dates.ts';
import { gazetteer } from '../places/gazetteer.ts';
import { chineseIndex, opensWithCountry, placeMentions } from '../places/mentions.ts';
import { SENTENCE } from '../text/sentences.ts';

export interface EventMention {
  start: number;
  end: number;
  name: string;
  kind: string;
  startDate: string | null;
  endDate: string | null;
  place: string | null;
  participants: Partial<Record<'countries' | 'delegations' | 'cities' | 'guests' | 'companies', number>>;
  confidence: number;
}

/** Event words, longer first where one ends another. */
const KINDS = [
  '系列活动',
  '纪念活动',
  '庆祝活动',
  '活动',
  '圆桌会议',
  '研讨会',
  '座谈会',
  '交流会',
  '洽谈会',
  '推介会',
  '说明会',
  '发布会',
  '对接会',
  '恳谈会',
  '招待会',
  '音乐会',
  '演唱会',
  '对话会',
  '见面会',
  '联谊会',
  '博览会',
  '展览会',
  '交易会',
  '纪念会',
  '庆祝会',
  '运动会',
  '圆桌会',
  '大会',
  '年会',
  '峰会',
  '酒会',
  '灯会',
  '庙会',
  '论坛',
  '晚宴',
  '嘉年华',
  '路演',
  '大赛',
  '文化季',
  '旅游季',
  '夏令营',
  '冬令营',
  '交流营',
  '训练营',
  '开幕式',
  '闭幕式',
  '仪式',
  '典礼',
  '展览',
  '展会',
  // …展 and …节 and …周 end a name; 发展, 开展, 春节, 环节, 40周年, 每周 do not.
  '(?<![开发进拓扩伸施会参布办])展(?![开示现出望览会期中馆厅位台品区])',
  '(?<![春环细季章调关中礼情时])节(?![日目点约奏省能假])',
  '(?<![每一两三四五六七八九十上下本这此前后近整当数几])周(?![年边期末围转知到全岁])',
];
const KIND_RE = new RegExp(KINDS.join('|'), 'g');
const KIND_AT_END = new RegExp(`(?:${KINDS.join('|')})$`);
/** Characters a name is made of: ideographs, digits, the dashes and dots inside names, quotes and brackets. */
const NAME_CHAR = /[\u4e00-\u9fff\d·—\-“”"「」（）()]/;
/** Function words never stand inside a name: 成都的创新活力已在16日开幕式 is not one. */
const STOP = new Set('的在已以是将为了把被从向于和及、等或并'.split(''));
/** A verb inside is a clause, not a name: the name starts after it (德阳市举办第1届国际友城交流会). */
const VERB_IN =
  /^.*(?:举办|举行|召开|参加|参与|出席|签署|走进|来到|上演|亮相|合办|主办|承办|协办|开展|组织|启动|前往|赴|共同|介绍|随着|同意|决定|宣布|表示|认为|指出|希望|期待|邀请|打造|培育|创办|设立|推动|推进)/;
/** Verbs that hold or attend the event named right after them. */
const HOLD_BEFORE = /(?:举办|举行|召开|参加|参与|出席|上演|亮相|合办|主办|承办|协办|开展)(?:了|的)?$/;
/** A clause after the name that holds it: 在…举行, 开幕, 闭幕, 开营, 揭牌. */
const HOLD_AFTER = /^[^，,。；;]{0,24}?(?:举行|举办|召开|开幕|闭幕|落幕|开营|开展|揭牌|揭幕|启幕|启动|上演|开街)/;
/** Only a sentence that says the event takes place dates it (not 记者从…介绍会上获悉). */
const HOLDING = /开幕|举行|举办|召开|启动|启幕|闭幕|落幕|开街|开营|开展|揭牌|访问|出访/;
const HELD_IN = /在([\u4e00-\u9fff]{1,12}?)(?:举办|举行|召开|开幕|启幕|开展|开营|揭牌|闭幕|落幕|落地举办|隆重举行)/;
/** Time words a name never opens with. */
const LEADING_TIME =
  /^(?:(?:\d{1,4}年)?(?:\d{1,2}月)?(?:\d{1,2}(?:日|号))?(?:至\d{1,2}(?:日|号))?|今年|明年|去年|每年|当天|当日|日前|近日|昨天|今天|昨日|今日|上午|下午|晚间|连续|同期|随后|此后|还|也|都|曾|再|先后|分别|首度|今|昨|同步|[\d一二三四五六七八九十两多]+[次场个项]|——|—)+/;
/** A name that refers back or counts (本届大会, 相关活动, 多项交流活动) names no event of its own. */
const REFERENCE = /^(?:各类|各项|相关|系列|一系列|多项|多场|多个|多样|一批|这些|此次|本次|本届|此届|该届|上届|该|上述|其他|其它|各种|一场|一次|两场|会上|当天|现场)/;
/** For an activity, a body that only qualifies it (交流活动, 主题活动) names none either. */
const QUALIFIER = /^(?:主要|重要|大型|交流|纪念|庆祝|主题|文化|经贸|友好|专题|配套|线上|线下|集中|开幕|闭幕|签约|签字|启动|开营|双方|两市|推介|研发|开放)*$/;
/** An anniversary or a twinning celebrated (结好30周年纪念活动) is an event whatever opens its name. */
const ANNIVERSARY = /周年|结好|缔结|结为/;
/** A clause that plans or wishes for an event rather than reporting one. */
const PLANNED = /(?:推动|拟|争取|力争|鼓励|支持|推进|探索|谋划|积极|希望|建议|适时|择机)[^，,。]{0,16}$/;
/** A bulleted line, or one that opens with the verb (举办…活动，组织…), is an item of a programme or a list. */
const LIST_ITEM = /^\s*(?:[-–•·●■▪◆◇※*]|\d{1,2}[.、．)）]|[（(][一二三四五六七八九十\d]+[）)]|(?:举办|开展|组织|举行)(?!了))/;
/** Ceremonies that open or close a named event are mentions of that event (…大会开幕式). */
const CEREMONY = /^(?:开幕式|闭幕式|开幕仪式|闭幕仪式|启动仪式)$/;
/** A name opening with a year or an ordinal (首届, 第四届, 第12个). */
const YEAR_OPEN = /^(?:19|20)\d{2}(?![年月日号\d])/;
const ORDINAL_OPEN = /^(?:第[\d一二三四五六七八九十百]+[届次个]|首届)/;

const PARTICIPANTS: Array<[keyof EventMention['participants'], RegExp]> = [
  ['countries', /^(?:国家|国)/],
  ['delegations', /代表团$/],
  ['cities', /城市$/],
  ['guests', /^(?:嘉宾|外宾|代表)/],
  ['companies', /^(?:企业|公司)/],
];

/** A delegation's visit: who leads or sends it, the verb, where it goes (率团访问德国、奥地利, 代表团访鲁). */
const VISIT =
  /(?:(?:率团|率领[^，,。]{0,20}?(?:代表团|访问团)|访问团|访团)(?:一行(?:\d+人)?)?(?:赴|前往)?(?:访问|出访|访|赴)|代表团(?:一行(?:\d+人)?)?(?:访问|出访|访))([^\d，,。；;的]{1,16}?)(?=[，,。；;\s]|进行|开展|期间|并|与|签署|庆贺|参加|出席|$)/g;

interface Candidate {
  index: number;
  text: string;
  name: string;
  kind: string;
  strong: boolean;
}

/** The name ending at [from, to) of the sentence, walking back over name characters to a stop. */
function nameBefore(sentence: string, to: number): { index: number; text: string; verbBefore: boolean } {
  let i = to;
  while (i > 0 && to - i < 40 && NAME_CHAR.test(sentence.charAt(i - 1)) && !STOP.has(sentence.charAt(i - 1))) {
    // A dash right after another event's name sets a second name beside it (…首场新闻发布会-四川…新闻发布会).
    if (/[-—]/.test(sentence.charAt(i - 1)) && KIND_AT_END.test(sentence.slice(0, i - 1).trimEnd())) break;
    i--;
  }
  let text = sentence.slice(i, to);
  // A quote opened inside and closed before the name: the name starts after it.
  const verb = VERB_IN.exec(text);
  if (verb) {
    i += verb[0].length;
    text = text.slice(verb[0].length);
  }
  const verbBefore = HOLD_BEFORE.test(sentence.slice(0, i));
  // A year opens a name: what stands before it belongs to the text before (…新发展2023四川…大会).
  const year = /(?<![\d”」"])(?:19|20)\d{2}(?![年月日号\d])/.exec(text.slice(1));
  if (year) {
    i += year.index + 1;
    text = text.slice(year.index + 1);
  }
  const time = LEADING_TIME.exec(text);
  if (time?.[0]) {
    i += time[0].length;
    text = text.slice(time[0].length);
  }
  if (/^[”」"）)]/.test(text)) {
    i += 1;
    text = text.slice(1);
  }
  return { index: i, text, verbBefore };
}

function candidates(sentence: string): Candidate[] {
  const chinese = chineseIndex();
  const { foreign } = placeMentions(sentence);
  const out: Candidate[] = [];
  for (const k of sentence.matchAll(KIND_RE)) {
    const end = k.index + k[0].length;
    // A word that goes on (大会现场 is fine, 展示 is not) was excluded by the pattern; a bracket after a name belongs to it (路演（厦门站）).
    const tail = /^[（(][\u4e00-\u9fff]{1,6}站?[）)]/.exec(sentence.slice(end))?.[0] ?? '';
    const { index, text, verbBefore } = nameBefore(sentence, end);
    const body = text.slice(0, -k[0].length).replace(/[“”"「」]/g, '');
    const activity = k[0].endsWith('活动');
    const dated = YEAR_OPEN.test(text) || ORDINAL_OPEN.test(text) || ANNIVERSARY.test(body);
    if (body.length < 2 || REFERENCE.test(body) || (activity && QUALIFIER.test(body))) continue;
    const quoted = /[“"「]/.test(sentence.charAt(index)) || /[“"「]/.test(sentence.charAt(index - 1));
    const place = chinese.match(text.replace(YEAR_OPEN, ''), 0)?.value.kind;
    const strong = dated || quoted || (place !== undefined && place !== 'county') || foreign.some((f) => f.start === index && f.end - f.start >= 2);
    const after = sentence.slice(end + tail.length);
    const held = HOLD_AFTER.test(after);
    // Planned or wished for (推动举办…), or listed in passing (举办A、B和C等活动): not an event of the article.
    if (verbBefore && PLANNED.test(sentence.slice(0, index).replace(/^.*[，,：:]/, ''))) continue;
    if (/^(?:[、和及]|等)/.test(after) || /[、和及]$/.test(sentence.slice(0, index)) || (LIST_ITEM.test(sentence) && !held)) continue;
    // An activity is one only when dated or held: the language calls many things 活动.
    if (activity ? !dated && !((quoted || strong) && (verbBefore || held)) && !(verbBefore && held) : !strong && !verbBefore && !held) continue;
    // 2025…大会开幕式 is the 大会 itself.
    const inner = CEREMONY.test(k[0]) ? [...body.matchAll(KIND_RE)].find((m) => m.index + m[0].length === body.length) : undefined;
    const named = inner ? text.slice(0, -k[0].length) : text + tail;
    // A one-character kind is named with the word before it: 交流周, 文化节, 图片展.
    const kind = inner?.[0] ?? (k[0].length === 1 ? body.slice(-2) + k[0] : k[0]);
    out.push({ index, text: text + tail, name: named.replace(/[“”"「」]/g, ''), kind, strong });
  }
  // Overlapping names are one event named by the longest (…开幕式暨布列塔尼音乐节).
  const kept: Candidate[] = [];
  for (const c of [...out].sort((a, b) => b.text.length - a.text.length)) {
    if (!kept.some((o) => c.index < o.index + o.text.length && o.index < c.index + c.text.length)) kept.push(c);
  }
  kept.sort((a, b) => a.index - b.index);
  // Two names side by side, the second after a dash, are one event, by the second name.
  return kept.filter((c, i) => !(kept[i + 1] && /^\s*[-—]\s*$/.test(sentence.slice(c.index + c.text.length, kept[i + 1]!.index)) && kept[i + 1]!.kind === c.kind));
}

/** 2025国际友城大会 abbreviates 2025成都国际友城合作与发展大会: its characters, in order, of a longer name of the same kind. */
function abbreviates(short: string, long: string): boolean {
  if (short === long || short.length >= long.length) return false;
  let i = 0;
  for (const ch of long) if (ch === short[i]) i++;
  return i === short.length && short.slice(-2) === long.slice(-2);
}

/**
 * Mentions by a shortened name become mentions of the full name given in the same text; an
 * ordinal with the kind alone (首届论坛, 第五届论坛) names that edition of the full name.
 */
export function resolveAbbreviations(events: EventMention[]): EventMention[] {
  // Each distinct name is resolved once: a long text mentions a few names many times.
  const first = new Map<string, EventMention>();
  for (const e of events) if (!first.has(e.name)) first.set(e.name, e);
  const named = [...first.values()];
  const fullOf = new Map<string, { name: string; kind: string; place: string | null }>();
  for (const e of named) {
    const ordinal = ORDINAL_OPEN.exec(e.name)?.[0];
    if (ordinal && e.name === ordinal + e.kind) {
      const full = named.find((o) => o !== e && o.kind === e.kind && o.name.length > e.name.length);
      if (full) fullOf.set(e.name, { name: ordinal + full.name.replace(ORDINAL_OPEN, ''), kind: e.kind, place: null });
      continue;
    }
    const edition = ORDINAL_OPEN.exec(e.name)?.[0];
    // The longest name it abbreviates, so that abbreviations of abbreviations reach the full name.
    const full = named
      .filter((o) => abbreviates(e.name, o.name) && (!edition || ORDINAL_OPEN.exec(o.name)?.[0] === edition))
      .reduce<EventMention | undefined>((a, o) => (a && a.name.length >= o.name.length ? a : o), undefined);
    if (full) fullOf.set(e.name, full);
  }
  return events.map((e) => {
    const full = fullOf.get(e.name);
    return full ? { ...e, name: full.name, kind: full.kind, place: e.place ?? full.place } : e;
  });
}

/** A destination: a known place, a country or a place chain, or a country's one-character abbreviation (访美, 赴韩). */
function isPlace(where: string): boolean {
  const { chinese, foreign } = placeMentions(where);
  return gazetteer().resolveChinese(where) !== undefined || opensWithCountry(where) || chinese.length + foreign.length > 0 || /^[美韩日俄英法德意澳加泰越马菲印荷葡蒙老柬缅新]$/.test(where);
}

/** Visits by one sender are one visit, named by its first mention (高市府訪團赴美, then 訪問美國波特蘭市). */
function visits(sentence: string): Array<{ index: number; text: string; who: string | null; where: string }> {
  const out: Array<{ index: number; text: string; who: string | null; where: string }> = [];
  for (const m of sentence.matchAll(VISIT)) {
    const where = m[1]!.replace(/^(?:了|过)/, ''); // the group always participates
    // A delegation that is only sent (代表团访问国际友城) must go to a place; one that is led goes somewhere.
    if (m[0].startsWith('代表团') && !isPlace(where)) continue;
    const before = sentence.slice(0, m.index);
    const { chinese } = placeMentions(sentence);
    const who = chinese.filter((p) => p.end <= m.index + 3 && p.end >= m.index - 12 && !/[，,。]/.test(before.slice(p.end))).at(-1);
    out.push({ index: m.index, text: m[0], who: who?.place.name ?? null, where });
  }
  return out;
}

export function findEvents(text: string, dates: DateMention[], counts: CountMention[]): EventMention[] {
  const g = gazetteer();
  const chinese = chineseIndex();
  const out: EventMention[] = [];
  const visitNames = new Map<string, string>();
  for (const s of text.matchAll(SENTENCE)) {
    const sentence = s[0];
    const base = s.index;
    const holding = HOLDING.test(sentence);
    const when = holding ? dates.find((d) => d.start >= base && d.end <= base + sentence.length && d.granularity !== 'year') : undefined;
    const participants: EventMention['participants'] = {};
    for (const c of counts) {
      if (c.start < base || c.end > base + sentence.length) continue;
      const role = PARTICIPANTS.find(([, re]) => re.test(c.of));
      if (role && participants[role[0]] === undefined) participants[role[0]] = c.value;
    }
    const found = candidates(sentence);
    for (const n of found) {
      const year = holding && !when ? (/^(?:19|20)\d{2}/.exec(n.name)?.[0] ?? dates.find((d) => d.start >= base && d.end <= base + sentence.length)?.startDate) : undefined;
      const held = HELD_IN.exec(sentence.slice(n.index + n.text.length));
      const heldPlace = held ? g.resolveChinese(held[1]!) : undefined;
      const named = chinese.match(n.name.replace(/^(?:19|20)\d{2}/, '').replace(ORDINAL_OPEN, ''), 0)?.value;
      out.push({
        start: base + n.index,
        end: base + n.index + n.text.length,
        name: n.name,
        kind: n.kind,
        startDate: when?.startDate ?? year ?? null,
        endDate: when?.endDate ?? year ?? null,
        place: heldPlace?.name ?? held?.[1] ?? named?.name ?? null,
        participants,
        confidence: n.strong ? 0.65 : 0.55,
      });
    }
    for (const v of visits(sentence)) {
      if (found.some((n) => v.index < n.index + n.text.length && n.index < v.index + v.text.length)) continue;
      const sender = v.who ?? '';
      const name = visitNames.get(sender) ?? `${sender ? `${sender}代表团` : '代表团'}访问${v.where}`;
      visitNames.set(sender, name);
      out.push({
        start: base + v.index,
        end: base + v.index + v.text.length,
        name,
        kind: '访问',
        startDate: when?.startDate ?? null,
        endDate: when?.endDate ?? null,
        place: g.resolveChinese(v.where)?.name ?? v.where,
        participants,
        confidence: 0.5,
      });
    }
  }
  return resolveAbbreviations(out);
}
