/**
 * The research page's API and the registry's: full-text search, facts by researchers' filters, a
 * place's relationships with their map points, arcs and network, one relationship with its
 * citations, and the queue of conflicts with their resolution (for the review page). Answers are
 * JSON; the pages put every string into the document as text.
 */
import { z } from 'zod';
import { toSimplified } from '../extract/text/script.ts';
import { factRecord } from '../query/export.ts';
import { mapArc, mapOutlines, mapPoint, networkLayout } from '../query/registry-drawing.ts';
import { relationshipRecord, SUPPORTED, selectRelationships, supportOf } from '../query/relationships.ts';
import { placeNamed, selectFacts } from '../query/select.ts';
import { DateString, FACT_TYPES, RELATIONS, RelationshipRelation, RelationshipReview } from '../records.ts';
import { searchDocuments } from '../store/research.ts';
import { countRelationships, queryRelationships, registryHistoryOf, relationshipById, resolveConflict, type PlaceSide, type Relationship } from '../store/relationships.ts';
import { apart, HttpError, ok, oneOf, route, type Route, Note, Reviewer, who } from './http.ts';

const RELATIONSHIP = '([0-9a-f]{16})';
/** A query flag: `1` turns it on. */
const Flag = z
  .string()
  .optional()
  .transform((v) => v === '1');

/** Facts, or conflicts, in one answer: a page, so no answer grows with the store; `offset` asks for the next. */
const PAGE = 500;
const CONFLICTS_PAGE = 50;
const Offset = z.coerce.number().int().min(0).default(0);

const Search = z.object({ q: z.string().default('') });

const Facts = z.object({
  type: oneOf(FACT_TYPES).optional(),
  all: Flag,
  place: z.string().optional(),
  country: z.string().optional(),
  relation: oneOf(RELATIONS).optional(),
  since: DateString.optional(),
  until: DateString.optional(),
  offset: Offset,
});

const PlaceQuery = z.object({
  place: z.string().trim().min(1, 'place is required'),
  relation: oneOf(RelationshipRelation.options).optional(),
  review: oneOf(RelationshipReview.options).optional(),
  all: Flag,
});

const Resolve = z.object({
  since: z.preprocess((v) => (v === '' || v === undefined ? null : v), DateString.nullable()),
  note: Note,
  reviewer: Reviewer,
});

const withPoint = (p: PlaceSide) => ({ ...p, point: mapPoint(p) });

function notFound(id: string): never {
  throw new HttpError(404, `no relationship ${id}`);
}

export const researchRoutes: Route[] = [
  apart(route('GET', /^\/api\/research\/search$/, Search, ({ q }, { db }) => ok({ hits: searchDocuments(db, toSimplified(q).replace(/\s+/g, ''), 50) }))),
  apart(
    route('GET', /^\/api\/research\/facts$/, Facts, ({ offset, ...filters }, { db }) => {
      const { total, facts } = selectFacts(db, filters, { limit: PAGE, offset });
      return ok({ total, offset, facts: facts.map(factRecord) });
    }),
  ),
  route('GET', /^\/api\/research\/map$/, z.unknown(), () => ok(mapOutlines())),
  // A place's relationships, each partner's point and arc, and the network among the places shown.
  apart(
    route('GET', /^\/api\/research\/relationships$/, PlaceQuery, ({ place, relation, review, all }, { db }) => {
      const focus = placeNamed(db, place).ids;
      const rels = selectRelationships(db, { place, all, relation, review });
      const shown = new Set([...focus, ...rels.flatMap((r) => [r.a.id, r.b.id])]);
      // The network: every relationship among the places shown, in the same review states.
      const among = queryRelationships(db, { among: [...shown], reviews: review ? [review] : all ? undefined : SUPPORTED });
      const side = (r: Relationship) => (focus.includes(r.a.id) ? { from: r.a, partner: r.b } : { from: r.b, partner: r.a });
      const from = new Map(rels.map((r) => [side(r).from.id, side(r).from]));
      // What this view leaves out because no reviewer has approved it yet, so the page can say so.
      const pending = all || review ? 0 : selectRelationships(db, { place, relation, review: 'pending' }).length;
      return ok({
        place,
        pending,
        focus: [...from.values()].map(withPoint),
        relationships: rels.map((r) => {
          const { from, partner } = side(r);
          return { ...relationshipRecord(r), a: withPoint(r.a), b: withPoint(r.b), partner: withPoint(partner), arc: mapArc(from, partner) };
        }),
        network: networkLayout(focus, among),
      });
    }),
  ),
  // Relationships whose sources disagree and that no reviewer has resolved, each with every citation.
  apart(
    route('GET', /^\/api\/registry\/conflicts$/, z.object({ offset: Offset }), ({ offset }, { db }) => {
      const open = queryRelationships(db, { open: true }, { limit: CONFLICTS_PAGE, offset });
      const support = supportOf(db, open);
      return ok({ total: countRelationships(db, { open: true }), offset, conflicts: open.map((r) => relationshipRecord(r, support.get(r.id))) });
    }),
  ),
  route('GET', new RegExp(`^/api/registry/${RELATIONSHIP}$`), z.unknown(), (_, { db, params }) => {
    const id = params[0]!;
    const r = relationshipById(db, id) ?? notFound(id);
    return ok({ relationship: relationshipRecord(r), support: supportOf(db, [r]).get(r.id), history: registryHistoryOf(db, id) });
  }),
  route('POST', new RegExp(`^/api/registry/${RELATIONSHIP}/resolve$`), Resolve, (body, ctx) => {
    const { db, params } = ctx;
    const id = params[0]!;
    const r = resolveConflict(db, { id, since: body.since, reviewer: who(body.reviewer, ctx), note: body.note }) ?? notFound(id);
    return ok({ ok: true, relationship: relationshipRecord(r), history: registryHistoryOf(db, r.id) });
  }),
];
