/**
 * How a relationship is derived from the pair facts behind it (no SQL here; relationships.ts
 * reads the facts and writes the result). The rules, as RESEARCH.md states them:
 * - Rejected facts do not count, unless every fact is rejected (then the relationship is shown as
 *   the sources said it, with the review state `rejected`).
 * - Each fact states a stage: its relation (sister, friendly), or `intent` for an unspecified pair
 *   whose sentence speaks of an intent to twin (意向). The relation is the most formal stage stated.
 * - `since` is the earliest establishment date stated for that stage (else for any stage); where a
 *   reviewer resolved a conflict, their date. Two dates conflict when facts of the same stage give
 *   dates neither of which contains the other (1981 and 1981-05 agree; 1981 and 1982 do not).
 * - Review: `rejected` (every fact rejected), `disputed` (approved facts conflict and no resolution
 *   covers them), `mixed` (approved and rejected facts), `approved` (an approved or edited fact),
 *   else `pending`.
 */
import type { RelationshipRelation, RelationshipReview, Stage } from '../records.ts';
import { INTENT } from '../extract/pairs/relations.ts';
import { sentenceAround } from '../extract/text/sentences.ts';

export interface SupportingFact {
  id: string;
  documentId: string;
  published: string | null;
  /** The addresses the document was read from. */
  sources: string[];
  status: string;
  relation: 'sister' | 'friendly' | 'unspecified';
  since: string | null;
  /** The text around each evidence span, with the span's place in it (for telling an intent). */
  contexts: Array<{ text: string; start: number; end: number }>;
}

export interface Resolution {
  since: string | null;
  reviewer: string | null;
  at: string;
  note: string | null;
  /** The since values the reviewer chose among. */
  seen: string[];
}

export interface StageEntry {
  stage: Stage;
  since: string | null;
  first_reported: string | null;
  documents: string[];
  facts: string[];
}

export interface SinceEntry {
  since: string;
  stages: string[];
  documents: string[];
  facts: string[];
}

export interface RelationshipState {
  relation: RelationshipRelation;
  since: string | null;
  conflict: boolean;
  review: RelationshipReview;
  firstReported: string | null;
  lastReported: string | null;
  documents: number;
  sources: number;
  facts: number;
  stages: StageEntry[];
  sinces: SinceEntry[];
  resolution: Resolution | null;
}

const STAGES: Stage[] = ['intent', 'friendly', 'sister'];
const APPROVED = new Set(['approved', 'edited']);

/** Does the sentence a quote stands in speak of an intent to twin? */
function statesIntent(c: { text: string; start: number; end: number }): boolean {
  const around = sentenceAround(c.text, c.start, c.end);
  return INTENT.test(c.text.slice(around.start, around.end));
}

export function stageOf(f: SupportingFact): Stage | null {
  if (f.relation !== 'unspecified') return f.relation;
  return f.contexts.some(statesIntent) ? 'intent' : null;
}

/** 1981 and 1981-05-12 name the same establishment; 1981 and 1982 do not. */
const agree = (x: string, y: string) => x.startsWith(y) || y.startsWith(x);

/** The earliest date, as specifically as a source gives it (1981 and 1981-05 give 1981-05). */
function earliest(values: string[]): string | null {
  if (!values.length) return null;
  // values is not empty, and first agrees with itself: both picks exist.
  const first = [...values].sort()[0]!;
  return values.filter((v) => agree(v, first)).sort((x, y) => y.length - x.length)[0]!;
}

function disagree(values: Array<string | null>): boolean {
  const dated = [...new Set(values.filter((v): v is string => !!v))];
  return dated.some((x, i) => dated.slice(i + 1).some((y) => !agree(x, y)));
}

/** Facts of the relationship's stage (all of them when it has none) whose dates conflict. */
function conflicting(facts: SupportingFact[], stages: Map<string, Stage | null>, relation: RelationshipRelation): boolean {
  const same = relation === 'unspecified' ? facts : facts.filter((f) => stages.get(f.id) === relation);
  return disagree(same.map((f) => f.since));
}

/** Where a document comes from: a web page's host, a file's path. */
function origin(source: string): string {
  // A file's path is no URL: not parsed (a failed parse throws, which costs more than the parse).
  if (!/^https?:\/\//i.test(source)) return source;
  try {
    const u = new URL(source);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.host : source;
  } catch {
    return source;
  }
}

const unique = <T>(xs: T[]) => [...new Set(xs)];

export function deriveRelationship(all: SupportingFact[], resolution: Resolution | null): RelationshipState {
  const rejectedAll = all.every((f) => f.status === 'rejected');
  const facts = rejectedAll ? all : all.filter((f) => f.status !== 'rejected');
  const stageById = new Map(facts.map((f) => [f.id, stageOf(f)]));
  const published = (fs: SupportingFact[]) => fs.map((f) => f.published).filter((p): p is string => !!p);

  const stages: StageEntry[] = [];
  for (const stage of STAGES) {
    const of = facts.filter((f) => stageById.get(f.id) === stage);
    if (!of.length) continue;
    stages.push({
      stage,
      since: earliest(of.map((f) => f.since).filter((s): s is string => !!s)),
      first_reported: published(of).sort()[0] ?? null,
      documents: unique(of.map((f) => f.documentId)),
      facts: of.map((f) => f.id),
    });
  }
  const relation: RelationshipRelation = stages.at(-1)?.stage ?? 'unspecified';

  const byDate = new Map<string, SupportingFact[]>();
  for (const f of facts) if (f.since) byDate.set(f.since, [...(byDate.get(f.since) ?? []), f]);
  const sinces = [...byDate.entries()]
    .sort(([x], [y]) => x.localeCompare(y))
    .map(([since, fs]) => ({
      since,
      stages: unique(fs.map((f) => stageById.get(f.id) ?? 'unspecified')),
      documents: unique(fs.map((f) => f.documentId)),
      facts: fs.map((f) => f.id),
    }));

  const conflict = conflicting(facts, stageById, relation);
  // A resolution covers the dates the reviewer saw; a source with a new date opens the question again.
  const standing = resolution && sinces.every((s) => resolution.seen.includes(s.since)) ? resolution : null;
  const own = stages.at(-1)?.since ?? null;
  const since = standing ? standing.since : (own ?? earliest([...byDate.keys()]));

  const approved = all.filter((f) => APPROVED.has(f.status));
  const review: RelationshipReview = rejectedAll
    ? 'rejected'
    : approved.length && conflicting(approved, stageById, relation) && !standing
      ? 'disputed'
      : approved.length && all.some((f) => f.status === 'rejected')
        ? 'mixed'
        : approved.length
          ? 'approved'
          : 'pending';
  const dates = published(facts).sort();
  return {
    relation,
    since,
    conflict,
    review,
    firstReported: dates[0] ?? null,
    lastReported: dates.at(-1) ?? null,
    documents: unique(facts.map((f) => f.documentId)).length,
    sources: unique(facts.flatMap((f) => f.sources.map(origin))).length,
    facts: facts.length,
    stages,
    sinces,
    resolution: standing,
  };
}
