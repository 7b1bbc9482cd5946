/**
 * youcheng as a library: `extract` one text into the record line `youcheng extract` prints, and
 * `openStore` for a database's queries and ingestion. A thin facade over the pipeline, query and
 * store modules; record types and schemas come from records.ts, errors from errors.ts.
 *
 *   import { extract, openStore } from 'youcheng';
 *   const { doc, facts, warnings } = await extract(text, { source: 'a.txt', published: '2024-05-01' });
 */
import { UsageError } from './errors.ts';
import { extractFromArticle } from './extract/full.ts';
import type { LlmConfig } from './extract/llm/settings.ts';
import { toSimplified } from './extract/text/script.ts';
import { llmStep } from './pipeline/llm.ts';
import { ingestSources } from './pipeline/sources.ts';
import type { IngestSummary } from './pipeline/summary.ts';
import type { FeedsConfig } from './pipeline/web.ts';
import { selectRelationships, type RelationshipSelection } from './query/relationships.ts';
import { selectFacts, type FactSelection } from './query/select.ts';
import { DateString, DayString, type RecordLine, RelationshipRelation, RelationshipReview } from './records.ts';
import type { FetcherOptions } from './sources/fetch-settings.ts';
import { textArticle } from './sources/files.ts';
import { openStore as openDb, type OpenOptions, type Store as Database } from './store/db.ts';
import type { Page, StoredFact } from './store/facts.ts';
import { queryPlaces, type PlaceRow } from './store/places.ts';
import type { PlaceSide, Relationship } from './store/relationships.ts';
import { searchDocuments, type SearchHit } from './store/research.ts';

export * from './records.ts';
export { InputError, RecordError, StoreBusyError, StoreError, UsageError, YouchengError } from './errors.ts';
export { LlmError, LlmFatalError } from './extract/llm/errors.ts';
export type { FactSelection, FeedsConfig, IngestSummary, OpenOptions, Page, PlaceRow, PlaceSide, Relationship, RelationshipSelection, SearchHit, StoredFact };

/** The LLM step's settings: a model on an OpenAI-compatible server, as `LlmClient` takes them. */
export type LlmOptions = Partial<LlmConfig> & { model: string };

export interface ExtractOptions {
  /** What the text is cited as (a path or URL); `text` when not said. */
  source?: string;
  /** Publication date, YYYY-MM-DD: the reference for relative dates (今年, 上月). */
  published?: string | null;
  /** Turns the LLM step on; rules only without it. */
  llm?: LlmOptions;
}

function published(value: string | null | undefined): string | null {
  if (value == null) return null;
  if (!DayString.safeParse(value).success || Number.isNaN(Date.parse(value))) throw new UsageError(`published: "${value}" is not a date as YYYY-MM-DD`);
  return value;
}

/** One text's record line: the document, its facts (each with evidence quoting `text`) and warnings. */
export async function extract(text: string, opts: ExtractOptions = {}): Promise<RecordLine> {
  const llm = opts.llm && llmStep(opts.llm);
  const x = await extractFromArticle(textArticle(opts.source ?? 'text', text), published(opts.published), llm);
  return x.line;
}

/** The selection checked as the CLI's options are: dates as YYYY[-MM[-DD]], known stages and review states. */
function relationshipSelection(s: RelationshipSelection): RelationshipSelection {
  for (const key of ['since', 'until'] as const) {
    const v = s[key];
    if (v !== undefined && !DateString.safeParse(v).success) throw new UsageError(`${key}: "${v}" is not a date as YYYY, YYYY-MM or YYYY-MM-DD`);
  }
  if (s.relation !== undefined && !RelationshipRelation.safeParse(s.relation).success) throw new UsageError(`relation: "${s.relation}" is not one of ${RelationshipRelation.options.join(', ')}`);
  if (s.review !== undefined && !RelationshipReview.safeParse(s.review).success) throw new UsageError(`review: "${s.review}" is not one of ${RelationshipReview.options.join(', ')}`);
  if (s.minSources !== undefined && !(Number.isInteger(s.minSources) && s.minSources > 0)) throw new UsageError(`minSources: ${s.minSources} is not a positive whole number`);
  return s;
}

export interface IngestOptions {
  /** Publication date of every file given (pages and feeds carry their own). */
  published?: string;
  llm?: LlmOptions;
  /** RSS, Atom or RDF feeds whose items to ingest too. */
  feeds?: FeedsConfig['feeds'];
  /** Fetch URLs again even when already ingested. */
  refresh?: boolean;
  /** Files and responses larger than this are refused. */
  maxBytes?: number;
  fetch?: Partial<FetcherOptions>;
  onStart?: (total: number) => void;
  /** After each document: how many are done in this batch, and which source was last. */
  onProgress?: (done: number, source: string) => void;
  onError?: (message: string) => void;
  onWarning?: (message: string) => void;
}

export interface Store {
  readonly path: string;
  /** Stored facts: approved and edited ones unless `status` or `all` says otherwise. */
  facts(selection?: FactSelection, page?: Page): { total: number; facts: StoredFact[] };
  /** Canonical places with the number of stored pairs each takes part in. */
  places(filter?: { country?: string; search?: string }): PlaceRow[];
  /**
   * The registry, as `youcheng relationships` selects it: place and country by any name or alias,
   * a stage, dates of establishment, conflicts, a minimum of sources; one review state, or `all`,
   * else those an approved fact supports.
   */
  relationships(selection?: RelationshipSelection): Relationship[];
  /** Documents whose title or text holds `text` (traditional or simplified, spaces ignored). */
  search(text: string, limit?: number): SearchHit[];
  /** Files, directories and http(s) URLs: read, extracted and stored, as `youcheng ingest` does. */
  ingest(sources: string[], opts?: IngestOptions): Promise<IngestSummary>;
  close(): void;
}

/** Opens (and creates or migrates, unless read-only) a youcheng SQLite database. */
export function openStore(path: string, opts: OpenOptions = {}): Store {
  const db: Database = openDb(path, opts);
  return {
    path,
    facts: (selection = {}, page = {}) => selectFacts(db, selection, page),
    places: (filter = {}) => queryPlaces(db, { country: filter.country && toSimplified(filter.country), search: filter.search && toSimplified(filter.search) }),
    relationships: (selection = {}) => selectRelationships(db, relationshipSelection(selection)),
    search: (text, limit) => searchDocuments(db, toSimplified(text).replace(/\s+/g, ''), limit),
    async ingest(sources, o = {}) {
      return ingestSources(db, sources, { ...o, published: published(o.published), llm: o.llm && llmStep(o.llm, db) });
    },
    close: () => db.close(),
  };
}
