/** One record per fact: mentions with the same key become one fact with several evidence items. */
import { factKey, type Fact } from '../records.ts';
import { preferPair } from './pairs/pairs.ts';

export function mergeFacts(facts: Fact[]): Fact[] {
  const byKey = new Map<string, Fact>();
  // The spans each merged fact cites, so a mention met again costs one lookup, however many there
  // are; made when a second mention comes, as most facts have one.
  const spans = new Map<string, Set<string>>();
  const merged = new Set<string>();
  for (const fact of facts) {
    const key = factKey(fact);
    const seen = byKey.get(key);
    if (!seen) {
      byKey.set(key, { ...fact, evidence: [...fact.evidence] });
      continue;
    }
    merged.add(key);
    let cited = spans.get(key);
    if (!cited) spans.set(key, (cited = new Set(seen.evidence.map((e) => `${e.start}:${e.end}`))));
    for (const ev of fact.evidence) {
      const span = `${ev.start}:${ev.end}`;
      if (!cited.has(span)) {
        cited.add(span);
        seen.evidence.push(ev);
      }
    }
    seen.confidence = Math.max(seen.confidence, fact.confidence);
    // A date written out in full once is not inferred, however often it is abbreviated elsewhere.
    if (seen.type === 'date' && fact.type === 'date') seen.anchored = seen.anchored && fact.anchored;
    // A pair mentioned several times keeps its most specific relation and date of establishment.
    if (seen.type === 'agreement' && fact.type === 'agreement') {
      seen.date ??= fact.date;
      seen.parties = [...new Set([...seen.parties, ...fact.parties])];
      seen.fields = [...new Set([...seen.fields, ...fact.fields])];
    }
    if (seen.type === 'event' && fact.type === 'event') {
      if ((fact.start?.length ?? 0) > (seen.start?.length ?? 0)) Object.assign(seen, { start: fact.start, end: fact.end });
      seen.place ??= fact.place;
      seen.participants = { ...fact.participants, ...seen.participants };
    }
    if (seen.type === 'city_pair' && fact.type === 'city_pair') {
      Object.assign(seen, preferPair(seen, fact));
      seen.b = { ...seen.b, country: seen.b.country ?? fact.b.country };
    }
  }
  // Merged evidence in text order, sorted once at the end rather than at every merge.
  for (const [key, fact] of byKey) if (merged.has(key)) fact.evidence.sort((a, b) => a.start - b.start);
  return [...byKey.values()];
}
