/**
 * Whether a quote states the fact it is given as evidence for: a pair's quote names both its
 * places (by name, short name, alias or nickname, in either script), a count's quote holds its
 * number, a date's quote a date within the fact's bounds. A fact added by hand is refused (or
 * stored as forced) when it does not; the reason names what the quote lacks.
 */
import type { Fact } from '../records.ts';
import { findDates } from './time/dates.ts';
import { NUMBER_SOURCE, parseNumeral } from './numbers/numbers.ts';
import { pairPlaces } from './pairs/pairs.ts';
import { gazetteer, type Place } from './places/gazetteer.ts';
import { normalize } from './text/normalize.ts';
import { toSimplified } from './text/script.ts';

/** Kind words a name is written with or without (成都市 / 成都, 长野县 / 长野, 轻井泽町 / 轻井泽). */
const KIND = /(?:特别行政区|自治区|自治州|自治县|地区|市|县|区|省|州|府|郡|町|村|道)$/;

let chineseForms: Map<string, string[]> | undefined;

/** Every written form the gazetteer gives a Chinese place (full, short, nicknames), by place id; made once. */
function formsOfChinese(id: string): string[] {
  if (!chineseForms) {
    chineseForms = new Map();
    const g = gazetteer();
    for (const name of g.chinese.keys()) {
      const place = g.chinese.get(name);
      if (place) chineseForms.set(place.id, [...(chineseForms.get(place.id) ?? []), name]);
    }
  }
  return chineseForms.get(id) ?? [];
}

/** The forms a quote may name a side by: the fact's name, the place's names and aliases, each with or without its kind word. */
function formsOf(name: string, place: Place | undefined): string[] {
  const names = [name, ...(place ? [place.name, ...place.aliases, ...formsOfChinese(place.id)] : [])].map(toSimplified);
  const forms = new Set<string>();
  for (const n of names) {
    forms.add(n);
    const bare = n.replace(KIND, '');
    if (bare.length >= 2) forms.add(bare);
  }
  return [...forms];
}

const NUMBERS = new RegExp(NUMBER_SOURCE, 'g');

/** Why `quote` does not state `fact`, or null when it does (agreements and events are not checked). */
export function unsupported(fact: Fact, quote: string, published: string | null = null): string | null {
  const text = toSimplified(quote);
  const short = quote.length > 40 ? `${quote.slice(0, 40)}…` : quote;
  if (fact.type === 'city_pair') {
    const places = pairPlaces(fact.a.name, fact.b.name, fact.b.country);
    const missing = [
      [fact.a.name, places?.a],
      [fact.b.name, places?.b],
    ]
      .filter(([name, place]) => !formsOf(name as string, place as Place | undefined).some((f) => text.includes(f)))
      .map(([name]) => name as string);
    if (!missing.length) return null;
    return `the evidence 「${short}」 does not name ${missing.join(' nor ')} (by name, alias or nickname)`;
  }
  if (fact.type === 'count') {
    const values = [...normalize(quote).text.matchAll(NUMBERS)].map((m) => parseNumeral(m[0]));
    return values.includes(fact.value) ? null : `the evidence 「${short}」 does not state the number ${fact.value}`;
  }
  if (fact.type === 'date') {
    const { dates } = findDates(normalize(quote).text, { published });
    const within = dates.some((d) => d.startDate >= fact.start.slice(0, d.startDate.length) && d.startDate.slice(0, fact.end.length) <= fact.end);
    return within || text.includes(toSimplified(fact.text)) ? null : `the evidence 「${short}」 does not state the date ${fact.start === fact.end ? fact.start : `${fact.start} – ${fact.end}`}`;
  }
  return null;
}
