/**
 * The gazetteer: Chinese divisions with short names and nicknames, countries with aliases, and
 * foreign cities and regions with their country. Every name resolves to one canonical place.
 * Data files and their sources: ./gazetteer/README.md.
 */
import { readAsset } from '../../assets.ts';
import type { PlaceKind, PlaceRecord } from '../../records.ts';
import { toSimplified } from '../text/script.ts';

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

/** Each line of a column → its row number. */
function rowsByLine(column: string): Map<string, number> {
  const rows = new Map<string, number>();
  let row = 0;
  for (const line of lines(column)) rows.set(line, row++);
  return rows;
}

/** Suffixes a name may carry or drop: 成都市 / 成都, 清迈府 / 清迈. */
const DROPPABLE = /(?:市|府|县|郡)$/;

/** Names and what each stands for: all a NameIndex needs. */
export interface NameMap<T> {
  keys(): Iterable<string>;
  get(name: string): T | undefined;
}

/** A name map whose values are made when a name is looked up, from its row. */
class RowNames<T> implements NameMap<T> {
  constructor(
    private readonly rows: Map<string, number>,
    private readonly value: (row: number) => T,
  ) {}
  keys(): Iterable<string> {
    return this.rows.keys();
  }
  get(name: string): T | undefined {
    const row = this.rows.get(name);
    return row === undefined ? undefined : this.value(row);
  }
}

/**
 * Loaded at start-up, where a short text looks up a handful of names: the name maps are filled
 * with row numbers, and a place is made the first time a look-up reaches it (the same object
 * every time after).
 */
export class Gazetteer {
  /** Every written form of a Chinese place (full, short, multi-character nickname) → the place. */
  readonly chinese: NameMap<Place>;
  /** Foreign names → the places (one per country) that bear them. */
  readonly foreign: NameMap<Place[]>;
  /** Country names and aliases → the country. */
  readonly countries = new Map<string, Country>();
  private readonly countryByCode = new Map<string, Country>();
  private readonly made: Array<Place | undefined> = [];
  private columns?: string[][];
  /** `<parent division code>|<full or short name>` → the division's row: 红河 + 河口 → 河口瑶族自治县. */
  private children?: Map<string, number>;
  private byId?: Map<string, Place>;

  // The compiled form is parallel columns, one row per country, name or place, and indexes into
  // them: every index it holds is in range (`!`).
  constructor(private readonly data: CompiledGazetteer) {
    const codes = lines(data.countries.code);
    const countries = lines(data.countries.name).map((name, i) => ({ code: codes[i]!, name }));
    for (const c of countries) this.countryByCode.set(c.code, c);
    for (const [i, name] of lines(data.countryNames.name).entries()) this.countries.set(name, countries[data.countryNames.country[i]!]!);
    this.chinese = new RowNames(rowsByLine(data.chinese.name), (row) => this.place(data.chinese.place[row]!));
    const lists: Array<Place[] | undefined> = [];
    const firsts: number[] = [];
    let at = 0;
    for (const n of data.foreign.count) {
      firsts.push(at);
      at += n;
    }
    this.foreign = new RowNames(rowsByLine(data.foreign.name), (row) => {
      lists[row] ??= data.foreign.place.slice(firsts[row]!, firsts[row]! + data.foreign.count[row]!).map((i) => this.place(i));
      return lists[row];
    });
  }

  /** The place in row `i` of the compiled places. */
  private place(i: number): Place {
    let place = this.made[i];
    if (!place) {
      const p = this.data.places;
      const [ids, names, kinds, countryNames, countryCodes, aliases, sources] = (this.columns ??= [p.id, p.name, p.kind, p.country, p.countryCode, p.aliases, p.source].map(lines)) as [
        string[],
        string[],
        string[],
        string[],
        string[],
        string[],
        string[],
      ];
      const alias = aliases[i]!;
      place = { id: ids[i]!, name: names[i]!, kind: kinds[i] as PlaceKind, country: countryNames[i]!, countryCode: countryCodes[i]!, aliases: alias ? alias.split(',') : [], source: sources[i]! };
      const [lat, lon] = [p.lat[i], p.lon[i]];
      if (lat != null && lon != null) Object.assign(place, { lat, lon });
      this.made[i] = place;
    }
    return place;
  }

  /** Every place by id, the gazetteer's and those caught from context; made at the first call. */
  get places(): Map<string, Place> {
    if (!this.byId) {
      this.byId = new Map();
      for (let i = 0; i < this.data.places.lat.length; i++) {
        const place = this.place(i);
        this.byId.set(place.id, place);
      }
    }
    return this.byId;
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
    if (!parent.id.startsWith('cn:')) return undefined;
    this.children ??= rowsByLine(this.data.children.key);
    const row = this.children.get(`${parent.id.slice(3)}|${name}`);
    return row === undefined ? undefined : this.place(this.data.children.place[row]!);
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
  /** The sets a union is made of, each asked in turn: merging their tables would cost more at start-up. */
  private parts: PrefixSet[] = [this];

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
    all.parts = [this, ...others].flatMap((set) => set.parts);
    return all;
  }

  /** Do the two characters at `at` open a name? */
  has(text: string, at: number): boolean {
    const a = text.charCodeAt(at);
    const b = text.charCodeAt(at + 1);
    const h = PrefixSet.hash(a, b);
    for (const set of this.parts) if ((set.bits[h >>> 5]! & (1 << (h & 31))) !== 0 && set.keys.has(a * 65536 + b)) return true;
    return false;
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
    private readonly names: NameMap<T>,
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
  shared ??= new Gazetteer(JSON.parse(readAsset('src/extract/places/gazetteer/data/compiled.json')));
  return shared;
}
