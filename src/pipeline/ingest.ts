/**
 * The main job for files: article files in, extracted and stored. Articles are prepared
 * (read, rules, the LLM step) several at a time, then committed one by one in the order given,
 * each in its own transaction, so a failure or a kill never leaves a half-written document and a
 * resumed run stores exactly what an uninterrupted one does. `prepareArticle` and `commitArticle`
 * serve web ingestion too: a text already stored, or nearly the same as a stored one (a mirror),
 * becomes one more source of that document instead of a new one.
 */
import { errorLine, YouchengError } from '../errors.ts';
import { documentId, EXTRACTOR_VERSION } from '../extract/document.ts';
import { extractFull, llmVersion, type Extraction, type Llm } from '../extract/full.ts';
import { LlmFatalError } from '../extract/llm/client.ts';
import { normalize, NORMALIZER_VERSION, type Normalized } from '../extract/normalize.ts';
import { pairPlaces } from '../extract/pairs.ts';
import { bands, minhash } from '../extract/shingles.ts';
import { factKey, type FactType, type PlaceRecord, type RecordLine } from '../records.ts';
import type { Article } from '../sources/files.ts';
import { listArticleFiles, readArticles } from '../sources/files.ts';
import { write, type Store } from '../store/db.ts';
import { addSource, isCurrent, llmStateOf, saveDocument } from '../store/documents.ts';
import { findNearDuplicate, saveSignature } from '../store/duplicates.ts';
import { finishRun, startRun } from '../store/runs.ts';
import { inOrder } from './in-order.ts';

export interface IngestSummary {
  /** Pages and feeds fetched successfully (web ingestion). */
  fetched: number;
  new: number;
  unchanged: number;
  reextracted: number;
  duplicates: number;
  skipped: number;
  failed: number;
  /** Failures by reason (file, network, timeout, http, robots, llm …). */
  failures: Record<string, number>;
  facts: Partial<Record<FactType, number>>;
  llm: { documents: number; failed: number; requests: number; promptTokens: number; completionTokens: number; cost: number | null };
  errors: string[];
  warnings: string[];
}

export function emptySummary(): IngestSummary {
  return {
    fetched: 0,
    new: 0,
    unchanged: 0,
    reextracted: 0,
    duplicates: 0,
    skipped: 0,
    failed: 0,
    failures: {},
    facts: {},
    llm: { documents: 0, failed: 0, requests: 0, promptTokens: 0, completionTokens: 0, cost: null },
    errors: [],
    warnings: [],
  };
}

export interface IngestOptions {
  published?: string | null;
  llm?: Llm;
  /** Files larger than this are refused (the fetcher's cap by default). */
  maxBytes?: number;
  onStart?: (total: number) => void;
  onProgress?: (done: number, source: string) => void;
  onError?: (message: string) => void;
  onWarning?: (message: string) => void;
}

export type StoreOutcome = 'new' | 'unchanged' | 'reextracted' | 'duplicate';

/** Articles prepared at once: enough to keep every LLM request slot busy; commits stay in order. */
export function windowFor(llm?: Llm): number {
  return Math.max(16, 4 * (llm?.client.config.concurrency ?? 0));
}

export interface Prepared {
  article: Article;
  documentId: string;
  /** Null when the text is stored already and needs nothing. */
  extraction: Extraction | null;
  signature: number[];
  bandKeys: string[];
  /** The normalised text the signature was made from. */
  normalized: string;
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

/** Whether an article needs extracting: not when it (or a near-duplicate) is stored and current. */
function duplicateOf(db: Store, p: Omit<Prepared, 'extraction'>, llm: boolean): string | null {
  if (isCurrent(db, p.documentId, EXTRACTOR_VERSION, NORMALIZER_VERSION)) {
    const state = llmStateOf(db, p.documentId);
    return llm && state !== 'done' ? null : p.documentId;
  }
  const near = findNearDuplicate(db, { signature: p.signature, bandKeys: p.bandKeys, normalized: p.normalized, source: p.article.source });
  return near !== p.documentId ? near : null;
}

/** Reads nothing but the store; runs the rules and, when configured, the LLM step. */
export async function prepareArticle(db: Store, article: Article, published: string | null | undefined, llm?: Llm): Promise<Prepared> {
  const norm = normalize(article.original);
  const signature = minhash(norm.text);
  const found = { article, documentId: documentId(article.original), signature, bandKeys: bands(signature), normalized: norm.text };
  if (duplicateOf(db, found, !!llm) !== null) return { ...found, extraction: null };
  return { ...found, extraction: await extractArticle(article, published, llm, norm) };
}

/** Rules and the LLM step over an article read from a file or a page; what reading it found is among the warnings. */
export function extractArticle(article: Article, published: string | null | undefined, llm?: Llm, norm?: Normalized): Promise<Extraction> {
  const opts = {
    source: article.source,
    published: published ?? article.published,
    title: article.title,
    sourceWarnings: article.warnings,
    location: article.location,
    rulesVersion: EXTRACTOR_VERSION,
  };
  return extractFull(article.original, opts, llm, norm);
}

/** Stores a prepared article in one transaction, checking again for what was stored meanwhile. */
export function commitArticle(db: Store, p: Prepared, summary: IngestSummary, llm?: Llm): { outcome: StoreOutcome; documentId: string } {
  const result = write(db, (): { outcome: StoreOutcome; documentId: string } => {
    const dup = duplicateOf(db, p, !!llm);
    if (dup !== null || !p.extraction) {
      const target = dup ?? p.documentId;
      addSource(db, target, p.article.source);
      return { outcome: target === p.documentId ? 'unchanged' : 'duplicate', documentId: target };
    }
    const x = p.extraction;
    const retry = llm !== undefined && isCurrent(db, p.documentId, EXTRACTOR_VERSION, NORMALIZER_VERSION);
    const outcome = saveDocument(db, {
      line: x.line,
      original: p.article.original,
      normalized: x.norm.text,
      normalizerVersion: NORMALIZER_VERSION,
      extractorVersion: EXTRACTOR_VERSION,
      charset: p.article.charset,
      places: placesOf(x.line),
      evidenceOf: x.evidence,
      versionOf: x.version,
      llm: { state: x.llmState, model: llm ? llm.client.config.model : null, promptTokens: x.usage.promptTokens, completionTokens: x.usage.completionTokens },
      force: retry,
    });
    saveSignature(db, p.documentId, p.signature, p.bandKeys);
    return { outcome: outcome === 'unchanged' ? 'reextracted' : outcome, documentId: p.documentId };
  });
  // Counted once it is committed: a transaction retried on a busy store runs twice.
  if (result.outcome === 'duplicate') summary.duplicates++;
  else summary[result.outcome]++;
  const x = p.extraction;
  // Stored with the other extractors' facts; the run's summary names what failed.
  if (x?.failed.length && result.outcome !== 'duplicate') summary.warnings.push(`${p.article.source}: extractor(s) failed: ${x.failed.join(', ')}`);
  if (x && result.outcome !== 'duplicate' && result.outcome !== 'unchanged') for (const f of x.line.facts) summary.facts[f.type] = (summary.facts[f.type] ?? 0) + 1;
  if (x && llm && result.outcome !== 'duplicate' && result.outcome !== 'unchanged') {
    summary.llm.documents++;
    if (x.llmState === 'failed') {
      summary.llm.failed++;
      summary.warnings.push(`${p.article.source}: ${x.line.warnings[x.line.warnings.length - 1]}`);
    }
    summary.llm.requests += x.usage.requests;
    summary.llm.promptTokens += x.usage.promptTokens;
    summary.llm.completionTokens += x.usage.completionTokens;
    summary.llm.cost = llm.client.cost(summary.llm);
  }
  return result;
}

export function fail(summary: IngestSummary, reason: string, message: string, onError?: (m: string) => void): void {
  summary.failed++;
  summary.failures[reason] = (summary.failures[reason] ?? 0) + 1;
  summary.errors.push(message);
  onError?.(message);
}

/** An error from a step: a message naming the input, or a rethrow when the run must stop. */
export function describeFailure(err: unknown, input: string): string {
  if (err instanceof LlmFatalError) throw err;
  return err instanceof YouchengError ? err.message : `${input}: internal error (please report it): ${errorLine(err)}`;
}

export async function ingestPaths(db: Store, paths: string[], opts: IngestOptions = {}, summary = emptySummary()): Promise<IngestSummary> {
  const { files, errors } = await listArticleFiles(paths);
  for (const e of errors) fail(summary, 'file', e.message, opts.onError);
  const run = startRun(db, 'ingest', opts.llm ? `${EXTRACTOR_VERSION}+${llmVersion(opts.llm.client.config.model)}` : EXTRACTOR_VERSION);
  opts.onStart?.(files.length);
  let done = 0;
  try {
    await inOrder(
      files,
      windowFor(opts.llm),
      // A PDF holds several articles; other files one.
      async (file) => Promise.all((await readArticles(file, opts.maxBytes)).map((a) => prepareArticle(db, a, opts.published, opts.llm))),
      (file, r) => {
        try {
          if ('error' in r) throw r.error;
          for (const prepared of r.value) {
            commitArticle(db, prepared, summary, opts.llm);
            for (const w of prepared.article.warnings) {
              summary.warnings.push(`${file}: ${w}`);
              opts.onWarning?.(`${file}: ${w}`);
            }
          }
        } catch (err) {
          fail(summary, 'file', describeFailure(err, file), opts.onError);
        }
        opts.onProgress?.(++done, file);
      },
    );
  } finally {
    finishRun(db, run, summary);
  }
  return summary;
}
