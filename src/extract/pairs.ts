/**
 * City pairs: a Chinese place and a foreign place that a sentence presents as sister cities
 * (友好城市, 友城, 姐妹城市, 友好省州, 结好 …) or as friendly partners (友好合作关系城市,
 * 友好交流城市 …).
 *
 * Only sentences that name such a relation are read; a sentence about a flight route is not.
 * Foreign places are a country followed by a known name or by a name ending in 市/州/府 …
 * (英国曼彻斯特, 匈牙利多瑙凯西市), the names listed after one (韩国首尔、仁川、大邱), or a known
 * name of three or more characters. Each is paired with the nearest Chinese place before it in
 * the sentence (which covers 成都市与英国曼彻斯特、都江堰市与匈牙利多瑙凯西市), else the nearest
 * after it, else the place the article is about (在友好城市澳大利亚珀斯).
 */
import { gazetteer, NameIndex, type Country, type Place } from './gazetteer.ts';
import type { DateMention } from './dates.ts';
import { parseChineseInteger } from './numbers.ts';

export interface PairMention {
  /** Spans in the normalised text: the Chinese side (or the relation word when it is implied) and the foreign side. */
  spans: Array<[number, number]>;
  a: Place;
  b: Place;
  /** The country as the text states it, null when it does not. */
  country: string | null;
  relation: 'sister' | 'friendly' | 'unspecified';
  since: { date: string; granularity: string } | null;
  confidence: number;
}

const FRIENDLY = /友好合作关系城市|友好交流关系城市|友好合作关系|友好交流关系|友好交流城市|友好合作城市|友好关系城市/g;
const SISTER = /国际友好城市|友好城市|姐妹城市|国际友城|友城|友好省州|友好省县|友好州省|友好省份|结好/g;
const SISTER_ANYWHERE = new RegExp(SISTER.source);
const ROUTE = /航线|航班|直飞|开航|航点/;
const ESTABLISH = /缔结|结为|结成|建立|签署|签订|结好/;
const SENTENCE = /[^。！？!?；;\n]+/g;
const SUFFIXED = /^[\u4e00-\u9fff·]{1,10}?(?:大区|市|州|省|府|县|郡)/;
/** A place name opening an organisation's name (蒙彼利埃大学, 成都理工大学) is not the place. */
const ORGANISATION_AFTER = /^[\u4e00-\u9fff]{0,3}?(?:大学|学院|学校|中学|小学|幼儿园|公司|集团|企业|医院|银行|协会|商会|俱乐部|队|馆|中心)/;
const SAME_DAY = /^(?:大会|会议|活动|论坛)?(?:当天|当日|同日)/;

interface Mention {
  start: number;
  end: number;
  place: Place;
  country: Country | null;
}

let indexes: { chinese: NameIndex<Place>; foreign: NameIndex<Place[]>; country: NameIndex<Country>; any: Set<number> } | undefined;

function index() {
  if (!indexes) {
    const g = gazetteer();
    const chinese = new NameIndex(g.chinese);
    const foreign = new NameIndex(g.foreign);
    const country = new NameIndex(g.countries);
    indexes = { chinese, foreign, country, any: NameIndex.prefixUnion(chinese, foreign, country) };
  }
  return indexes;
}

function keywords(sentence: string): Array<{ at: number; end: number; relation: 'sister' | 'friendly' }> {
  const found: Array<{ at: number; end: number; relation: 'sister' | 'friendly' }> = [];
  for (const m of sentence.matchAll(FRIENDLY)) found.push({ at: m.index, end: m.index + m[0].length, relation: 'friendly' });
  for (const m of sentence.matchAll(SISTER)) {
    if (!found.some((f) => m.index < f.end && f.at < m.index + m[0].length)) found.push({ at: m.index, end: m.index + m[0].length, relation: 'sister' });
  }
  return found.sort((x, y) => x.at - y.at);
}

/** A foreign name right at `at`: a known one, else one that ends in a place suffix. */
function foreignAt(sentence: string, at: number, country: Country | null): { end: number; place: Place } | undefined {
  const g = gazetteer();
  const known = index().foreign.match(sentence, at);
  if (known) {
    const place = (country && known.value.find((p) => p.countryCode === country.code)) || (country ? undefined : known.value[0]);
    let end = at + known.name.length;
    if (/^[市府]/.test(sentence.slice(end))) end++;
    if (place) return { end, place };
    if (country) return { end, place: g.contextPlace(known.name, country) };
  }
  if (!country) return undefined;
  const m = SUFFIXED.exec(sentence.slice(at));
  if (!m || index().chinese.match(sentence, at)) return undefined;
  const name = m[0].replace(/[市府]$/, '');
  return { end: at + m[0].length, place: g.resolveForeign(name, country.code) ?? g.contextPlace(name, country) };
}

function isOrganisation(sentence: string, end: number): boolean {
  const rest = sentence.slice(end).split(/[与和同、，,及]/)[0];
  return ORGANISATION_AFTER.test(rest);
}

export function placeMentions(sentence: string): { chinese: Mention[]; foreign: Mention[] } {
  const idx = index();
  const chinese: Mention[] = [];
  const foreign: Mention[] = [];
  let listCountry: Country | null | undefined;
  for (let i = 0; i < sentence.length; ) {
    const listed = listCountry !== undefined && /[、和及]/.test(sentence[i - 1] ?? '');
    if (!listed && !idx.any.has(sentence.charCodeAt(i) * 65536 + sentence.charCodeAt(i + 1))) {
      i++;
      continue;
    }
    const country = idx.country.match(sentence, i);
    if (country) {
      const after = i + country.name.length + (sentence[i + country.name.length] === '的' ? 1 : 0);
      const f = foreignAt(sentence, after, country.value);
      if (f) {
        foreign.push({ start: i, end: f.end, place: f.place, country: country.value });
        listCountry = country.value;
        i = f.end;
        continue;
      }
    }
    if (listed && listCountry !== undefined && foreign.length > 0 && foreign[foreign.length - 1].end === i - 1) {
      const inherited: Country | null = listCountry;
      const f = foreignAt(sentence, i, inherited);
      if (f) {
        foreign.push({ start: i, end: f.end, place: f.place, country: inherited });
        i = f.end;
        continue;
      }
    }
    const cn = idx.chinese.match(sentence, i);
    if (cn) {
      let end = i + cn.name.length;
      if (/^[省市]/.test(sentence.slice(end)) && !/[省市]$/.test(cn.name)) end++;
      chinese.push({ start: i, end, place: cn.value, country: null });
      listCountry = undefined;
      i = end;
      continue;
    }
    const bare = idx.foreign.match(sentence, i);
    if (bare && bare.name.length >= 3) {
      foreign.push({ start: i, end: i + bare.name.length, place: bare.value[0], country: null });
      listCountry = null;
      i += bare.name.length;
      continue;
    }
    i++;
  }
  return {
    chinese: chinese.filter((m) => !isOrganisation(sentence, m.end)),
    foreign: foreign.filter((m) => !isOrganisation(sentence, m.end)),
  };
}

/** A row of a list of partners: 日本 长野市(1981年4月19日缔结). */
const TABLE_ROW = /[（(][^（）()]{0,20}?(?:缔结|结好|结为|建立)[^（）()]{0,6}[）)]/;

function tableRows(text: string, sentence: string, base: number, foreign: Mention[], dates: DateMention[], main: Place | undefined): PairMention[] {
  if (!main) return [];
  const relation = SISTER_ANYWHERE.test(text) ? 'sister' : 'unspecified';
  return foreign.flatMap((f) => {
    const paren = /^\s*[（(]([^（）()]*)[）)]/.exec(sentence.slice(f.end));
    if (!paren || !/缔结|结好|结为|建立/.test(paren[1])) return [];
    const open = base + f.end + paren[0].indexOf(paren[1]);
    const d = dates.find((x) => x.start >= open && x.end <= open + paren[1].length);
    return [{
      spans: [[base + f.start, base + f.end + paren[0].length]] as Array<[number, number]>,
      a: main,
      b: f.place,
      country: f.country?.name ?? null,
      relation,
      since: d ? { date: d.startDate, granularity: d.granularity } : null,
      confidence: 0.75,
    } satisfies PairMention];
  });
}

/** The Chinese place the article is most about: the one it names most often. */
export function mainPlace(text: string): Place | undefined {
  const idx = index();
  const named: Place[] = [];
  for (let i = 0; i < text.length; ) {
    const m = idx.chinese.match(text, i);
    if (m) {
      named.push(m.value);
      i += m.name.length;
    } else i++;
  }
  return mostNamed(named);
}

/**
 * When the sentence ties a date to the establishment: a date before the pair with a verb of
 * establishment after it (1982年10月，四川与美国华盛顿州缔结了…), 当天 for the last day named, or
 * an anniversary counted back from the date (2025年…结好40周年 → 1985).
 */
function establishedOn(sentence: string, base: number, foreignEnd: number, dates: DateMention[]): PairMention['since'] {
  const rest = sentence.slice(foreignEnd);
  if (!ESTABLISH.test(rest)) return null;
  const d = dates.find((x) => x.start >= base && x.end <= base + foreignEnd);
  const anniversary = /^[^，,]{0,12}?(?:结好|缔结|结为)[^，,]{0,8}?(\d+|[一二三四五六七八九十]+)周年/.exec(rest);
  if (anniversary) {
    const years = Number(anniversary[1]) || (parseChineseInteger(anniversary[1]) ?? NaN);
    const year = d ? Number(d.startDate.slice(0, 4)) - years : NaN;
    // Twinning is a modern institution: an older "anniversary" is a city's own, not the pair's.
    return year >= 1900 ? { date: String(year), granularity: 'year' } : null;
  }
  if (d) return { date: d.startDate, granularity: d.granularity };
  if (SAME_DAY.test(sentence.trimStart())) {
    const day = [...dates].reverse().find((x) => x.end <= base && x.granularity === 'day');
    if (day) return { date: day.startDate, granularity: 'day' };
  }
  return null;
}

const SPECIFICITY = { sister: 2, friendly: 2, unspecified: 0 };

/** The canonical places of a pair fact's two sides, as the gazetteer knows them. */
export function pairPlaces(a: string, b: string, country: string | null): { a: Place; b: Place } | undefined {
  const g = gazetteer();
  const pa = g.resolveChinese(a);
  if (!pa) return undefined;
  const c = country ? g.country(country) : undefined;
  const pb = g.resolveForeign(b, c?.code) ?? g.resolveForeign(b) ?? g.contextPlace(b, c ?? null);
  return { a: pa, b: pb };
}

export function findPairs(text: string, dates: DateMention[]): PairMention[] {
  const out: PairMention[] = [];
  const sentences: Array<{ sentence: string; base: number; kws: ReturnType<typeof keywords>; chinese: Mention[]; foreign: Mention[] }> = [];
  for (const s of text.matchAll(SENTENCE)) {
    const sentence = s[0];
    if (ROUTE.test(sentence)) continue;
    const kws = keywords(sentence);
    if (kws.length === 0 && !TABLE_ROW.test(sentence)) continue;
    const { chinese, foreign: all } = placeMentions(sentence);
    // A name that swallowed the relation word (日本友城市长) is not a place.
    const foreign = all.filter((f) => !kws.some((k) => k.at < f.end && f.start < k.end));
    if (foreign.length) sentences.push({ sentence, base: s.index, kws, chinese, foreign });
  }
  if (!sentences.length) return out;
  // The place the article is about: the one its relation sentences name most, else its whole text.
  let main: Place | undefined | null = null;
  const mainOf = () => (main ??= mostNamed(sentences.flatMap((s) => s.chinese.map((c) => c.place))) ?? mainPlace(text));
  for (const { sentence, base, kws, chinese, foreign } of sentences) {
    if (kws.length === 0) {
      out.push(...tableRows(text, sentence, base, foreign, dates, mainOf()));
      continue;
    }
    for (const f of foreign) {
      const before = chinese.filter((c) => c.end <= f.start);
      const after = chinese.filter((c) => c.start >= f.end);
      let a: Mention | undefined = before[before.length - 1];
      let aSpan: [number, number] | null = a ? [base + a.start, base + a.end] : null;
      if (!a) {
        const m = mainOf();
        // A place named after the foreign one (…访问四川) stands in only when the article has no main place.
        a = m ? { start: f.start, end: f.start, place: m, country: null } : after[0];
        if (!a) continue;
        if (!m) aSpan = [base + a.start, base + a.end];
      }
      const kwAfter = kws.find((k) => k.at >= f.end);
      const kwBefore = [...kws].reverse().find((k) => k.at < f.start);
      const kw = kwAfter ?? kwBefore;
      if (!kw) continue;
      if (!aSpan) {
        // The Chinese side is implied: cite the relation word with the foreign place.
        aSpan = [base + kw.at, base + kw.end];
      }
      out.push({
        spans: [aSpan, [base + f.start, base + f.end]],
        a: a.place,
        b: f.place,
        country: f.country?.name ?? null,
        relation: kw.relation,
        since: establishedOn(sentence, base, f.end, dates),
        confidence: f.place.source === 'context' ? 0.6 : before.length || after.length ? 0.85 : 0.7,
      });
    }
  }
  return out;
}

function mostNamed(places: Place[]): Place | undefined {
  const tally = new Map<Place, number>();
  for (const p of places) if (p.kind !== 'county') tally.set(p, (tally.get(p) ?? 0) + 1);
  let best: Place | undefined;
  for (const [p, n] of tally) if (!best || n > tally.get(best)!) best = p;
  return best;
}

/** Of two mentions of one pair, the more specific relation and `since` win. */
export function preferPair<T extends { relation: keyof typeof SPECIFICITY; since: string | null }>(x: T, y: T): Pick<T, 'relation' | 'since'> {
  const relation = SPECIFICITY[y.relation] > SPECIFICITY[x.relation] ? y.relation : x.relation;
  const since = !x.since ? y.since : !y.since ? x.since : y.since.length > x.since.length ? y.since : x.since;
  return { relation, since };
}
