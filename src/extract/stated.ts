/**
 * What a text states, as keys to compare: the places, counts and dates the rules find in its
 * running text. Releases written from one template share nearly every sentence and differ in
 * exactly these; a copy of one text under a site's own junk states nothing the text does not.
 */
import { findCounts } from './numbers/counts.ts';
import { placeMentions } from './places/mentions.ts';
import { SENTENCE } from './text/sentences.ts';
import { runningText } from './text/shingles.ts';
import { findDates } from './time/dates.ts';

/** The places (pair sides and other mentions), count values and dates (as written) of a normalised text's running lines. */
export function statedIn(normalized: string): Set<string> {
  const prose = runningText(normalized);
  const keys = new Set<string>();
  for (const [sentence] of prose.matchAll(SENTENCE)) {
    const { chinese, foreign } = placeMentions(sentence);
    for (const m of [...chinese, ...foreign]) keys.add(`place:${m.country?.name ?? ''}/${m.name}`);
  }
  for (const c of findCounts(prose)) keys.add(`count:${c.value} ${c.unit}`);
  // As written, not as placed: two copies of one text may be read with other publication dates.
  for (const d of findDates(prose).dates) keys.add(`date:${prose.slice(d.start, d.end)}`);
  return keys;
}

/** Whether one of the two texts states nothing the other does not: a copy, perhaps with a line more or less. */
export function statesTheSame(a: Set<string>, b: Set<string>): boolean {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const k of small) if (!large.has(k)) return false;
  return true;
}
