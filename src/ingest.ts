/**
 * The main job for files: article files in, extracted and stored. One document at a time, each
 * in its own transaction, so a failure (or a kill) never leaves a half-written document behind.
 * `storeArticle` is shared with web ingestion: a text already stored, or nearly the same as a
 * stored one (a mirror), becomes one more source of that document instead of a new one.
 */
import { YouchengError } from './errors.ts';
import { documentId, extractDocument, EXTRACTOR_VERSION } from './extract/document.ts';
import { normalize, NORMALIZER_VERSION } from './extract/normalize.ts';
import { pairPlaces } from './extract/pairs.ts';
import { bands, minhash, NEAR_DUPLICATE, similarity } from './extract/shingles.ts';
import { factKey, type FactType, type PlaceRecord, type RecordLine } from './records.ts';
import type { Article } from './sources/files.ts';
import { listArticleFiles, readArticle } from './sources/files.ts';
import type { Store } from './store/db.ts';
import { addSource, isCurrent, saveDocument } from './store/documents.ts';
import { findNearDuplicate, saveSignature } from './store/duplicates.ts';
import { finishRun, startRun } from './store/runs.ts';

export interface IngestSummary {
  /** Pages and feeds fetched successfully (web ingestion). */
  fetched: number;
  new: number;
  unchanged: number;
  reextracted: number;
  duplicates: number;
  skipped: number;
  failed: number;
  /** Failures by reason (file, network, timeout, http, robots …). */
  failures: Record<string, number>;
  facts: Partial<Record<FactType, number>>;
  errors: string[];
  warnings: string[];
}

export function emptySummary(): IngestSummary {
  return { fetched: 0, new: 0, unchanged: 0, reextracted: 0, duplicates: 0, skipped: 0, failed: 0, failures: {}, facts: {}, errors: [], warnings: [] };
}

export interface IngestOptions {
  published?: string | null;
  onStart?: (total: number) => void;
  onProgress?: (done: number, source: string) => void;
  onError?: (message: string) => void;
}

export type StoreOutcome = 'new' | 'unchanged' | 'reextracted' | 'duplicate';

function placesOf(line: RecordLine): Map<string, { a: PlaceRecord; b: PlaceRecord }> {
  const places = new Map<string, { a: PlaceRecord; b: PlaceRecord }>();
  for (const f of line.facts) {
    if (f.type !== 'city_pair') continue;
    const p = pairPlaces(f.a.name, f.b.name, f.b.country);
    if (p) places.set(factKey(f), p);
  }
  return places;
}

/** Extracts and stores one article, unless its text (or nearly its text) is stored already. */
export function storeArticle(db: Store, article: Article, summary: IngestSummary, published?: string | null): { outcome: StoreOutcome; documentId: string } {
  const id = documentId(article.original);
  const result = db.transaction((): { outcome: StoreOutcome; documentId: string } => {
    if (isCurrent(db, id, EXTRACTOR_VERSION, NORMALIZER_VERSION)) {
      addSource(db, id, article.source);
      return { outcome: 'unchanged', documentId: id };
    }
    const norm = normalize(article.original);
    const signature = minhash(norm.text);
    const bandKeys = bands(signature);
    const near = findNearDuplicate(db, signature, bandKeys, NEAR_DUPLICATE, similarity);
    if (near && near.id !== id) {
      addSource(db, near.id, article.source);
      return { outcome: 'duplicate', documentId: near.id };
    }
    const line = extractDocument(article.original, { source: article.source, published: published ?? article.published, title: article.title }, norm);
    const outcome = saveDocument(db, {
      line,
      original: article.original,
      normalized: norm.text,
      normalizerVersion: NORMALIZER_VERSION,
      extractorVersion: EXTRACTOR_VERSION,
      charset: article.charset,
      places: placesOf(line),
    });
    saveSignature(db, id, signature, bandKeys);
    if (outcome !== 'unchanged') for (const f of line.facts) summary.facts[f.type] = (summary.facts[f.type] ?? 0) + 1;
    return { outcome, documentId: id };
  })();
  if (result.outcome === 'duplicate') summary.duplicates++;
  else summary[result.outcome]++;
  return result;
}

export function fail(summary: IngestSummary, reason: string, message: string, onError?: (m: string) => void): void {
  summary.failed++;
  summary.failures[reason] = (summary.failures[reason] ?? 0) + 1;
  summary.errors.push(message);
  onError?.(message);
}

export async function ingestPaths(db: Store, paths: string[], opts: IngestOptions = {}, summary = emptySummary()): Promise<IngestSummary> {
  const { files, errors } = await listArticleFiles(paths);
  for (const e of errors) fail(summary, 'file', e.message, opts.onError);
  const run = startRun(db, 'ingest', EXTRACTOR_VERSION);
  opts.onStart?.(files.length);
  let done = 0;
  for (const file of files) {
    try {
      storeArticle(db, await readArticle(file), summary, opts.published);
    } catch (err) {
      fail(summary, 'file', err instanceof YouchengError ? err.message : `${file}: internal error (please report it): ${(err as Error).message}`, opts.onError);
    }
    opts.onProgress?.(++done, file);
  }
  finishRun(db, run, summary);
  return summary;
}
