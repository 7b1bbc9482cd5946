/** Ingests what a user names: files and directories, then URLs and feeds, into one run summary. */
import type { Llm } from '../extract/full.ts';
import type { FetcherOptions } from '../sources/fetch-settings.ts';
import type { PdfLimits } from '../sources/pdf-limits.ts';
import type { Store } from '../store/db.ts';
import { ingestPaths } from './files.ts';
import { emptySummary, type IngestEvents, type IngestSummary } from './summary.ts';
import { type FeedsConfig, ingestWeb, isUrl } from './web.ts';

export interface SourcesOptions extends IngestEvents {
  /** Publication date of every file given (pages and feeds carry their own). */
  published?: string | null;
  llm?: Llm;
  /** RSS, Atom or RDF feeds whose items to ingest too. */
  feeds?: FeedsConfig['feeds'];
  /** Fetch URLs again even when already ingested. */
  refresh?: boolean;
  /** Failures after which a URL is given up on. */
  maxFailures?: number;
  /** Files and responses larger than this are refused. */
  maxBytes?: number;
  fetch?: Partial<FetcherOptions>;
  /** Bounds on reading one PDF, file or response. */
  pdf?: PdfLimits;
}

/** `sources`: paths of files and directories, and http(s) URLs. */
export async function ingestSources(db: Store, sources: string[], opts: SourcesOptions = {}, summary = emptySummary()): Promise<IngestSummary> {
  const { published, llm, feeds = [], refresh, maxFailures, maxBytes, fetch, pdf, ...events } = opts;
  const urls = sources.filter(isUrl).map((u) => new URL(u).href);
  const paths = sources.filter((s) => !isUrl(s));
  if (paths.length) await ingestPaths(db, paths, { published, llm, maxBytes, pdf, ...events }, summary);
  if ((urls.length || feeds.length) && !events.signal?.aborted) {
    await ingestWeb(db, { urls, feeds, refresh, maxFailures, llm, pdf, fetch: maxBytes === undefined ? fetch : { ...fetch, maxBytes }, ...events }, summary);
  }
  return summary;
}
