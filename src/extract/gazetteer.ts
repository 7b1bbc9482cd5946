/**
 * The gazetteer: Chinese divisions with short names and nicknames, countries with aliases, and
 * foreign cities and regions with their country. Every name resolves to one canonical place.
 * Data files and their sources: ./gazetteer/README.md.
 */
import { readAsset } from '../assets.ts';
import type { PlaceKind, PlaceRecord } from '../records.ts';
import { toSimplified } from './script.ts';

export type Place = PlaceRecord;

export interface Country {
  code: string;
  name: string;
}

/**
 * The gazetteer's maps as ./gazetteer/compile.ts writes them (data/compiled.json) from the data
 * files, in columns: each text column holds one row per line, places are listed once and the maps
 * refer to them by index, in the maps' order. Parsing this and filling the maps costs a fraction of
 * reading the files and building the maps again, which every run would pay.
 */
export interface CompiledGazetteer {
  countries: { code: string; name: string };
  countryNames: { name: string; country: number[] };
  /** `aliases`: one line per place, its aliases separated by commas. */
  places: { id: string; name: string; kind: string; country: string; countryCode: string; aliases: string; source: string; lat: Array<number | null>; lon: Array<number | null> };
  chinese: { name: string; place: number[] };
  children: { key: string; place: number[] };
  /** `count`: how many of the indexes in `place`, in turn, each name has. */
  foreign: { name: string; place: number[]; count: number[] };
}

const lines = (column: string) => column.split('\n');

/** Suffixes a name may carry or drop: 成都市 / 成都, 清迈府 / 清迈. */
const DROPPABLE = /(?:市|府|县|郡)$/;

export class Gazetteer {
  /** Every written form of a Chinese place (full, short, multi-character nickname) → the place. */
  readonly chinese = new Map<string, Place>();
  /** `<parent division code>|<full or short name>` → the division: 红河 + 河口 → 河口瑶族自治县. */
  readonly children = new Map<string, Place>();
  /** Foreign names → the places (one per country) that bear them. */
  readonly foreign = new Map<string, Place[]>();
  /** Country names and aliases → the country. */
  readonly countries = new Map<string, Country>();
  readonly places = new Map<string, Place>();
  private readonly countryByCode = new Map<string, Country>();

  // The compiled form is parallel columns, one row per country, name or place, and indexes into
  // them: every index it holds is in range (`!`).
  constructor(data: CompiledGazetteer) {
    const codes = lines(data.countries.code);
    const countries = lines(data.countries.name).map((name, i) => ({ code: codes[i]!, name }));
    for (const c of countries) this.countryByCode.set(c.code, c);
    for (const [i, name] of lines(data.countryNames.name).entries()) this.countries.set(name, countries[data.countryNames.country[i]!]!);
    const p = data.places;
    const [names, kinds, countryNames, countryCodes, aliases, sources] = [p.name, p.kind, p.country, p.countryCode, p.aliases, p.source].map(lines) as [
      string[],
      string[],
      string[],
      string[],
      string[],
      string[],
    ];
    const places = lines(p.id).map(
      (id, i): Place => ({
        id,
        name: names[i]!,
        kind: kinds[i] as PlaceKind,
        country: countryNames[i]!,
        countryCode: countryCodes[i]!,
        aliases: aliases[i] ? aliases[i]!.split(',') : [],
        source: sources[i]!,
        ...(p.lat[i] != null && p.lon[i] != null ? { lat: p.lat[i]!, lon: p.lon[i]! } : {}),
      }),
    );
    for (const place of places) this.places.set(place.id, place);
    for (const [i, name] of lines(data.chinese.name).entries()) this.chinese.set(name, places[data.chinese.place[i]!]!);
    for (const [i, key] of lines(data.children.key).entries()) this.children.set(key, places[data.children.place[i]!]!);
    let at = 0;
    lines(data.foreign.name).forEach((name, i) => {
      const n = data.foreign.count[i]!;
      this.foreign.set(
        name,
        data.foreign.place.slice(at, (at += n)).map((j) => places[j]!),
      );
    });
  }

  countryByIso(code: string): Country | undefined {
    return this.countryByCode.get(code);
  }

  country(name: string): Country | undefined {
    return this.countries.get(toSimplified(name));
  }

  /** 成都, 成都市, 蓉城 and 成都 in traditional characters all give one place. */
  resolveChinese(name: string): Place | undefined {
    const s = toSimplified(name.trim());
    return this.chinese.get(s) ?? this.chinese.get(s.replace(/(?:省|市)$/, ''));
  }

  /** A foreign place by name, preferring the one in `countryCode` when several share the name. */
  resolveForeign(name: string, countryCode?: string): Place | undefined {
    const s = toSimplified(name.trim());
    const list = this.foreign.get(s) ?? this.foreign.get(s.replace(DROPPABLE, ''));
    if (!list) return undefined;
    return (countryCode && list.find((p) => p.countryCode === countryCode)) || (countryCode ? undefined : list[0]);
  }

  /** A foreign place the gazetteer does not know, caught from context (<country><name>市). */
  contextPlace(name: string, country: Country | null, kind: PlaceKind = 'unknown'): Place {
    const code = country?.code ?? 'XX';
    return this.placeOnce(`${code}:${name}`, () => ({ id: `${code}:${name}`, name, kind, country: country?.name ?? '', countryCode: code, aliases: [], source: 'context' }));
  }

  /** The division below `parent` that bears `name` (full or short). */
  childOf(parent: Place, name: string): Place | undefined {
    return parent.id.startsWith('cn:') ? this.children.get(`${parent.id.slice(3)}|${name}`) : undefined;
  }

  /** A Chinese place the divisions do not list (Taiwan's cities, 台北), caught from its position. */
  chinesePlace(name: string): Place {
    const known = this.chinese.get(name);
    return (
      (known && known.name === name ? known : undefined) ??
      this.placeOnce(`cn:${name}`, () => ({ id: `cn:${name}`, name, kind: 'unknown', country: '中国', countryCode: 'CN', aliases: [], source: 'context' }))
    );
  }

  private placeOnce(id: string, make: () => Place): Place {
    let place = this.places.get(id);
    if (!place) {
      place = make();
      this.places.set(id, place);
    }
    return place;
  }
}

/**
 * The first two characters of names, asked at every position of a text. A bit table answers most
 * look-ups on its own: the exact set's key (two UTF-16 code units in one number) is too large for
 * a small integer, and would be allocated at every position.
 */
export class PrefixSet {
  private readonly bits = new Uint32Array(1 << 15);
  private readonly keys = new Set<number>();

  private static hash(a: number, b: number): number {
    return (Math.imul(a, 0x9e37) ^ b) & 0xfffff;
  }

  add(a: number, b: number): void {
    const h = PrefixSet.hash(a, b);
    this.bits[h >>> 5]! |= 1 << (h & 31); // h < 2^20: within the bits
    this.keys.add(a * 65536 + b);
  }

  /** This set and `others` in one. */
  union(...others: PrefixSet[]): PrefixSet {
    const all = new PrefixSet();
    for (const set of [this, ...others]) for (const k of set.keys) all.add(Math.floor(k / 65536), k % 65536);
    return all;
  }

  /** Do the two characters at `at` open a name? */
  has(text: string, at: number): boolean {
    const a = text.charCodeAt(at);
    const b = text.charCodeAt(at + 1);
    const h = PrefixSet.hash(a, b);
    return (this.bits[h >>> 5]! & (1 << (h & 31))) !== 0 && this.keys.has(a * 65536 + b);
  }
}

/** Longest-match lookup of a name map at a position, indexed by first character. */
export class NameIndex<T> {
  /** The lengths of the names each first code unit opens, longest first (keyed by number: no one-character string per look-up). */
  private readonly lengths = new Map<number, number[]>();
  /** First two characters of every name: most positions in a text start none, and are rejected at once. */
  private readonly prefixes = new PrefixSet();
  /** First three characters of every longer name: most two-character hits go no further, without a substring. */
  private readonly prefixes3 = new Set<string>();
  constructor(
    private readonly names: Map<string, T>,
    minLength = 2,
  ) {
    for (const name of names.keys()) {
      if (name.length < minLength) continue;
      this.prefixes.add(name.charCodeAt(0), name.charCodeAt(1));
      if (name.length >= 3) this.prefixes3.add(name.slice(0, 3));
      const list = this.lengths.get(name.charCodeAt(0)) ?? [];
      if (!list.includes(name.length)) list.push(name.length);
      this.lengths.set(name.charCodeAt(0), list);
    }
    for (const list of this.lengths.values()) list.sort((a, b) => b - a);
  }

  /** Could a name start at `at`? */
  mayStart(text: string, at: number): boolean {
    return this.prefixes.has(text, at);
  }

  /** The first-two-character keys of this index and others: one look-up rejects a position for all of them. */
  static prefixUnion(...indexes: Array<NameIndex<unknown>>): PrefixSet {
    return new PrefixSet().union(...indexes.map((i) => i.prefixes));
  }

  /** The longest name starting at `at`, if any. */
  match(text: string, at: number): { name: string; value: T } | undefined {
    if (!this.mayStart(text, at)) return undefined;
    const lengths = this.lengths.get(text.charCodeAt(at))!;
    const longer = this.prefixes3.has(text.substr(at, 3));
    for (const len of lengths) {
      if (len >= 3 && !longer) continue;
      const name = text.substr(at, len);
      const value = this.names.get(name);
      if (value !== undefined) return { name, value };
    }
    return undefined;
  }
}

let shared: Gazetteer | undefined;

/** The gazetteer, loaded at the first call. */
export function gazetteer(): Gazetteer {
  shared ??= new Gazetteer(JSON.parse(readAsset('src/extract/gazetteer/data/compiled.json')));
  return shared;
}
