/**
 * The registry for researchers: relationships selected by place, country, relation, dates,
 * conflicts and sources, as JSON records with every supporting fact's citations, flat CSV
 * columns for pandas (RESEARCH.md), and GraphML of the network for Gephi and networkx.
 */
import { UsageError } from '../errors.ts';
import type { RelationshipRelation, RelationshipReview } from '../records.ts';
import type { Store } from '../store/db.ts';
import { queryFacts } from '../store/facts.ts';
import { factIdsOf, queryRelationships, type Relationship, type RelationshipFilter } from '../store/relationships.ts';
import { csvLine } from './csv.ts';
import { cellText, citations, xml, type Citation } from './export.ts';
import { countryNamed, placeNamed } from './select.ts';
import { jsonText } from '../printable.ts';

/** The filters as a person gives them: a place and a country by name, one review state or all. */
export type RelationshipSelection = Pick<RelationshipFilter, 'relation' | 'since' | 'until' | 'conflicts' | 'minSources'> & {
  place?: string;
  country?: string;
  /** One review state; with `all` every one; else those an approved fact supports. */
  review?: RelationshipReview;
  all?: boolean;
};

/** Relationships an approved (or edited) fact supports: what a researcher sees unless they ask for more. */
export const SUPPORTED: RelationshipReview[] = ['approved', 'mixed', 'disputed'];

export function selectRelationships(db: Store, opts: RelationshipSelection): Relationship[] {
  return queryRelationships(db, {
    placeIds: opts.place ? placeNamed(db, opts.place).ids : undefined,
    country: opts.country ? countryNamed(opts.country) : undefined,
    relation: opts.relation,
    since: opts.since,
    until: opts.until,
    conflicts: opts.conflicts,
    minSources: opts.minSources,
    reviews: opts.review ? [opts.review] : opts.all ? undefined : SUPPORTED,
  });
}

export interface CitedFact {
  fact_id: string;
  document_id: string;
  status: string;
  relation: string;
  since: string | null;
  citations: Citation[];
}

/** Every supporting fact of each relationship, with its citations, by relationship id. */
export function supportOf(db: Store, rels: Relationship[]): Map<string, CitedFact[]> {
  const idsOf = new Map(rels.map((r) => [r.id, factIdsOf(db, r)]));
  const all = [...idsOf.values()].flat();
  const facts = new Map<string, CitedFact>();
  // In chunks: each id is a bound parameter.
  for (let i = 0; i < all.length; i += 5000) {
    for (const s of queryFacts(db, { ids: all.slice(i, i + 5000) })) {
      if (s.fact.type !== 'city_pair') continue;
      facts.set(s.id, { fact_id: s.id, document_id: s.documentId, status: s.status, relation: s.fact.relation, since: s.fact.since, citations: citations(s) });
    }
  }
  return new Map([...idsOf].map(([id, ids]) => [id, ids.map((f) => facts.get(f)).filter((f): f is CitedFact => !!f)]));
}

/** One relationship as a JSON record, with its supporting facts when given. */
export function relationshipRecord(r: Relationship, support?: CitedFact[]): Record<string, unknown> {
  return {
    id: r.id,
    a: r.a,
    b: r.b,
    relation: r.relation,
    since: r.since,
    conflict: r.conflict,
    review: r.review,
    first_reported: r.firstReported,
    last_reported: r.lastReported,
    documents: r.documents,
    sources: r.sources,
    facts: r.facts,
    stages: r.stages,
    sinces: r.sinces,
    resolution: r.resolution,
    ...(support ? { supporting_facts: support } : {}),
  };
}

export const RELATIONSHIP_CSV_COLUMNS = [
  'relationship_id',
  'a_id',
  'a',
  'a_country',
  'a_kind',
  'a_lat',
  'a_lon',
  'b_id',
  'b',
  'b_country',
  'b_kind',
  'b_lat',
  'b_lon',
  'relation',
  'since',
  'conflict',
  'since_values',
  'stages',
  'review',
  'resolved_since',
  'resolved_by',
  'first_reported',
  'last_reported',
  'documents',
  'sources',
  'facts',
] as const;

export function relationshipCsv(rels: Relationship[]): string {
  const rows = rels.map((r) => {
    const row: Record<(typeof RELATIONSHIP_CSV_COLUMNS)[number], unknown> = {
      relationship_id: r.id,
      a_id: r.a.id,
      a: r.a.name,
      a_country: r.a.country,
      a_kind: r.a.kind,
      a_lat: r.a.lat,
      a_lon: r.a.lon,
      b_id: r.b.id,
      b: r.b.name,
      b_country: r.b.country,
      b_kind: r.b.kind,
      b_lat: r.b.lat,
      b_lon: r.b.lon,
      relation: r.relation,
      since: r.since,
      conflict: r.conflict,
      since_values: r.sinces.map((s) => s.since).join(';'),
      stages: r.stages.map((s) => (s.since ? `${s.stage}:${s.since}` : s.stage)).join(';'),
      review: r.review,
      resolved_since: r.resolution?.since,
      resolved_by: r.resolution?.reviewer,
      first_reported: r.firstReported,
      last_reported: r.lastReported,
      documents: r.documents,
      sources: r.sources,
      facts: r.facts,
    };
    return csvLine(RELATIONSHIP_CSV_COLUMNS.map((c) => cellText(row[c])));
  });
  return `${[csvLine(RELATIONSHIP_CSV_COLUMNS), ...rows].join('\n')}\n`;
}

/** The network: places as nodes (name, country, kind, coordinates where known), relationships as edges. */
export function relationshipGraphml(rels: Relationship[]): string {
  const nodes = new Map(rels.flatMap((r) => [r.a, r.b]).map((p) => [p.id, p]));
  const data = (key: string, v: unknown) => (v === null || v === undefined ? '' : `<data key="${key}">${xml(v)}</data>`);
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
    '  <key id="name" for="node" attr.name="name" attr.type="string"/>',
    '  <key id="country" for="node" attr.name="country" attr.type="string"/>',
    '  <key id="kind" for="node" attr.name="kind" attr.type="string"/>',
    '  <key id="lat" for="node" attr.name="lat" attr.type="double"/>',
    '  <key id="lon" for="node" attr.name="lon" attr.type="double"/>',
    '  <key id="relation" for="edge" attr.name="relation" attr.type="string"/>',
    '  <key id="since" for="edge" attr.name="since" attr.type="string"/>',
    '  <key id="documents" for="edge" attr.name="documents" attr.type="int"/>',
    '  <key id="sources" for="edge" attr.name="sources" attr.type="int"/>',
    '  <key id="review" for="edge" attr.name="review" attr.type="string"/>',
    '  <key id="conflict" for="edge" attr.name="conflict" attr.type="boolean"/>',
    '  <graph id="sister-cities" edgedefault="undirected">',
  ];
  for (const n of nodes.values()) out.push(`    <node id="${xml(n.id)}">${data('name', n.name)}${data('country', n.country)}${data('kind', n.kind)}${data('lat', n.lat)}${data('lon', n.lon)}</node>`);
  for (const r of rels) {
    out.push(
      `    <edge id="${xml(r.id)}" source="${xml(r.a.id)}" target="${xml(r.b.id)}">${data('relation', r.relation)}${data('since', r.since)}${data('documents', r.documents)}${data('sources', r.sources)}${data('review', r.review)}${data('conflict', r.conflict)}</edge>`,
    );
  }
  out.push('  </graph>', '</graphml>');
  return `${out.join('\n')}\n`;
}

/**
 * `export --what relationships` and `export --format graphml`: the relationships the facts'
 * filters select (place, country, relation, since, until; approved-supported unless `all`).
 */
export function exportRelationships(
  db: Store,
  format: 'jsonl' | 'csv' | 'graphml',
  opts: Omit<RelationshipSelection, 'relation'> & { relation?: string; status?: string; type?: string; doc?: string; method?: string; minConfidence?: number },
): { text: string; count: number } {
  const factOnly = (['status', 'type', 'doc', 'method', 'minConfidence'] as const).filter((k) => opts[k] !== undefined);
  if (factOnly.length) {
    const flags = factOnly.map((k) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).join(', ');
    throw new UsageError(`${flags} select facts, not relationships (chosen by --place, --country, --relation, --since, --until; approved-supported unless --all)`);
  }
  const rels = selectRelationships(db, { ...opts, relation: opts.relation as RelationshipRelation | undefined });
  if (format === 'graphml') return { text: relationshipGraphml(rels), count: rels.length };
  if (format === 'csv') return { text: relationshipCsv(rels), count: rels.length };
  const support = supportOf(db, rels);
  return { text: rels.map((r) => `${jsonText(relationshipRecord(r, support.get(r.id)))}\n`).join(''), count: rels.length };
}
