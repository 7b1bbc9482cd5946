/**
 * The main job: article files in, extracted and stored. One document at a time, each in its own
 * transaction, so a failure (or a kill) never leaves a half-written document behind.
 */
import { YouchengError } from './errors.ts';
import { documentId, extractDocument, EXTRACTOR_VERSION } from './extract/document.ts';
import { normalize, NORMALIZER_VERSION } from './extract/normalize.ts';
import { factKey, type FactType, type PlaceRecord, type RecordLine } from './records.ts';
import { pairPlaces } from './extract/pairs.ts';
import { listArticleFiles, readArticle } from './sources/files.ts';
import type { Store } from './store/db.ts';
import { addSource, isCurrent, saveDocument } from './store/documents.ts';
import { finishRun, startRun } from './store/runs.ts';

export interface IngestSummary {
  new: number;
  unchanged: number;
  reextracted: number;
  failed: number;
  facts: Partial<Record<FactType, number>>;
  errors: string[];
}

export interface IngestOptions {
  published?: string | null;
  onStart?: (total: number) => void;
  onProgress?: (done: number, source: string) => void;
  onError?: (message: string) => void;
}

function placesOf(line: RecordLine): Map<string, { a: PlaceRecord; b: PlaceRecord }> {
  const places = new Map<string, { a: PlaceRecord; b: PlaceRecord }>();
  for (const f of line.facts) {
    if (f.type !== 'city_pair') continue;
    const p = pairPlaces(f.a.name, f.b.name, f.b.country);
    if (p) places.set(factKey(f), p);
  }
  return places;
}

export async function ingestPaths(db: Store, paths: string[], opts: IngestOptions = {}): Promise<IngestSummary> {
  const summary: IngestSummary = { new: 0, unchanged: 0, reextracted: 0, failed: 0, facts: {}, errors: [] };
  const fail = (message: string) => {
    summary.failed++;
    summary.errors.push(message);
    opts.onError?.(message);
  };
  const { files, errors } = await listArticleFiles(paths);
  for (const e of errors) fail(e.message);
  const run = startRun(db, 'ingest', EXTRACTOR_VERSION);
  opts.onStart?.(files.length);
  let done = 0;
  for (const file of files) {
    try {
      const article = await readArticle(file);
      const id = documentId(article.original);
      if (isCurrent(db, id, EXTRACTOR_VERSION, NORMALIZER_VERSION)) {
        addSource(db, id, article.source);
        summary.unchanged++;
      } else {
        const norm = normalize(article.original);
        const line = extractDocument(article.original, { source: article.source, published: opts.published, title: article.title }, norm);
        const outcome = saveDocument(db, {
          line,
          original: article.original,
          normalized: norm.text,
          normalizerVersion: NORMALIZER_VERSION,
          extractorVersion: EXTRACTOR_VERSION,
          charset: article.charset,
          places: placesOf(line),
        });
        if (outcome === 'unchanged') summary.unchanged++;
        else {
          summary[outcome]++;
          for (const f of line.facts) summary.facts[f.type] = (summary.facts[f.type] ?? 0) + 1;
        }
      }
    } catch (err) {
      fail(err instanceof YouchengError ? err.message : `${file}: internal error (please report it): ${(err as Error).message}`);
    }
    opts.onProgress?.(++done, file);
  }
  finishRun(db, run, summary);
  return summary;
}
