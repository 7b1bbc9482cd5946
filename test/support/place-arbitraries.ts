/**
 * fast-check arbitraries for city pairs drawn from the gazetteer: a Chinese side from the closed
 * list of China's divisions (prefecture-level cities, Taiwan's cities and counties), a foreign side
 * with its country and the first-level division above it, a date, and a rendering in one of the
 * prose patterns or list and table layouts the pair rules read, in either script, with the noise
 * real pages carry (spam lines, anti-scraping junk, converter brackets).
 *
 * The pools keep the places whose name the mention reader resolves on its own when written out in
 * full (country, division, city), so that a failure is a failure of the pair rules.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { gazetteer } from '../../src/extract/places/gazetteer.ts';
import { chineseCell, foreignCell } from '../../src/extract/places/mentions.ts';
import { SIMPLIFIED, TRADITIONAL } from '../../src/extract/text/script/tables.ts';

export interface ForeignPlace {
  /** The city's name without 市, as the record gives it. */
  name: string;
  country: string;
  /** Its first-level division as written (长野县, 巴伐利亚州). */
  parent: string;
}

export interface ChinesePlace {
  /** The short name the record gives (南通). */
  name: string;
  /** The full name the text writes (南通市). */
  full: string;
}

const DATA = 'src/extract/places/gazetteer/data';
/** Characters that join or qualify words: a name holding one is read apart by design, not drawn here. */
const JOINING = /[与和同及的在于是为将从自向对把被等以并由即已其该本我各全跟市省州县区道府郡町村]/;

function tsv(file: string): string[][] {
  return readFileSync(`${DATA}/${file}`, 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split('\t'));
}

let pools: { chinese: ChinesePlace[]; foreign: ForeignPlace[] } | undefined;

function build() {
  const g = gazetteer();
  const chinese: ChinesePlace[] = [];
  for (const [code = '', full = '', short = '', kind = '', parent = ''] of tsv('china.tsv')) {
    const taiwan = code.startsWith('TW-');
    if (!(kind === 'city' && full.endsWith('市') && short.length >= 2) && !taiwan) continue;
    if (!parent && !taiwan) continue;
    // Its name is its own: the index gives this place for both forms, and no foreign place bears it.
    if (chineseCell(full)?.place.id !== `cn:${code}` || g.chinese.get(short)?.id !== `cn:${code}` || g.foreign.get(short)) continue;
    chinese.push({ name: short, full });
  }
  const divisions = new Map<string, string>();
  for (const [name = '', , , , id = '', level = ''] of tsv('foreign.tsv')) if (level === '1') divisions.set(id, name);
  const foreign: ForeignPlace[] = [];
  for (const [name = '', kind = '', code = '', , , level = '', , parent = '', , , population = ''] of tsv('foreign.tsv')) {
    if (level !== '3' || kind !== 'city' || Number(population) < 200_000 || name.length < 2 || name.length > 5 || JOINING.test(name)) continue;
    const division = divisions.get(parent);
    const country = g.countryByIso(code)?.name;
    if (!division || !country || JOINING.test(division.slice(0, -1)) || g.chinese.get(name) || g.chinese.get(division)) continue;
    if ((g.foreign.get(name) ?? []).length !== 1) continue;
    const cell = foreignCell(`${country}${division}${name}市`, null);
    const alone = foreignCell(`${country}${name}市`, null);
    if (cell?.name !== name || alone?.name !== name || cell.country?.name !== country) continue;
    foreign.push({ name, country, parent: division });
  }
  return { chinese, foreign };
}

function pool() {
  pools ??= build();
  return pools;
}

let traditional: Map<string, string> | undefined;
/** Traditional characters the table lists first for a simplified one that the press writes otherwise. */
const VARIANTS = '傢乾';

/** The text in traditional characters, character by character (the converse of the extractor's table). */
export function toTraditional(text: string): string {
  if (!traditional) {
    traditional = new Map();
    // The common form of each character: not a compatibility ideograph, not a variant 家 → 傢.
    for (let i = 0; i < SIMPLIFIED.length; i++) {
      const t = TRADITIONAL[i]!;
      if (!traditional.has(SIMPLIFIED[i]!) && !(t >= '\uf900' && t <= '\ufaff') && !VARIANTS.includes(t)) traditional.set(SIMPLIFIED[i]!, t);
    }
  }
  return [...text].map((c) => traditional!.get(c) ?? c).join('');
}

export const chinesePlace = (): fc.Arbitrary<ChinesePlace> => fc.constantFrom(...pool().chinese);
export const foreignPlace = (): fc.Arbitrary<ForeignPlace> => fc.constantFrom(...pool().foreign);

/** Two different Chinese places. */
export const chinesePair = (): fc.Arbitrary<[ChinesePlace, ChinesePlace]> =>
  fc.tuple(chinesePlace(), chinesePlace()).filter(([a, b]) => a.name !== b.name && !a.full.includes(b.name) && !b.full.includes(a.name));

export interface Day {
  year: number;
  month: number;
  day: number;
}

export const day = (): fc.Arbitrary<Day> => fc.record({ year: fc.integer({ min: 1979, max: 2024 }), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 28 }) });

const pad = (n: number) => String(n).padStart(2, '0');
export const isoDay = (d: Day) => `${d.year}-${pad(d.month)}-${pad(d.day)}`;
export const isoMonth = (d: Day) => `${d.year}-${pad(d.month)}`;

/** Lines a converted page or a portal prints around its content. */
export const SPAM = ['【打印本页】【关闭窗口】', '浏览次数：1026', '首页 > 政务公开 > 外事侨务', '分享到：微信 微博', '扫一扫在手机打开当前页'];

/** Anti-scraping junk as forums insert it between words: short ASCII runs with symbols. */
export const junk = (): fc.Arbitrary<string> =>
  fc
    .array(fc.constantFrom('ur', 'wX', 'a', ':H', '_s', 'TV', '^g', '!', 'R/', '^*', 'cL', '|S', '(a', 'A@', 'e$', '=', '9d', 'w{'), { minLength: 2, maxLength: 4 })
    .filter((t) => t.some((x) => /[^A-Za-z0-9]|[a-z][A-Z]/.test(x)))
    .map((t) => ` ${t.join(' ')} `);

/** What a simplified→traditional converter leaves after some characters: pinyin with tones. */
const CONVERTED: Array<[string, string]> = [
  ['簽', '簽(qiān)'],
  ['協', '協(xié)'],
  ['關', '關(guān)'],
  ['發', '發(fā)'],
];

/** Converted-page brackets after the characters a converter annotates (never inside a place name: the caller passes words). */
export function converted(text: string): string {
  let out = text;
  for (const [c, withPinyin] of CONVERTED) out = out.replaceAll(c, withPinyin);
  return out;
}

export interface Rendering {
  text: string;
  a: ChinesePlace;
  b: ForeignPlace;
  /** The `since` the rendering states, null when it states none. */
  since: string | null;
  relation: 'sister' | 'friendly' | 'unspecified';
}

export type Script = 'simplified' | 'traditional';
