/**
 * The stored facts a researcher's filters select: approved ones (approved or edited) unless a
 * status or `all` says otherwise; a place by any name or alias the store or gazetteer knows.
 */
import { gazetteer } from '../extract/places/gazetteer.ts';
import { toSimplified } from '../extract/text/script.ts';
import type { Store } from '../store/db.ts';
import { STATUSES, type Status } from '../records.ts';
import { pageFacts, type FactFilter, type Page, type StoredFact } from '../store/facts.ts';
import { placesNamed } from '../store/research.ts';

/** The filters as a person gives them: a document prefix, a status or all, a place and a country by name. */
export type FactSelection = Pick<FactFilter, 'type' | 'relation' | 'since' | 'until' | 'method' | 'minConfidence'> & {
  doc?: string;
  status?: Status;
  all?: boolean;
  place?: string;
  country?: string;
};

/** The statuses a selection covers: one named, every one with `all`, else the approved ones. */
export function statusesOf(opts: { status?: Status; all?: boolean }): Status[] {
  return opts.status ? [opts.status] : opts.all ? [...STATUSES] : ['approved', 'edited'];
}

/** The canonical places a name the user typed stands for: by the store's names and aliases, and the gazetteer's. */
export function placeNamed(db: Store, place: string): { ids: string[]; names: string[] } {
  const name = toSimplified(place.trim());
  const g = gazetteer();
  const resolved = [g.resolveChinese(name)?.id, g.resolveForeign(name)?.id].filter((x): x is string => !!x);
  return placesNamed(db, name, resolved);
}

/** A country the user typed, as its Chinese name where the gazetteer knows it. */
export function countryNamed(country: string): string {
  return gazetteer().country(country)?.name ?? toSimplified(country);
}

export function selectFacts(db: Store, opts: FactSelection, page: Page = {}): { total: number; facts: StoredFact[] } {
  return pageFacts(
    db,
    {
      type: opts.type,
      documentId: opts.doc,
      statuses: statusesOf(opts),
      places: opts.place ? placeNamed(db, opts.place) : undefined,
      country: opts.country ? countryNamed(opts.country) : undefined,
      relation: opts.relation,
      since: opts.since,
      until: opts.until,
      method: opts.method,
      minConfidence: opts.minConfidence,
    },
    page,
  );
}
