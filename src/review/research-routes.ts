/**
 * The review server's routes for the registry: a place's relationships with their map points,
 * arcs and network for the research page, one relationship with its citations, and the queue of
 * conflicts with their resolution for the review page. Answers are JSON; the pages put every
 * string into the document as text.
 */
import { DateString, RelationshipRelation, RelationshipReview } from '../records.ts';
import { mapArc, mapOutlines, mapPoint, networkLayout } from '../query/registry-drawing.ts';
import { relationshipRecord, SUPPORTED, selectRelationships, supportOf } from '../query/relationships.ts';
import { placeNamed } from '../query/select.ts';
import type { Store } from '../store/db.ts';
import { queryRelationships, registryHistoryOf, relationshipById, resolveConflict, type PlaceSide, type Relationship } from '../store/relationships.ts';

export type Answer = { status: number; value: unknown };

const bad = (error: string): Answer => ({ status: 400, value: { ok: false, error } });

const withPoint = (p: PlaceSide) => ({ ...p, point: mapPoint(p) });

/** A place's relationships, each partner's point and arc, and the network among the places shown. */
function placeRelationships(db: Store, q: URLSearchParams): Answer {
  const place = (q.get('place') ?? '').trim();
  if (!place) return bad('place is required');
  const relation = q.get('relation') || undefined;
  if (relation && !RelationshipRelation.safeParse(relation).success) return bad(`relation must be one of ${RelationshipRelation.options.join(', ')}`);
  const review = q.get('review') || undefined;
  if (review && !RelationshipReview.safeParse(review).success) return bad(`review must be one of ${RelationshipReview.options.join(', ')}`);
  const all = q.get('all') === '1';
  const focus = placeNamed(db, place).ids;
  const rels = selectRelationships(db, { place, all, relation: relation as RelationshipRelation | undefined, review: review as RelationshipReview | undefined });
  const shown = new Set([...focus, ...rels.flatMap((r) => [r.a.id, r.b.id])]);
  // The network: every relationship among the places shown, in the same review states.
  const among = queryRelationships(db, { placeIds: [...shown], reviews: review ? [review as RelationshipReview] : all ? undefined : SUPPORTED }).filter((r) => shown.has(r.a.id) && shown.has(r.b.id));
  const side = (r: Relationship) => (focus.includes(r.a.id) ? { from: r.a, partner: r.b } : { from: r.b, partner: r.a });
  const from = new Map(rels.map((r) => [side(r).from.id, side(r).from]));
  return {
    status: 200,
    value: {
      place,
      focus: [...from.values()].map(withPoint),
      relationships: rels.map((r) => {
        const { from, partner } = side(r);
        return { ...relationshipRecord(r), a: withPoint(r.a), b: withPoint(r.b), partner: withPoint(partner), arc: mapArc(from, partner) };
      }),
      network: networkLayout(focus, among),
    },
  };
}

function oneRelationship(db: Store, id: string): Answer {
  const r = relationshipById(db, id);
  if (!r) return { status: 404, value: { ok: false, error: `no relationship ${id}` } };
  return { status: 200, value: { relationship: relationshipRecord(r), support: supportOf(db, [r]).get(r.id), history: registryHistoryOf(db, id) } };
}

/** Relationships whose sources disagree and that no reviewer has resolved, each with every citation. */
function conflictQueue(db: Store): Answer {
  const open = queryRelationships(db, { conflicts: true }).filter((r) => !r.resolution && r.review !== 'rejected');
  const support = supportOf(db, open);
  return { status: 200, value: { conflicts: open.map((r) => relationshipRecord(r, support.get(r.id))) } };
}

/** GET routes; undefined when the path is not one of them. */
export function registryGet(db: Store, path: string, q: URLSearchParams): Answer | undefined {
  if (path === '/api/research/map') return { status: 200, value: mapOutlines() };
  if (path === '/api/research/relationships') return placeRelationships(db, q);
  const one = /^\/api\/registry\/([0-9a-f]{16})$/.exec(path);
  if (one) return oneRelationship(db, one[1]);
  if (path === '/api/registry/conflicts') return conflictQueue(db);
  return undefined;
}

/** POST routes (the server has checked the token and read the JSON body); undefined when the path is not one of them. */
export function registryPost(db: Store, path: string, body: Record<string, unknown>, reviewer: string | null): Answer | undefined {
  const m = /^\/api\/registry\/([0-9a-f]{16})\/resolve$/.exec(path);
  if (!m) return undefined;
  const since = body.since === null || body.since === '' ? null : body.since;
  if (since !== null && !DateString.safeParse(since).success) return bad('since must be a date as YYYY, YYYY-MM or YYYY-MM-DD, or null');
  const note = typeof body.note === 'string' ? body.note.slice(0, 2000) : null;
  const r = resolveConflict(db, { id: m[1], since: since as string | null, reviewer, note });
  if (!r) return { status: 404, value: { ok: false, error: `no relationship ${m[1]}` } };
  return { status: 200, value: { ok: true, relationship: relationshipRecord(r), history: registryHistoryOf(db, r.id) } };
}
