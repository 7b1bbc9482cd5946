/**
 * What a migration's SQL cannot do alone: data derived in TypeScript for the rows a store already
 * holds, run right after that migration in the same transaction (db.ts).
 */
import { gazetteer } from '../extract/places/gazetteer.ts';
import { stmt, type Store } from './db.ts';
import { rebuildRelationships } from './relationships.ts';

/** Coordinates of the stored places the gazetteer knows, for places stored before migration 8. */
function fillCoordinates(db: Store): void {
  const places = gazetteer().places;
  const set = stmt(db, 'UPDATE places SET lat = ?, lon = ? WHERE id = ?');
  for (const id of stmt(db, 'SELECT id FROM places WHERE lat IS NULL').pluck().all() as string[]) {
    const p = places.get(id);
    if (p?.lat !== undefined && p.lon !== undefined) set.run(p.lat, p.lon, id);
  }
}

/** A new store holds none: nothing to fill. */
const holdsPlaces = (db: Store) => (stmt(db, 'SELECT count(*) AS n FROM places').get() as { n: number }).n > 0;

/** By the schema version a migration brings the store to. */
export const BACKFILL: Record<number, (db: Store) => void> = {
  8: (db) => {
    if (holdsPlaces(db)) fillCoordinates(db);
  },
  // The relationships are derived after migration 11, which files each pair fact under its relationship.
  11: (db) => {
    if (holdsPlaces(db)) rebuildRelationships(db);
  },
};
