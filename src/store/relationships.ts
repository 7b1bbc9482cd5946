/**
 * The sister-city registry (migration 8): one relationship per unordered pair of canonical
 * places, derived from every pair fact that joins them (relationship-state.ts says how).
 *
 * Kept current by explicit recompute, not triggers: every write path that changes pair facts
 * (saveDocument, decide, undo, resolve) calls refreshPairs with the pairs it touched, inside its
 * own transaction, so a relationship is never out of step with its facts. The derivation reads
 * the article text around evidence and keeps its rules in TypeScript, which SQL triggers could
 * only repeat less readably.
 */
import { createHash } from 'node:crypto';
import type { RelationshipRelation, RelationshipReview } from '../records.ts';
import { stmt, write, type Store } from './db.ts';
import { deriveRelationship, type RelationshipState, type Resolution, type SinceEntry, type StageEntry, type SupportingFact } from './relationship-state.ts';
import { endOfPeriod, type Page } from './facts.ts';

/** Characters read on each side of an evidence span to find its sentence. */
const CONTEXT = 80;

export interface PlaceSide {
  id: string;
  name: string;
  country: string | null;
  kind: string;
  lat: number | null;
  lon: number | null;
}

export interface Relationship extends RelationshipState {
  id: string;
  a: PlaceSide;
  b: PlaceSide;
}

export type Pair = readonly [string, string];

/** The pair in its stored order: the Chinese side first (ids cn:…), else the lower id. */
export function orderPair(x: string, y: string): Pair {
  const cn = (id: string) => id.startsWith('cn:');
  if (cn(x) !== cn(y)) return cn(x) ? [x, y] : [y, x];
  return x < y ? [x, y] : [y, x];
}

export function relationshipId(x: string, y: string): string {
  const [a, b] = orderPair(x, y);
  return createHash('sha256').update(`${a}\0${b}`).digest('hex').slice(0, 16);
}

/** The place pairs of the given facts (those whose places were resolved). */
export function pairsOfFacts(db: Store, factIds: string[]): Pair[] {
  return stmt(
    db,
    `SELECT fa.place_id AS a, fb.place_id AS b FROM fact_places fa JOIN fact_places fb ON fb.fact_id = fa.fact_id AND fb.role = 'b'
    WHERE fa.role = 'a' AND fa.fact_id IN (SELECT value FROM json_each(?))`,
  )
    .all(JSON.stringify(factIds))
    .map((r) => [(r as { a: string }).a, (r as { b: string }).b] as const);
}

export function pairsOfDocument(db: Store, documentId: string): Pair[] {
  return stmt(
    db,
    `SELECT fa.place_id AS a, fb.place_id AS b FROM facts f JOIN fact_places fa ON fa.fact_id = f.id AND fa.role = 'a'
    JOIN fact_places fb ON fb.fact_id = f.id AND fb.role = 'b' WHERE f.document_id = ? AND f.type = 'city_pair'`,
  )
    .all(documentId)
    .map((r) => [(r as { a: string }).a, (r as { b: string }).b] as const);
}

interface FactRow {
  id: string;
  document_id: string;
  published: string | null;
  status: string;
  fields: string;
  sources: string;
}

/** A pair fact's columns for deriving its relationship (f: facts, d: its document). */
const FACT_COLUMNS = `f.id, f.document_id, d.published, f.status, f.fields,
  (SELECT json_group_array(source) FROM document_sources WHERE document_id = f.document_id) AS sources`;

function supporting(db: Store, r: FactRow): SupportingFact {
  const fields = JSON.parse(r.fields) as { relation: SupportingFact['relation']; since: string | null };
  // Only an unspecified pair may be an intent: the text is read for those alone.
  const contexts =
    fields.relation === 'unspecified'
      ? (
          stmt(
            db,
            `SELECT max(0, e.start - ${CONTEXT}) AS at, e.start, e.end, substr(d.original, max(0, e.start - ${CONTEXT}) + 1, e.end - max(0, e.start - ${CONTEXT}) + ${CONTEXT}) AS text
            FROM evidence e JOIN facts f ON f.id = e.fact_id JOIN documents d ON d.id = f.document_id WHERE e.fact_id = ?`,
          ).all(r.id) as Array<{ at: number; start: number; end: number; text: string }>
        ).map((c) => ({ text: c.text, start: c.start - c.at, end: c.end - c.at }))
      : [];
  return {
    id: r.id,
    documentId: r.document_id,
    published: r.published,
    sources: JSON.parse(r.sources) as string[],
    status: r.status,
    relation: fields.relation,
    since: fields.since,
    contexts,
  };
}

/** A relationship's pair facts from its own rows of registry_facts: never every fact of a big city. */
function supportingFacts(db: Store, id: string): SupportingFact[] {
  const rows = stmt(
    db,
    `SELECT ${FACT_COLUMNS} FROM registry_facts rf JOIN facts f ON f.id = rf.fact_id JOIN documents d ON d.id = f.document_id
    WHERE rf.relationship_id = ? ORDER BY f.rowid`,
  ).all(id) as FactRow[];
  return rows.map((r) => supporting(db, r));
}

/** Files a pair fact under its relationship; call when its two places are linked. */
export function fileFact(db: Store, factId: string, x: string, y: string): void {
  if (x !== y) stmt(db, 'INSERT OR IGNORE INTO registry_facts (relationship_id, fact_id) VALUES (?, ?)').run(relationshipId(x, y), factId);
}

function latestResolution(db: Store, id: string): Resolution | null {
  const r = stmt(db, "SELECT since, reviewer, at, note, seen FROM registry_history WHERE relationship_id = ? AND action = 'resolve' ORDER BY id DESC LIMIT 1").get(id) as
    | (Omit<Resolution, 'seen'> & { seen: string })
    | undefined;
  return r ? { ...r, seen: JSON.parse(r.seen) as string[] } : null;
}

/** Per connection, while `refreshOnce` runs: the relationships to derive at its end, by id. */
const deferred = new WeakMap<Store, Map<string, Pair>>();

/** Derives each pair's relationship again from its facts; call inside the transaction that changed them. */
export function refreshPairs(db: Store, pairs: Iterable<Pair>): void {
  const due = deferred.get(db) ?? new Map<string, Pair>();
  for (const [x, y] of pairs) {
    if (x === y) continue; // a place paired with itself is no relationship
    const [a, b] = orderPair(x, y);
    due.set(relationshipId(a, b), [a, b]);
  }
  if (!deferred.has(db)) for (const [id, [a, b]] of due) writeRelationship(db, id, a, b, supportingFacts(db, id));
}

/**
 * Runs `fn` (inside a transaction) with every refresh it asks for put off to its end, so a batch
 * of documents derives each relationship it touches once, however many of its facts it writes.
 */
export function refreshOnce<T>(db: Store, fn: () => T): T {
  if (deferred.has(db)) return fn();
  const due = new Map<string, Pair>();
  deferred.set(db, due);
  let result: T;
  try {
    result = fn();
  } finally {
    deferred.delete(db);
  }
  refreshPairs(db, due.values());
  return result;
}

function writeRelationship(db: Store, id: string, a: string, b: string, facts: SupportingFact[]): void {
  if (!facts.length) {
    stmt(db, 'DELETE FROM registry WHERE id = ?').run(id);
    return;
  }
  const s = deriveRelationship(facts, latestResolution(db, id));
  stmt(
    db,
    `INSERT OR REPLACE INTO registry (id, place_a, place_b, relation, since, conflict, review, first_reported, last_reported, documents, sources, facts, stages, sinces, resolution)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    id,
    a,
    b,
    s.relation,
    s.since,
    s.conflict ? 1 : 0,
    s.review,
    s.firstReported,
    s.lastReported,
    s.documents,
    s.sources,
    s.facts,
    JSON.stringify(s.stages),
    JSON.stringify(s.sinces),
    s.resolution ? JSON.stringify(s.resolution) : null,
  );
}

/**
 * Every relationship derived again from the facts, in one pass over them: a store migrated to
 * version 8, or one written without saveDocument (the bench).
 */
export function rebuildRelationships(db: Store): number {
  return write(db, () => {
    stmt(db, 'DELETE FROM registry').run();
    stmt(db, 'DELETE FROM registry_facts').run();
    const rows = stmt(
      db,
      `SELECT fa.place_id AS pa, fb.place_id AS pb, ${FACT_COLUMNS} FROM facts f JOIN documents d ON d.id = f.document_id
      JOIN fact_places fa ON fa.fact_id = f.id AND fa.role = 'a' JOIN fact_places fb ON fb.fact_id = f.id AND fb.role = 'b'
      WHERE f.type = 'city_pair' ORDER BY f.rowid`,
    ).all() as Array<FactRow & { pa: string; pb: string }>;
    const pairs = new Map<string, { a: string; b: string; facts: SupportingFact[] }>();
    for (const r of rows) {
      if (r.pa === r.pb) continue;
      const [a, b] = orderPair(r.pa, r.pb);
      const id = relationshipId(a, b);
      let pair = pairs.get(id);
      if (!pair) pairs.set(id, (pair = { a, b, facts: [] }));
      fileFact(db, r.id, a, b);
      pair.facts.push(supporting(db, r));
    }
    for (const [id, p] of pairs) writeRelationship(db, id, p.a, p.b, p.facts);
    return pairs.size;
  });
}

export interface RelationshipFilter {
  /** Canonical place ids: relationships with either side there. */
  placeIds?: string[];
  /** Canonical place ids: relationships with both sides among them (a network). */
  among?: string[];
  /** Either side's country, by Chinese name or ISO code. */
  country?: string;
  relation?: RelationshipRelation;
  since?: string;
  until?: string;
  conflicts?: boolean;
  /** Conflicts still open: no reviewer resolved them and not every fact was rejected. */
  open?: boolean;
  minSources?: number;
  /** Any of these review states; every one when not said. */
  reviews?: RelationshipReview[];
  ids?: string[];
}

const COLUMNS = `r.id, r.relation, r.since, r.conflict, r.review, r.first_reported, r.last_reported, r.documents, r.sources, r.facts, r.stages, r.sinces, r.resolution,
  pa.id AS a_id, pa.name AS a_name, pa.country AS a_country, pa.kind AS a_kind, pa.lat AS a_lat, pa.lon AS a_lon,
  pb.id AS b_id, pb.name AS b_name, pb.country AS b_country, pb.kind AS b_kind, pb.lat AS b_lat, pb.lon AS b_lon`;

interface Row {
  id: string;
  relation: RelationshipRelation;
  since: string | null;
  conflict: number;
  review: RelationshipReview;
  first_reported: string | null;
  last_reported: string | null;
  documents: number;
  sources: number;
  facts: number;
  stages: string;
  sinces: string;
  resolution: string | null;
  [side: string]: unknown;
}

function side(r: Row, s: 'a' | 'b'): PlaceSide {
  return {
    id: r[`${s}_id`] as string,
    name: r[`${s}_name`] as string,
    country: r[`${s}_country`] as string | null,
    kind: r[`${s}_kind`] as string,
    lat: r[`${s}_lat`] as number | null,
    lon: r[`${s}_lon`] as number | null,
  };
}

/** Relationships matching the filter, the Chinese side's name first, then the partner's; a page of them when `page` says. */
export function queryRelationships(db: Store, filter: RelationshipFilter = {}, page: Page = {}): Relationship[] {
  const { from, where, params } = relationshipQuery(filter);
  const limit = page.limit ? ` LIMIT ${Number(page.limit)} OFFSET ${Number(page.offset ?? 0)}` : '';
  const rows = db.prepare(`SELECT ${COLUMNS} FROM ${from} JOIN places pa ON pa.id = r.place_a JOIN places pb ON pb.id = r.place_b ${where} ORDER BY pa.name, pb.name${limit}`).all(...params) as Row[];
  return rows.map((r) => ({
    id: r.id,
    a: side(r, 'a'),
    b: side(r, 'b'),
    relation: r.relation,
    since: r.since,
    conflict: r.conflict === 1,
    review: r.review,
    firstReported: r.first_reported,
    lastReported: r.last_reported,
    documents: r.documents,
    sources: r.sources,
    facts: r.facts,
    stages: JSON.parse(r.stages) as StageEntry[],
    sinces: JSON.parse(r.sinces) as SinceEntry[],
    resolution: r.resolution ? (JSON.parse(r.resolution) as Resolution) : null,
  }));
}

/** How many relationships match the filter. */
export function countRelationships(db: Store, filter: RelationshipFilter): number {
  const { from, where, params } = relationshipQuery(filter);
  return db
    .prepare(`SELECT count(*) FROM ${from} JOIN places pa ON pa.id = r.place_a JOIN places pb ON pb.id = r.place_b ${where}`)
    .pluck()
    .get(...params) as number;
}

/** The FROM and WHERE of a filter, built per filter (its shape varies), its values bound. */
function relationshipQuery(filter: RelationshipFilter): { from: string; where: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  const list = (values: readonly unknown[]) => {
    params.push(JSON.stringify(values));
    return '(SELECT value FROM json_each(?))';
  };
  // A place is found through its two indexes (place_a is the key's first column, place_b has its own).
  let from = 'registry r';
  if (filter.placeIds) {
    from = `(SELECT * FROM registry WHERE place_a IN ${list(filter.placeIds)} UNION SELECT * FROM registry WHERE place_b IN ${list(filter.placeIds)}) r`;
  }
  // Read by the first side's index; each side is one of the places, whose list is read once.
  if (filter.among) where.push(`r.place_a IN ${list(filter.among)} AND r.place_b IN ${list(filter.among)}`);
  if (filter.ids) where.push(`r.id IN ${list(filter.ids)}`);
  if (filter.country) {
    where.push('(pa.country = ? OR pa.country_code = ? OR pb.country = ? OR pb.country_code = ?)');
    params.push(filter.country, filter.country.toUpperCase(), filter.country, filter.country.toUpperCase());
  }
  if (filter.relation) {
    where.push('r.relation = ?');
    params.push(filter.relation);
  }
  if (filter.since) {
    where.push('r.since >= ?');
    params.push(filter.since);
  }
  if (filter.until) {
    where.push('r.since <= ?');
    params.push(endOfPeriod(filter.until));
  }
  if (filter.conflicts) where.push('r.conflict = 1');
  if (filter.open) where.push("r.conflict = 1 AND r.resolution IS NULL AND r.review != 'rejected'");
  if (filter.minSources) {
    where.push('r.sources >= ?');
    params.push(filter.minSources);
  }
  if (filter.reviews) where.push(`r.review IN ${list(filter.reviews)}`);
  return { from, where: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
}

export function relationshipById(db: Store, id: string): Relationship | undefined {
  return queryRelationships(db, { ids: [id] })[0];
}

/** The ids of every pair fact behind a relationship, rejected ones too, in the order they were stored. */
export function factIdsOf(db: Store, r: Pick<Relationship, 'id'>): string[] {
  return stmt(db, 'SELECT f.id FROM registry_facts rf JOIN facts f ON f.id = rf.fact_id WHERE rf.relationship_id = ? ORDER BY f.rowid').pluck().all(r.id) as string[];
}

export interface RegistryHistoryEntry {
  id: number;
  action: string;
  reviewer: string | null;
  at: string;
  note: string | null;
  since: string | null;
  seen: string[];
}

export function registryHistoryOf(db: Store, id: string): RegistryHistoryEntry[] {
  return (
    stmt(db, 'SELECT id, action, reviewer, at, note, since, seen FROM registry_history WHERE relationship_id = ? ORDER BY id').all(id) as Array<Omit<RegistryHistoryEntry, 'seen'> & { seen: string }>
  ).map((r) => ({ ...r, seen: JSON.parse(r.seen) as string[] }));
}

/**
 * A reviewer's answer to a conflict: the date the relationship was established (one the sources
 * give, or another the reviewer found), recorded in the registry history with the dates they saw.
 */
export function resolveConflict(db: Store, d: { id: string; since: string | null; reviewer: string | null; note?: string | null }): Relationship | undefined {
  return write(db, () => {
    const r = relationshipById(db, d.id);
    if (!r) return undefined;
    stmt(db, "INSERT INTO registry_history (relationship_id, action, reviewer, at, note, since, seen) VALUES (?, 'resolve', ?, ?, ?, ?, ?)").run(
      d.id,
      d.reviewer,
      new Date().toISOString(),
      d.note ?? null,
      d.since,
      JSON.stringify(r.sinces.map((s) => s.since)),
    );
    refreshPairs(db, [[r.a.id, r.b.id]]);
    return relationshipById(db, d.id);
  });
}
