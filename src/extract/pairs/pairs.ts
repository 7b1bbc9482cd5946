/**
 * City pairs: a Chinese place and a foreign place that the text presents as twinned (友好城市,
 * 友城, 姊妹市, 友好省州, 结好 …) or as friendly partners (友好合作关系城市, 友好交流城市 …).
 *
 * Rows of partner tables and lists are read by ./tables.ts. In running text, only sentences that
 * name a relation outside quotation marks are read (an award's name does not make its winners
 * twins), and none about a flight route. Places are whole administrative chains read by
 * ./mentions.ts; each foreign unit is paired with the nearest Chinese place before it in the
 * sentence, else the place the article is about (我市与…, 在友好城市澳大利亚珀斯).
 */
import { gazetteer, type Place } from '../places/gazetteer.ts';
import type { DateMention } from '../time/dates.ts';
import { chineseIndex, countryCodesIn, placeMentions, startDocument, type PlaceMention } from '../places/mentions.ts';
import type { Normalized } from '../text/normalize.ts';
import { parseChineseInteger } from '../numbers/numbers.ts';
import type { Relation } from '../../records.ts';
import { INTENT, keywords, type Keyword } from './relations.ts';
import { SENTENCE, SENTENCE_MAX, sentenceFrom } from '../text/sentences.ts';
import { tableRows } from './tables.ts';

export interface PairMention {
  /** Spans in the normalised text: the Chinese side (or the relation word when it is implied) and the foreign side. */
  spans: Array<[number, number]>;
  a: Place;
  b: Place;
  /** The foreign side's name as the record gives it. */
  bName: string;
  /** The country as the text states it, null when it does not. */
  country: string | null;
  relation: Relation;
  since: { date: string; granularity: string } | null;
  confidence: number;
}

const ROUTE = /航线|航班|直飞|开航|航点|直航/;
const ESTABLISH = /缔结|结为|结成|建立|签署|签订|结好|结盟|签约|升级为/;
const CLAUSE_END = /[，,：:]/;
/** 当天, 同日, 会上, 签约仪式上 …: the day of the meeting or ceremony named before. */
const SAME_DAY = /当天|当日|同日|今天|今日|^[^，,]{0,8}?(?:会|会议|仪式|闭幕式|开幕式|大会|论坛)上/;
/** A later clause or the next sentence about the pair: 双方早在1992年就结为…, 两市早在1983年即缔结…. */
const BOTH_LATER = /^(?:双方|两市|两地|两省|两区|两县)[^，,。]{0,4}?$/;
/** Between the Chinese side and its partner: 与, 还与, 今天与. */
const WITH = /^[^，,。；]{0,12}[与同跟]$/;
/** Nouns a relation word can qualify: then it states no relation of the places around it. */
const MODIFIER = /^(?:关系)?(?:大会|论坛|交流周|交流会|交流大会|合作奖|奖|联合会|协会|工作|市长|代表|青年|大学生|活动|项目|资源|圆桌|峰会|博览会|发展大会|合作与发展大会|合作交流周)/;
/** Event nouns a relation word names with no verb of establishment in sight: 友城文化展, 友好城市交流活动. */
const EVENT_AFTER = /^(?:关系)?(?:交流)?(?:活动|文化展|图片展|展览|展|文化节|艺术节|音乐会|电影节|美食节|嘉年华|大会|论坛|峰会|博览会)/;
/**
 * A relationship proposed, not made: a wish, a plan or talks before the verb (希望推动…缔结, 拟与…结为,
 * 就…建立友好城市关系进行探讨).
 */
const PROPOSED = /(?:将|拟|有意|希望|期待|期望|愿意|推动|争取|尽快|计划|准备|考虑|提议|建议|商讨|探讨)[^，,。；]{0,20}?(?:缔结|结为|结成|建立|签署|签订|结好)/;
const TALKS_AFTER = /^[^，,。；]{0,4}?(?:进行了?|开展了?)?(?:探讨|磋商|商谈|洽谈|协商)|^[^，,。；]{0,3}?的可能/;
/** A reference to the article's own place: 该区, 本县, 我市. */
const REFERENCE = /(?:该|本|我|全)([区县市省州])[^该本我全]*$/;
/** A dateline: 新华社埃德蒙顿6月11日电. */
const DATELINE = /^\d{1,2}月\d{1,2}日电/;
const ANNIVERSARY = /^[^，,。]{0,14}?(?:结好|缔结|结为|结盟|建立|建交)[^，,。]{0,10}?(?:届满)?(\d{1,3}|[一二三四五六七八九十]+)周年/;
/** Twinning is a modern institution: an older "anniversary" is a city's own. */
const FIRST_YEAR = 1900;

/** The place the article is about: the one its relation sentences name most, else its whole text. */
function mostNamed(places: Place[], kind?: Place['kind']): Place | undefined {
  const tally = new Map<Place, number>();
  for (const p of places) if (kind ? p.kind === kind : p.kind !== 'county') tally.set(p, (tally.get(p) ?? 0) + 1);
  let best: Place | undefined;
  for (const [p, n] of tally) if (!best || n > tally.get(best)!) best = p;
  return best;
}

/** The year the article is written in: the publication date, else the latest day or month it writes out with its year. */
function textYear(dates: DateMention[], published: string | null | undefined): number | undefined {
  if (published) return Number(published.slice(0, 4));
  const years = dates.filter((d) => !d.anchored && d.granularity !== 'year').map((d) => Number(d.startDate.slice(0, 4)));
  return years.length ? Math.max(...years) : undefined;
}

function clauseEnd(sentence: string, from: number): number {
  const m = CLAUSE_END.exec(sentence.slice(from));
  return m ? from + m.index : sentence.length;
}

/** The relation word a foreign place goes with: an upgrade's target, else the first after it, else the last before. */
function relationFor(sentence: string, kws: Keyword[], f: PlaceMention): { kw: Keyword; relation: Relation } | undefined {
  const upgrade = sentence.indexOf('升级为', f.end);
  const kw = (upgrade >= 0 && kws.find((k) => k.at >= upgrade)) || kws.find((k) => k.at >= f.end) || [...kws].reverse().find((k) => k.at < f.start);
  if (!kw) return undefined;
  const span = sentence.slice(f.end, clauseEnd(sentence, Math.max(kw.end, f.end)) + 1);
  return { kw, relation: INTENT.test(span) ? 'unspecified' : kw.relation };
}

/** The start of the clause before the one holding `at`: a date there still leads the pair (1982年10月，四川与…缔结). */
function leadStart(sentence: string, at: number): number {
  let commas = 0;
  for (let i = at - 1; i >= 0; i--) if (/[，,]/.test(sentence[i]!) && ++commas === 2) return i + 1; // 0 <= i < at
  return 0;
}

/**
 * When the sentence ties a date to the establishment: an anniversary counted back from the
 * text's year (结好30周年); a date between the pair and a verb of establishment in its clause
 * (于2003年9月缔结, 自1985年结为…以来); a date leading the pair's clause (2012年，泉州市与…结为);
 * a later clause about both (双方于2002年结为); 当天 or 会上 for the last day named before.
 */
function establishedOn(text: string, sentence: string, base: number, from: number, fStart: number, after: number, dates: DateMention[], year: number | undefined): PairMention['since'] {
  const rest = sentence.slice(after);
  const anniversary = ANNIVERSARY.exec(rest);
  if (anniversary) {
    const count = anniversary[1]!; // the group always participates
    const years = Number(count) || (parseChineseInteger(count) ?? NaN);
    const before = [...dates].reverse().find((d) => d.start >= base && d.end <= base + from && d.granularity !== 'year');
    const ref = before ? Number(before.startDate.slice(0, 4)) : year;
    const since = ref !== undefined ? ref - years : NaN;
    return since >= FIRST_YEAR ? { date: String(since), granularity: 'year' } : null;
  }
  const end = clauseEnd(sentence, after);
  const verb = ESTABLISH.exec(sentence.slice(after, end));
  if (!verb) return laterClause(sentence, base, end, dates);
  if (INTENT.test(sentence.slice(after, clauseEnd(sentence, after + verb.index + verb[0].length)))) return null;
  const verbAt = base + after + verb.index;
  const between = dates.find((d) => d.start >= base + after && d.end <= verbAt);
  if (between) return asSince(between);
  const leading = [...dates].reverse().find((d) => d.start >= base + leadStart(sentence, from) && d.end <= base + fStart);
  if (leading) return asSince(leading);
  // 会上，…；…与…签署: the whole sentence up to its full stop, across semicolons (looking back a
  // few sentences' length at most: text without full stops must not be searched to its start).
  const back = Math.max(0, base - 2 * SENTENCE_MAX);
  const window = text.slice(back, base + 1);
  const stop = back + Math.max(window.lastIndexOf('。'), window.lastIndexOf('\n')) + 1;
  if (SAME_DAY.test(text.slice(stop, base + end))) {
    const day = [...dates].reverse().find((x) => x.end <= base + from && x.granularity === 'day');
    if (day) return asSince(day);
  }
  // A signing with no date of its own, then 两市于2016年结为….
  return laterClause(sentence, base, end, dates);
}

function asSince(d: DateMention): PairMention['since'] {
  return { date: d.startDate, granularity: d.granularity };
}

/** A clause or sentence after the pair's that opens with 双方/两市 or the date itself (，1980年10月缔结), then a verb of establishment. */
export function laterClause(text: string, base: number, from: number, dates: DateMention[]): PairMention['since'] {
  const d = dates.find((x) => x.start >= base + from && x.start - base <= from + 12);
  if (!d) return null;
  const lead = text.slice(Math.max(from, 0), d.start - base).replace(/^[，,。]/, '');
  const tail = text.slice(d.end - base, d.end - base + 6);
  return (lead === '' || BOTH_LATER.test(lead)) && /^[^，,。]{0,3}?(?:缔结|结为|结成|结好|建立)/.test(tail) ? asSince(d) : null;
}

/** The full form the text writes (蒙古国, 印度尼西亚) rather than the shorter standard one; never a regional name (寮国 → 老挝). */
function fullForm(written: string | undefined, standard: string): string {
  if (!written || written.length <= standard.length || /(?:共和国|民国|王国|联邦|合众国)$/.test(written)) return standard;
  let i = 0;
  for (const ch of written) if (ch === standard[i]) i++;
  return i === standard.length ? written : standard;
}

/**
 * The foreign side's place and country: as the text states it, else from a known level of its
 * chain, else from the namesakes of its name, kept to the countries the article names.
 */
function foreignSide(f: PlaceMention, countries: () => Set<string>, stated: Map<string, PlaceMention>): { place: Place; country: string | null } {
  const g = gazetteer();
  if (f.country) return { place: f.place, country: fullForm(f.countryText, f.country.name) };
  // The country the article states with the same name elsewhere (加拿大阿尔伯塔省 … 黑龙江省与阿尔伯塔省).
  // A place mention has at least one level: what is written.
  const written = f.levels.at(-1)!.name;
  const same = stated.get(written) ?? stated.get(f.name);
  if (same?.country) return { place: f.place, country: fullForm(same.countryText, same.country.name) };
  const fromChain = f.levels
    .slice(0, -1)
    .map((l) => l.known?.countryCode)
    .find((c) => c && c !== 'XX');
  const namesakes = g.foreign.get(f.place.name) ?? g.foreign.get(written) ?? g.foreign.get(written.replace(/(?:省|州|大区|县|市)$/, '')) ?? [];
  // Only a country the article names: the text, not the gazetteer, says where a place is.
  const named = namesakes.filter((p) => countries().has(p.countryCode) && (!fromChain || p.countryCode === fromChain));
  const codes = new Set(named.map((p) => p.countryCode));
  const code = codes.size === 1 ? [...codes][0] : fromChain && !namesakes.length && countries().has(fromChain) ? fromChain : undefined;
  return { place: named[0] ?? f.place, country: code ? (g.countryByIso(code)?.name ?? null) : null };
}

const SPECIFICITY = { sister: 2, friendly: 2, unspecified: 0 };

/** The canonical places of a pair fact's two sides, as the gazetteer knows them. */
export function pairPlaces(a: string, b: string, country: string | null): { a: Place; b: Place } | undefined {
  const g = gazetteer();
  const pa = g.resolveChinese(a) ?? g.chinesePlace(a);
  const c = country ? g.country(country) : undefined;
  const pb = g.resolveForeign(b, c?.code) ?? g.resolveForeign(b) ?? g.contextPlace(b, c ?? null);
  return { a: pa, b: pb };
}

/** The Chinese place the article names most. */
export function mainPlace(text: string): Place | undefined {
  const idx = chineseIndex();
  const named: Place[] = [];
  for (let i = 0; i < text.length; ) {
    const m = idx.match(text, i);
    if (m) {
      named.push(m.value);
      i += m.name.length;
    } else i++;
  }
  return mostNamed(named);
}

export function findPairs(original: string, norm: Normalized, dates: DateMention[], published?: string | null): PairMention[] {
  startDocument();
  const text = norm.text;
  const out: PairMention[] = [];
  const rows = tableRows(original, norm);
  const year = textYear(dates, published);
  const sentences: Array<{ sentence: string; base: number; kws: Keyword[]; chinese: PlaceMention[]; foreign: PlaceMention[] }> = [];
  let row = 0;
  for (const s of text.matchAll(SENTENCE)) {
    const sentence = s[0];
    while (row < rows.length && rows[row]!.end <= s.index) row++;
    if (row < rows.length && rows[row]!.start < s.index + sentence.length) continue; // row < rows.length
    if (ROUTE.test(sentence)) continue;
    const kws = keywords(sentence);
    if (kws.length === 0) {
      const carried = carriedPair(text, sentence, s.index, dates);
      if (carried) out.push(carried);
      continue;
    }
    const { chinese, foreign } = placeMentions(sentence);
    sentences.push({ sentence, base: s.index, kws, chinese, foreign: foreign.filter((f) => !kws.some((k) => k.at < f.end && f.start < k.end)) });
  }
  // Every level written with its country, by name: the country of the same name written alone.
  const stated = new Map<string, PlaceMention>();
  for (const s of sentences) for (const f of s.foreign) if (f.country) for (const name of [f.name, ...f.levels.map((l) => l.name)]) if (!stated.has(name)) stated.set(name, f);
  let named_: Set<string> | undefined;
  const countriesNamed = () => (named_ ??= countryCodesIn(text));
  // A county named in full once (浙江省湖州市安吉县) may go by its short name after (来到安吉); the
  // index leaves two-character county names out, as they are often ordinary words.
  const counties = [...new Set(sentences.flatMap((s) => s.chinese.filter((c) => c.place.kind === 'county' && c.place.name.length === 2).map((c) => c.place)))];
  const countyBetween = (sentence: string, from: number, to: number): PlaceMention | undefined => {
    for (const place of counties) {
      const at = sentence.indexOf(place.name, from);
      if (at >= 0 && at + place.name.length <= to) {
        const level = { start: at, end: at + place.name.length, name: place.name, kind: place.kind, known: place };
        return { start: at, end: level.end, side: 'chinese', country: null, levels: [level], place, name: place.name, known: true };
      }
    }
    return undefined;
  };
  const named = () => sentences.flatMap((s) => s.chinese.map((c) => c.place));
  let main: Place | undefined | null = null;
  // 该区/本县 refer to the district or county the article names most, 我市 to the city.
  const mainOf = (level?: string) => (level === '区' || level === '县' ? mostNamed(named(), 'county') : undefined) ?? (main ??= mostNamed(named()) ?? mainPlace(text));

  for (const r of rows) {
    const a = r.chinese ?? mainOf();
    if (!a) continue;
    out.push({
      spans: [[r.start, r.end]],
      a,
      b: r.foreign.place,
      bName: r.foreign.name,
      country: r.country ? fullForm(r.countryText, r.country.name) : null,
      relation: r.relation,
      since: r.since ? { date: r.since, granularity: r.since.length === 4 ? 'year' : r.since.length === 7 ? 'month' : 'day' } : null,
      confidence: r.foreign.known ? 0.8 : 0.6,
    });
  }

  for (const { sentence, base, kws, chinese, foreign } of sentences) {
    const found: PairMention[] = [];
    for (const f of foreign) {
      const rel = relationFor(sentence, kws, f);
      if (!rel || DATELINE.test(sentence.slice(f.end))) continue;
      // A place left behind by a later one before the relation word (出访美国加州，并前往库比蒂诺市出席两市缔结…).
      const next = foreign.find((g) => g.start > f.end && g.start < rel.kw.at);
      const both = /两市|双方|两地/.test(sentence.slice(Math.max(0, rel.kw.at - 6), rel.kw.at));
      if (both && next && /[，,]/.test(sentence.slice(f.end, next.start)) && !chinese.some((c) => c.start > f.end && c.end <= next.start)) continue;
      const inverted = chinese.find((c) => c.start >= f.end && /^[与和同跟]$/.test(sentence.slice(f.end, c.start)));
      const before = chinese.filter((c) => c.end <= f.start);
      const between = chinese.filter((c) => c.start >= f.end && c.end <= rel.kw.at);
      const a: PlaceMention | undefined = inverted ?? before[before.length - 1] ?? between[between.length - 1] ?? countyBetween(sentence, f.end, rel.kw.at);
      const m = a ? undefined : mainOf(REFERENCE.exec(sentence.slice(0, f.start))?.[1]);
      // A place named after the relation word stands in only when the article has no main place.
      const side = a ?? (m ? undefined : chinese.find((c) => c.start >= f.end));
      const place = side?.place ?? m;
      if (!place) continue;
      // With no Chinese place in sight, 友城大会 or 友城市长 names an event or a person, not the pair's relation.
      if (!side && MODIFIER.test(sentence.slice(rel.kw.end, rel.kw.end + 5))) continue;
      // An exhibition or an activity named with the relation word says nothing of a relation unless one is made.
      if (EVENT_AFTER.test(sentence.slice(rel.kw.end, rel.kw.end + 5)) && !ESTABLISH.test(sentence)) continue;
      const clause = sentence.slice(leadStart(sentence, Math.min(side?.start ?? f.start, f.start)), clauseEnd(sentence, Math.max(rel.kw.end, f.end)));
      if (PROPOSED.test(clause) || TALKS_AFTER.test(sentence.slice(rel.kw.end + (sentence.startsWith('关系', rel.kw.end) ? 2 : 0)))) continue;
      // With the Chinese side implied, the relation word is cited with the foreign place.
      const aSpan: [number, number] = side ? [base + side.start, base + side.end] : [base + rel.kw.at, base + rel.kw.end];
      const from = Math.min(side && side.start < f.start ? side.start : f.start, f.start);
      const after = inverted ? inverted.end : f.end;
      const b = foreignSide(f, countriesNamed, stated);
      // A name neither the gazetteer nor the text places abroad is not evidently foreign (成都与火星市).
      if (!f.known && !b.country) continue;
      found.push({
        spans: [aSpan, [base + f.start, base + f.end]],
        a: place,
        b: b.place,
        bName: f.name,
        country: b.country,
        relation: rel.relation,
        since: rel.relation === 'unspecified' && INTENT.test(sentence) ? null : establishedOn(text, sentence, base, from, f.start, after, dates, year),
        confidence: !f.known || (side && !side.known) ? 0.6 : side ? 0.85 : 0.7,
      });
    }
    // The next sentence may state the relation and date of the one pair this one names: 双方于2002年结为友好盟省.
    const [only] = found;
    if (only && found.length === 1) {
      const next = sentenceFrom(text, base + sentence.length + 1);
      const kw = BOTH_LATER.test(next.slice(0, 2)) ? keywords(next)[0] : undefined;
      if (kw && only.relation !== 'unspecified') only.relation = kw.relation;
      only.since ??= laterClause(text, 0, base + sentence.length, dates);
    }
    out.push(...found);
  }
  return out;
}

/**
 * A pair a sentence names with no relation word (郑州市与匈牙利佩奇市签署《行动计划》), whose relation
 * the next sentence states for both (两市于2016年结为友好城市).
 */
function carriedPair(text: string, sentence: string, base: number, dates: DateMention[]): PairMention | undefined {
  const next = sentenceFrom(text, base + sentence.length + 1);
  const kw = /^(?:双方|两市|两地|两省|两区|两县)/.test(next) ? keywords(next)[0] : undefined;
  if (!kw || !ESTABLISH.test(next.slice(0, kw.at))) return undefined;
  const { chinese, foreign } = placeMentions(sentence);
  const [a] = chinese;
  const [f] = foreign;
  if (!a || !f?.country || chinese.length !== 1 || foreign.length !== 1 || !WITH.test(sentence.slice(a.end, f.start))) return undefined;
  return {
    spans: [
      [base + a.start, base + a.end],
      [base + f.start, base + f.end],
    ],
    a: a.place,
    b: f.place,
    bName: f.name,
    country: fullForm(f.countryText, f.country.name),
    relation: INTENT.test(next) ? 'unspecified' : kw.relation,
    since: laterClause(text, 0, base + sentence.length, dates),
    confidence: a.known && f.known ? 0.75 : 0.6,
  };
}

/** Of two mentions of one pair, the more specific relation and `since` win. */
export function preferPair<T extends { relation: keyof typeof SPECIFICITY; since: string | null }>(x: T, y: T): Pick<T, 'relation' | 'since'> {
  const relation = SPECIFICITY[y.relation] > SPECIFICITY[x.relation] ? y.relation : x.relation;
  const since = !x.since ? y.since : !y.since ? x.since : y.since.length > x.since.length ? y.since : x.since;
  return { relation, since };
}
