/**
 * Place mentions in a sentence, read as whole administrative chains: the country (longest match,
 * so 蒙古国 is not 蒙古 + 国…), then each level with its kind (浙江省 → 湖州市 → 安吉县;
 * 日本 → 长野县 → 轻井泽町; 俄罗斯 → 滨海边疆区 → 乌苏里斯克市), and the most specific unit, which
 * is the place the mention stands for. A level is a gazetteer name, else a name closed by an
 * administrative suffix (省 州 县 市 区 町 村 郡 道 府 大区 边疆区 共和国 …); a unit known only by
 * its suffix is kept, with lower confidence.
 */
import { gazetteer, NameIndex, type Country, type Place, type PrefixSet } from './gazetteer.ts';
import type { PlaceKind } from '../../records.ts';

export interface Level {
  start: number;
  end: number;
  /** As written (simplified), suffix included. */
  name: string;
  kind: PlaceKind;
  /** The gazetteer entry, when the name is known. */
  known: Place | undefined;
}

export interface PlaceMention {
  start: number;
  end: number;
  side: 'chinese' | 'foreign';
  /** The country the text states for a foreign mention; null when it states none. */
  country: Country | null;
  /** The country as written (蒙古国, 寮国), when stated. */
  countryText?: string;
  levels: Level[];
  /** The most specific unit. */
  place: Place;
  /** Its name as the records give it: short, as the text writes it unless curated (汉城 → 首尔). */
  name: string;
  /** Whether the unit is a gazetteer entry rather than a name caught from its suffix. */
  known: boolean;
}

/** A look-up table of UTF-16 code units: 1 for the characters given. Asked at every position, where a Set costs a hash. */
function codeTable(chars: string): Uint8Array {
  const table = new Uint8Array(65536);
  for (let i = 0; i < chars.length; i++) table[chars.charCodeAt(i)] = 1;
  return table;
}

/** Administrative suffixes, longest first, and the kind of unit each closes. */
const SUFFIX_KIND: Array<[string, PlaceKind]> = [
  ['自治共和国', 'region'],
  ['自治区', 'region'],
  ['边疆区', 'region'],
  ['共和国', 'region'],
  ['广域市', 'city'],
  ['特别市', 'city'],
  ['自治市', 'city'],
  ['大区', 'region'],
  ['省', 'region'],
  ['州', 'region'],
  ['道', 'region'],
  ['县', 'county'],
  ['府', 'region'],
  ['邦', 'region'],
  ['郡', 'county'],
  ['市', 'city'],
  ['区', 'city'],
  ['町', 'city'],
  ['村', 'city'],
];
const SUFFIXES = SUFFIX_KIND.map(([s]) => s).join('|');
const SUFFIX = new RegExp(`^(?:${SUFFIXES})`);
const SUFFIX_AT = new RegExp(`(?:${SUFFIXES})`, 'y');
/** A level known only by its suffix: a short run of name characters closed by one. */
const SUFFIXED_AT = new RegExp(`[\\u4e00-\\u9fff·\\-－]{1,9}?(?:${SUFFIXES})`, 'y');

const TOWN_AT = /[\u4e00-\u9fff]{1,4}?[镇乡][与和同跟]/y;
const DISTRICT_AT = /[\u4e00-\u9fff]{1,6}?[区郡](?![\u4e00-\u9fff]{0,2}[区郡])/y;

/** A district's name at `at`, if any. */
function districtAt(s: string, at: number): string | undefined {
  DISTRICT_AT.lastIndex = at;
  return DISTRICT_AT.exec(s)?.[0];
}

/** The suffix at `at`, if any (sticky: no copy of the rest of the sentence). */
function suffixAt(s: string, at: number): string | undefined {
  SUFFIX_AT.lastIndex = at;
  return SUFFIX_AT.exec(s)?.[0];
}

/** The name closed by a suffix that starts at `at`, if any. */
function suffixedAt(s: string, at: number): string | undefined {
  SUFFIXED_AT.lastIndex = at;
  return SUFFIXED_AT.exec(s)?.[0];
}
/** Characters and words that never stand inside a place name: they join, qualify or act. */
const NOT_A_NAME =
  /[与和同及的在于是为将从自向对把被等以并由即已其该本我各全]|友好|友城|友谊|姊妹|姐妹|代表|政府|人民|议会|委员|城市|国际|地方|当地|首都|首府|省会|方面|之间|合作|开发|社区|辖区|地区|城区|市区|境外|境内|国别|..园区|[东南西北中]部|市场|副|正式|签|缔|结|访|举|会|出席/;
const UNSUFFIXED = /^([\u4e00-\u9fff]{2,6}?)(?=(?:正式)?(?:缔结|结为|结成|签署|签订|建立))/;
/** Words between two levels of a chain: 意大利普利亚大区首府巴里市, 捷克首都布拉格. */
const CAPITAL = /^(?:首府|首都|省会|州府)/;
const CHINESE_SUFFIX = /^[省市州县区盟旗]/;
/** After these a foreign place may continue a list of the same country (日本长野县、山梨县). */
const LIST_CODES = codeTable('、和及');
/** After these a foreign place may be the partner of the Chinese place before (黑龙江省与阿尔伯塔省). */
const PARTNER_CODES = codeTable('与同跟');
/** What stands between a Chinese side and its partner: 与, 早在1992年便与. */
const WITH_BEFORE = /^[^，,。；;、的]{0,12}[与同跟]$/;
/** Levels below a city are its districts (仁川广域市延寿区, 岘港市海州郡): nothing else follows a city in a chain. */
const DISTRICT = /[区郡]$/;
/** A district named in brackets after its city (釜山广域市（海云台区）): the district is the unit. */
const BRACKETED_DISTRICT = /^[（(]([\u4e00-\u9fff]{1,8}[区郡])[）)]/;
const BARE_NAME = /^[\u4e00-\u9fff·\-－]{2,8}$/;
/** Between a country and its place in lists: 日本·秋田县, 日本的札幌. */
const AFTER_COUNTRY = /[的·・]/;

let indexes: { chinese: NameIndex<Place>; foreign: NameIndex<Place[]>; country: NameIndex<Country>; any: PrefixSet } | undefined;

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

/** Every written form of a Chinese place, indexed once for all the extractors that look for one. */
export function chineseIndex(): NameIndex<Place> {
  return index().chinese;
}

function suffixKind(name: string, country: Country | null): PlaceKind {
  const kind = SUFFIX_KIND.find(([s]) => name.endsWith(s))?.[1] ?? 'unknown';
  // Japan's 县 and 府 are prefectures, not counties.
  return kind === 'county' && country?.code === 'JP' && name.endsWith('县') ? 'region' : kind;
}

/** The unit's name as the contract gives it: a city without 市/町/村/区, a division with its kind. */
function shortName(name: string, kind: PlaceKind): string {
  if (kind === 'region') return name;
  const s = name.replace(/(?:广域市|特别市|自治市|市|町|村|区|县|镇|乡)$/, '');
  return s.length >= 2 ? s : name;
}

/**
 * One foreign level at `at`: a gazetteer name (with the suffix it may carry), else a suffixed name.
 * A first level without a country must be a known name of three or more characters (or two with
 * 市), unless it stands as the partner of a Chinese place (扬州与唐津, 黑龙江省与阿尔伯塔省).
 */
function foreignLevel(s: string, at: number, country: Country | null, first: boolean, partner: boolean, belowCity = false): Level | undefined {
  const idx = index();
  const known = idx.foreign.match(s, at);
  const bare = first && !country && !partner;
  let knownLevel: Level | undefined;
  const next = known ? (s[at + known.name.length] ?? '') : '';
  // 汉堡与上海: a short name is the partner of the Chinese place joined to it.
  const inverted = !!known && /[与同跟]/.test(next) && !!idx.chinese.match(s, at + known.name.length + 1);
  if (known && (!bare || known.name.length >= 3 || /[市町]/.test(next) || inverted)) {
    let end = at + known.name.length;
    const suffix = suffixAt(s, end);
    // 北九州市: a city whose name ends in a kind word still takes 市.
    const absorbed = suffix && (!SUFFIX.test(known.name.slice(-1)) || (suffix === '市' && known.value.some((p) => p.kind === 'city')));
    if (absorbed) end += suffix.length;
    const name = s.slice(at, end);
    // 帕尔马市 is the city, 帕尔马省 the province: the suffix written decides between namesakes.
    const kind = absorbed ? suffixKind(name, country) : undefined;
    const inCountry = country ? known.value.filter((p) => p.countryCode === country.code) : known.value;
    // 永珍省: a city's other name with a division's kind word is the division of the city's name (万象省).
    const division = kind && kind !== 'city' && suffix ? inCountry.map((p) => gazetteer().resolveForeign(p.name + suffix, p.countryCode)).find((p) => p && fits(p, kind)) : undefined;
    const place = inCountry.find((p) => fits(p, kind)) ?? division ?? (kind ? undefined : inCountry[0]);
    // 内地省市, 沿海省市: a pair of kind words makes a common noun, not a place; so does 省份 (中部省份).
    const compound = (bare && /[省州市县]$/.test(name) && /[省州市县区]/.test(s[end] ?? '')) || (/省$/.test(name) && s[end] === '份');
    if (!compound) knownLevel = { start: at, end, name, kind: kind ?? place?.kind ?? suffixKind(name, country), known: place };
  }
  if (bare || (knownLevel && !mayOpenLevel(s, knownLevel.end))) return knownLevel;
  // Below a city, a district (岘港市海州郡), not the first kind word inside its name.
  let suffixed = (belowCity && districtAt(s, at)) || suffixedAt(s, at);
  if (suffixed && NOT_A_NAME.test(suffixed)) suffixed = undefined;
  // 琅勃拉邦省: a suffix that closes a longer one.
  const more = suffixed?.endsWith('邦') && suffixAt(s, at + suffixed.length);
  if (suffixed && more) suffixed += more;
  if (knownLevel && (!suffixed || knownLevel.end >= at + suffixed.length)) return knownLevel;
  if (!suffixed) return knownLevel;
  // A Chinese name is never a level of a foreign chain, but for a foreign city's district (首尔江西区).
  if (idx.chinese.match(s, at) && !(belowCity && DISTRICT.test(suffixed))) return knownLevel;
  // 北领地达尔文市: a known name ending a longer one is the unit, what stands before it its parent.
  for (let k = 2; k < suffixed.length - 3; k++) {
    const inner = idx.foreign.match(s, at + k);
    if (
      inner &&
      inner.name.length >= 3 &&
      /[省州县道府邦郡区地]$/.test(s.slice(at, at + k)) &&
      at + k + inner.name.length >= at + suffixed.length - 1 &&
      (!country || inner.value.some((p) => p.countryCode === country.code))
    )
      return { start: at, end: at + k, name: s.slice(at, at + k), kind: 'unknown', known: undefined };
  }
  return { start: at, end: at + suffixed.length, name: suffixed, kind: suffixKind(suffixed, country), known: undefined };
}

/** A whole foreign chain at `at`: levels one after another, 首府/首都 allowed between them. */
function foreignChain(s: string, at: number, country: Country | null, first: boolean, partner = false): Level[] {
  const levels: Level[] = [];
  let i = at;
  while (levels.length < 5 && (levels.length === 0 || mayOpenLevel(s, i))) {
    const gap = /[首省州]/.test(s[i] ?? '') ? (CAPITAL.exec(s.slice(i))?.[0].length ?? 0) : 0;
    // Korea's metropolitan cities (首尔特别市, 釜山广域市) are first-level divisions with districts below.
    const belowCity = levels.at(-1)?.kind === 'city' || /市$/.test(levels.at(-1)?.name ?? '');
    const level = foreignLevel(s, i + gap, country, first && levels.length === 0, partner && levels.length === 0, belowCity);
    if (!level) break;
    if (levels.at(-1)?.kind === 'city' && !DISTRICT.test(level.name)) break;
    levels.push(level);
    i = level.end;
  }
  return levels;
}

function chineseChain(s: string, at: number): Level[] {
  const idx = index();
  const g = gazetteer();
  const levels: Level[] = [];
  let i = at;
  while (levels.length < 4 && (levels.length === 0 || mayOpenLevel(s, i))) {
    const parent = levels.at(-1)?.known;
    const m = levels.length ? suffixedAt(s, i) : undefined;
    // Below a known division, its own children first (普洱市 + 江城县, not 江城 the nickname of 武汉).
    const child = m && parent ? (g.childOf(parent, m) ?? g.childOf(parent, m.slice(0, -1))) : undefined;
    if (child && m) {
      // 湖州 + 市: the suffix the lazy match left behind.
      const end = i + m.length + (CHINESE_SUFFIX.test(s[i + m.length] ?? '') && child.aliases[0] === m + s[i + m.length] ? 1 : 0);
      levels.push({ start: i, end, name: s.slice(i, end), kind: child.kind, known: child });
      i = end;
      continue;
    }
    const cn = idx.chinese.match(s, i);
    if (cn && (!levels.length || cn.name === cn.value.name || cn.name === cn.value.aliases[0])) {
      let end = i + cn.name.length;
      if (CHINESE_SUFFIX.test(s[end] ?? '') && (!CHINESE_SUFFIX.test(cn.name.slice(-1)) || cn.value.aliases[0] === cn.name + s[end])) end++;
      levels.push({ start: i, end, name: s.slice(i, end), kind: cn.value.kind, known: cn.value });
      i = end;
      continue;
    }
    // An unofficial middle level (西双版纳州勐腊县) counts only with a known level after it; an
    // unlisted district (新北市烏來區) only as the last level, before 与.
    const middle = m && m.length <= 6 && !NOT_A_NAME.test(m);
    if (middle && (idx.chinese.match(s, i + m.length) || (/[区县镇乡]$/.test(m) && /[与和同跟]/.test(s[i + m.length] ?? '')))) {
      levels.push({ start: i, end: i + m.length, name: m, kind: 'unknown', known: undefined });
      i += m.length;
      continue;
    }
    // A town or township below a listed division, before 与 (彰化縣鹿港鎮與…).
    TOWN_AT.lastIndex = i;
    const town = levels.length ? TOWN_AT.exec(s)?.[0] : undefined;
    if (town && !NOT_A_NAME.test(town.slice(0, -1))) {
      levels.push({ start: i, end: i + town.length - 1, name: town.slice(0, -1), kind: 'unknown', known: undefined });
      i += town.length - 1;
    }
    break;
  }
  return levels;
}

/** Whether a gazetteer entry is of the kind the written suffix says: 帕尔马市 is no 帕尔马省. */
function fits(place: Place, kind: PlaceKind | undefined): boolean {
  return !kind || kind === 'unknown' || (kind === 'city' ? place.kind === 'city' : place.kind !== 'city' || kind === 'county');
}

function unitOf(levels: Level[], country: Country | null, side: 'chinese' | 'foreign'): { place: Place; known: boolean; name: string } {
  const g = gazetteer();
  const last = levels.at(-1)!; // a chain holds at least one level: callers check
  if (side === 'chinese') {
    const place = last.known ?? g.chinesePlace(shortName(last.name, 'city'));
    return { place, known: !!last.known, name: place.name };
  }
  const short = shortName(last.name, last.kind);
  const found = last.known ?? g.resolveForeign(short, country?.code) ?? g.resolveForeign(last.name, country?.code);
  const place = found && fits(found, last.kind) ? found : undefined;
  if (!place) return { place: g.contextPlace(short, country, last.kind), known: false, name: short };
  // 巴伐利亚 is written for 巴伐利亚州: the entry's name, which keeps the kind; a variant spelling stays as written.
  // 永珍省 is written for 万象省: a division named after a city, written with the city's other name, takes its own.
  const stem = (n: string) => n.replace(/(?:省|州|县|府|道|郡|大区|边疆区)$/, '');
  const other = place.kind === 'region' && stem(short) !== short && (g.foreign.get(stem(short)) ?? []).some((p) => p.name === stem(place.name) && p.countryCode === place.countryCode);
  const name = place.source === 'override' || other ? place.name : place.name.startsWith(short) ? shortName(place.name, place.kind) : short;
  return { place, known: true, name };
}

function mentionOf(side: 'chinese' | 'foreign', start: number, country: Country | null, levels: Level[]): PlaceMention {
  return { start, end: levels.at(-1)!.end, side, country, levels, ...unitOf(levels, country, side) };
}

/** The foreign place a table cell names (石川县羽咋市, 江布尔州), its country given by another cell. */
export function foreignCell(cell: string, country: Country | null): PlaceMention | undefined {
  const c = countryAt(cell, 0);
  const start = c ? c.end + (AFTER_COUNTRY.test(cell[c.end] ?? '') ? 1 : 0) : 0;
  const stated = c?.country ?? country;
  const levels = foreignChain(cell, start, stated, false);
  // A cell is one place: after its country, a name with no kind word the gazetteer lacks (阿联酋沙迦).
  const bare = !levels.length && c && BARE_NAME.test(cell.slice(start)) && !NOT_A_NAME.test(cell.slice(start));
  if (bare) levels.push({ start, end: cell.length, name: cell.slice(start), kind: 'unknown', known: undefined });
  if (!levels.length || index().chinese.match(cell, 0)) return undefined;
  cellLevels(cell, levels, stated);
  return { ...mentionOf('foreign', 0, stated, levels), countryText: c ? cell.slice(0, c.end) : undefined };
}

/**
 * A cell holds one place: a known name may go on past a joining character (沖繩縣與那國町), and a
 * district in brackets after its city is the unit (大阪市（住之江区）).
 */
function cellLevels(cell: string, levels: Level[], country: Country | null): void {
  for (let last = levels.at(-1)!; last.end < cell.length && levels.length < 5; last = levels.at(-1)!) {
    const known = index().foreign.match(cell, last.end);
    const inCountry = known?.value.find((p) => !country || p.countryCode === country.code);
    if (known && inCountry && last.kind !== 'city') {
      let end = last.end + known.name.length;
      const suffix = suffixAt(cell, end);
      if (suffix && !SUFFIX.test(known.name.slice(-1))) end += suffix.length;
      levels.push({ start: last.end, end, name: cell.slice(last.end, end), kind: suffix ? suffixKind(known.name + suffix, country) : inCountry.kind, known: inCountry });
      continue;
    }
    // The rest of the cell, closed by a kind word, is the unit whatever characters it holds (与那国町).
    const rest = suffixedAt(cell, last.end);
    if (rest && last.end + rest.length === cell.length && last.kind !== 'city') {
      levels.push({ start: last.end, end: cell.length, name: rest, kind: suffixKind(rest, country), known: undefined });
      break;
    }
    const district = BRACKETED_DISTRICT.exec(cell.slice(last.end));
    if (district) {
      const at = last.end + 1;
      levels.push({ start: at, end: at + district[1]!.length, name: district[1]!, kind: 'city', known: undefined });
    }
    break;
  }
}

/** The one country the known levels of a cell's place lie in (沖繩縣與那國町 → Japan), if they agree. */
export function chainCountry(cell: string): Country | null {
  const codes = new Set(
    foreignChain(cell, 0, null, false)
      .map((l) => l.known?.countryCode)
      .filter((c) => c && c !== 'XX'),
  );
  return codes.size === 1 ? (gazetteer().countryByIso([...codes][0]!) ?? null) : null;
}

/** The Chinese place a table cell or a heading opens with (上海市长宁区, 邯郸市国际友好城市一览). */
export function chineseCell(cell: string): PlaceMention | undefined {
  const levels = chineseChain(cell, 0);
  if (!levels.length) return undefined;
  return mentionOf('chinese', 0, null, levels);
}

/** The ISO codes of the countries a text names. */
export function countryCodesIn(text: string): Set<string> {
  const codes = new Set<string>();
  const idx = index().country;
  for (let i = 0; i < text.length; i++) {
    const c = idx.match(text, i);
    if (c) {
      codes.add(c.value.code);
      i += c.name.length - 1;
    }
  }
  return codes;
}

/** Whether a cell opens with a country (日本, 日本长野市): a headerless row needs one. */
export function opensWithCountry(cell: string): boolean {
  return countryAt(cell, 0) !== undefined;
}

export function countryOf(cell: string): Country | undefined {
  const c = countryAt(cell, 0);
  return c && c.end === cell.length ? c.country : undefined;
}

/** A country at `at`, with the 国 some names carry (蒙古国) and a following 的 (日本的札幌). */
function countryAt(s: string, at: number): { end: number; country: Country } | undefined {
  const c = index().country.match(s, at);
  // 乔治亚州, 佐治亚州: a country's name opening a state's is not the country.
  if (!c || /[州省市县道府]/.test(s[at + c.name.length] ?? '')) return undefined;
  // 澳大利亚首都特区, 墨西哥城: a longer place's name opening with the country's is that place.
  const longer = index().foreign.match(s, at);
  if (longer && longer.name.length > c.name.length) return undefined;
  let end = at + c.name.length;
  if (s[end] === '国' && !c.name.endsWith('国') && !/[际家内外民王立]/.test(s[end + 1] ?? '')) end++;
  return { end, country: c.value };
}

/** Characters no level of a chain starts with: a chain ends at once before them. */
const NO_START = codeTable('与和同及跟的在于是为将从自对向等、，,。；;：:（）()“”「」《》市省州县区\n ');
function mayOpenLevel(s: string, at: number): boolean {
  const c = s.charCodeAt(at);
  // Name characters: ideographs, and the hyphen and dot inside transliterations (巴登-符腾堡州).
  return ((c >= 0x4e00 && c <= 0x9fff) || c === 0x2d || c === 0xff0d || c === 0xb7) && NO_START[c] !== 1;
}

type Mentions = { chinese: PlaceMention[]; foreign: PlaceMention[] };
/** The pair and agreement rules read the same sentences of a document: each is parsed once. */
const recent = new Map<string, Mentions>();

/** Forgets the sentences parsed so far: called as a new document starts, so no text outlives its own. */
export function startDocument(): void {
  recent.clear();
}

export function placeMentions(sentence: string): Mentions {
  let found = recent.get(sentence);
  if (!found) {
    // A caller that never starts a document still keeps a bounded memory.
    if (recent.size >= 4096) recent.clear();
    found = parse(sentence);
    recent.set(sentence, found);
  }
  return found;
}

/** Adds the mention its levels make; returns where it ends. */
function record(all: PlaceMention[], side: 'chinese' | 'foreign', start: number, country: Country | null, levels: Level[]): number {
  const mention = mentionOf(side, start, country, levels);
  all.push(mention);
  return mention.end;
}

function parse(sentence: string): Mentions {
  const idx = index();
  const all: PlaceMention[] = [];
  let listCountry: Country | null | undefined;
  // The Chinese side is always a name of the closed list of China's divisions: never one read from its suffix.
  for (let i = 0; i < sentence.length; ) {
    const hit = idx.any.has(sentence, i);
    // Most positions start no name and follow no joining character: rejected on two look-ups.
    const afterWith = i > 0 && PARTNER_CODES[sentence.charCodeAt(i - 1)] === 1;
    const afterList = i > 0 && LIST_CODES[sentence.charCodeAt(i - 1)] === 1;
    if (!hit && !afterWith && !afterList) {
      i++;
      continue;
    }
    const last = all[all.length - 1];
    const listed = listCountry !== undefined && afterList && last?.end === i - 1 && last.side === 'foreign';
    const partner = !listed && afterWith && last?.side === 'chinese' && WITH_BEFORE.test(sentence.slice(last.end, i));
    if (!hit && !listed && !partner) {
      i++;
      continue;
    }
    const c = hit && idx.country.mayStart(sentence, i) ? countryAt(sentence, i) : undefined;
    if (c) {
      const at = c.end + (AFTER_COUNTRY.test(sentence[c.end] ?? '') ? 1 : 0);
      const levels = foreignChain(sentence, at, c.country, false);
      // A name with no suffix the gazetteer does not know, right before the verb: 塞尔维亚诺维萨德正式缔结.
      const bare = levels.length ? undefined : UNSUFFIXED.exec(sentence.slice(at))?.[1]; // the group always participates
      if (bare && !NOT_A_NAME.test(bare) && !ORGANISATION_AFTER.test(bare)) levels.push({ start: at, end: at + bare.length, name: bare, kind: 'unknown', known: undefined });
      if (levels.length) {
        listCountry = c.country;
        all.push({ ...mentionOf('foreign', i, c.country, levels), countryText: sentence.slice(i, c.end) });
        i = levels.at(-1)!.end; // levels.length > 0
        continue;
      }
    }
    const cn = hit && idx.chinese.mayStart(sentence, i) ? chineseChain(sentence, i) : [];
    const [outer] = cn;
    if (outer && !(listed && !outer.known)) {
      listCountry = undefined;
      i = record(all, 'chinese', i, null, cn);
      continue;
    }
    const levels = (hit && idx.foreign.mayStart(sentence, i)) || listed || partner ? foreignChain(sentence, i, listed ? listCountry! : null, !listed, partner) : [];
    if (levels.length) {
      if (!listed) listCountry = null;
      i = record(all, 'foreign', i, listed ? listCountry! : null, levels);
      continue;
    }
    i++;
  }
  const kept = all.filter((m) => !isOrganisation(sentence, m.end));
  return { chinese: kept.filter((m) => m.side === 'chinese'), foreign: kept.filter((m) => m.side === 'foreign') };
}

/** A place name opening an organisation's name (蒙彼利埃大学, 西雅图港务局) is not the place. */
const ORGANISATION_AFTER =
  /^[\u4e00-\u9fff]{0,3}?(?:大学|学院|学校|中学|小学|幼儿园|公司|集团|医院|银行|协会|商会|俱乐部|队|馆|中心|港务|机场|分校|研究所|研究院)|^[\u4e00-\u9fff]{0,6}?(?:办事处|代表处|事务所)/;

/** Where the words after a place stop belonging to its name. */
const NAME_STOP = /[与和同、，,及]/g;

function isOrganisation(sentence: string, end: number): boolean {
  NAME_STOP.lastIndex = end;
  const stop = NAME_STOP.exec(sentence)?.index ?? sentence.length;
  return ORGANISATION_AFTER.test(sentence.slice(end, stop));
}
