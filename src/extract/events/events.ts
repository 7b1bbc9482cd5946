/**
 * Named events by rules: a name that opens with a year or a Chinese place, or stands in quotes,
 * and ends in an event word (2025成都国际友城合作与发展大会, 成都市对外开放发展大会,
 * 「2025成都·欧洲文化季」, 山东省—布列塔尼大区结好40周年庆祝开幕式暨布列塔尼音乐节). Its dates
 * are those its sentence gives, its place the one the sentence holds it in (在济南举办, 在蓉举办)
 * else the one its name opens with, and its participants the counts of the same sentence.
 */
import type { CountMention } from '../numbers/counts.ts';
import type { DateMention } from '../time/dates.ts';
import { gazetteer } from '../places/gazetteer.ts';
import { chineseIndex } from '../places/mentions.ts';
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

const KINDS = [
  '交流周',
  '文化季',
  '音乐周',
  '电影周',
  '艺术节',
  '文化节',
  '音乐节',
  '美食节',
  '博览会',
  '展览会',
  '洽谈会',
  '推介会',
  '发布会',
  '对接会',
  '交流会',
  '研讨会',
  '论坛',
  '峰会',
  '大会',
  '年会',
  '系列活动',
  '开幕式',
  '大赛',
];
const KIND = `(?:${KINDS.join('|')})`;
// Function words never stand inside a name: 成都的创新活力已在16日开幕式 is not one.
const NAME_BODY = '(?:(?![的在已以是将为了把被从向于])[\\u4e00-\\u9fff·—\\-\\d“”"])';
// Shortest name up to an event word, continued over 暨 (…开幕式暨…音乐节).
const YEAR_NAME = new RegExp(`(?<![\\d])(?:19|20)\\d{2}(?=[\\u4e00-\\u9fff])(?![年月日号])${NAME_BODY}{2,30}?${KIND}(?:暨${NAME_BODY}{2,30}?${KIND})?`, 'g');
const QUOTED_NAME = new RegExp(`[「“"]((?:19|20)?\\d{0,2}${NAME_BODY}{2,30}?${KIND})[」”"]`, 'g');
/** Only a sentence that says the event takes place dates it (not 记者从…介绍会上获悉). */
const HOLDING = /开幕|举行|举办|召开|启动|启幕|闭幕|开街/;
const HELD_IN = /在([\u4e00-\u9fff]{1,8}?)(?:举办|举行|召开|开幕|启幕|落地举办|隆重举行)/;

const PARTICIPANTS: Array<[keyof EventMention['participants'], RegExp]> = [
  ['countries', /^(?:国家|国)/],
  ['delegations', /代表团$/],
  ['cities', /城市$/],
  ['guests', /^(?:嘉宾|外宾|代表)/],
  ['companies', /^(?:企业|公司)/],
];

const PLACE_NAME = new RegExp(`^${NAME_BODY}{2,30}?${KIND}(?:暨${NAME_BODY}{2,30}?${KIND})?`);
const ANY_KIND = new RegExp(KIND);

/** A name that opens with a Chinese place: 成都市对外开放发展大会, 四川国际友城建设新闻发布会. */
function placeNames(sentence: string): Array<{ index: number; text: string }> {
  const chinese = chineseIndex();
  const out: Array<{ index: number; text: string }> = [];
  const re = PLACE_NAME;
  for (let i = 0; i < sentence.length; i++) {
    // Inside a word or a number: no name starts here (a code unit compared, no one-character string made).
    const prev = i > 0 ? sentence.charCodeAt(i - 1) : -1;
    if ((prev >= 0x4e00 && prev <= 0x9fff) || (prev >= 0x30 && prev <= 0x39)) continue;
    const m = chinese.match(sentence, i);
    if (!m || m.value.kind === 'county') continue;
    const name = re.exec(sentence.slice(i));
    if (name) {
      out.push({ index: i, text: name[0] });
      i += name[0].length;
    }
  }
  return out;
}

/** 2025国际友城大会 abbreviates 2025成都国际友城合作与发展大会: its characters, in order, of a longer name of the same kind. */
function abbreviates(short: string, long: string): boolean {
  if (short === long || short.length >= long.length) return false;
  let i = 0;
  for (const ch of long) if (ch === short[i]) i++;
  return i === short.length && short.slice(-2) === long.slice(-2);
}

/** Mentions by a shortened name become mentions of the full name given in the same text. */
export function resolveAbbreviations(events: EventMention[]): EventMention[] {
  // Each distinct name is resolved once: a long text mentions a few names many times.
  const first = new Map<string, EventMention>();
  for (const e of events) if (!first.has(e.name)) first.set(e.name, e);
  const named = [...first.values()];
  const fullOf = new Map(named.map((e) => [e.name, named.find((o) => abbreviates(e.name, o.name))]));
  return events.map((e) => {
    const full = fullOf.get(e.name);
    return full ? { ...e, name: full.name, kind: full.kind, place: e.place ?? full.place } : e;
  });
}

export function findEvents(text: string, dates: DateMention[], counts: CountMention[]): EventMention[] {
  const g = gazetteer();
  const chinese = chineseIndex();
  const out: EventMention[] = [];
  for (const s of text.matchAll(SENTENCE)) {
    const sentence = s[0];
    const base = s.index;
    if (!ANY_KIND.test(sentence)) continue;
    const names: Array<{ index: number; text: string; name: string; quoted: boolean }> = [];
    for (const m of sentence.matchAll(QUOTED_NAME)) names.push({ index: m.index, text: m[0], name: m[1]!, quoted: true }); // the group always participates
    const taken = (i: number, len: number) => names.some((n) => i < n.index + n.text.length && n.index < i + len);
    for (const m of sentence.matchAll(YEAR_NAME)) if (!taken(m.index, m[0].length)) names.push({ index: m.index, text: m[0], name: m[0], quoted: false });
    for (const m of placeNames(sentence)) if (!taken(m.index, m.text.length)) names.push({ ...m, name: m.text, quoted: false });
    for (const n of names) {
      if (/^(?:第|首届)/.test(n.name)) continue;
      const kind = KINDS.find((k) => n.name.endsWith(k))!;
      // A verb inside is a clause, not a name: 德阳市举办第1届国际友城交流会.
      if (/举办|举行|召开|参加|出席|签署|走进|来到/.test(n.name.slice(0, -kind.length))) continue;
      const holding = HOLDING.test(sentence);
      const when = holding ? dates.find((d) => d.start >= base && d.end <= base + sentence.length && d.granularity !== 'year') : undefined;
      const nameYear = holding && !when ? /^(?:19|20)\d{2}/.exec(n.name)?.[0] : undefined;
      const held = HELD_IN.exec(sentence.slice(n.index + n.text.length));
      const heldPlace = held ? g.resolveChinese(held[1]!) : undefined;
      const named = chinese.match(n.name.replace(/^(?:19|20)\d{2}/, ''), 0)?.value;
      const participants: EventMention['participants'] = {};
      for (const c of counts) {
        if (c.start < base || c.end > base + sentence.length) continue;
        const role = PARTICIPANTS.find(([, re]) => re.test(c.of));
        if (role && participants[role[0]] === undefined) participants[role[0]] = c.value;
      }
      out.push({
        start: base + n.index,
        end: base + n.index + n.text.length,
        name: n.name.replace(/["“”]/g, ''),
        kind,
        startDate: when?.startDate ?? nameYear ?? null,
        endDate: when?.endDate ?? nameYear ?? null,
        place: heldPlace?.name ?? held?.[1] ?? named?.name ?? null,
        participants,
        confidence: n.quoted || /^(?:19|20)\d{2}/.test(n.name) ? 0.65 : 0.55,
      });
    }
  }
  return resolveAbbreviations(out);
}
