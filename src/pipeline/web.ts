/**
 * Web ingestion: article URLs and RSS/Atom/RDF feeds, fetched politely, decoded, the article
 * text taken from the page, then stored like a file (storeArticle).
 *
 * Incremental and resumable: every URL has a state in the store. A URL already done is skipped
 * unless `refresh`; a failed one is tried again on later runs until it has failed `maxFailures`
 * times, then only reported. Each article is stored together with its URL's new state in one
 * transaction, so a run killed halfway loses nothing, and a rerun does only what is left.
 * Articles are stored in the order they were listed (hosts taking turns, see retryableUrls), whatever order their fetches finish in,
 * so that an interrupted and resumed run stores exactly what an uninterrupted one does.
 */
import { z } from 'zod';
import { InputError } from '../errors.ts';
import { EXTRACTOR_VERSION } from '../extract/document.ts';
import type { Llm } from '../extract/full.ts';
import { llmVersion } from '../extract/llm/step.ts';
import { commitArticle, prepareArticle, windowFor, type Prepared } from './article.ts';
import { describeFailure, emptySummary, fail, type IngestEvents, type IngestSummary } from './summary.ts';
import { inOrder } from './in-order.ts';
import { decode } from '../sources/decode.ts';
import { parseFeed } from '../sources/feed.ts';
import type { FetcherOptions } from '../sources/fetch-settings.ts';
import { FetchError, Fetcher, type FetchResult } from '../sources/fetcher.ts';
import { isPdf, pdfArticles } from '../sources/files.ts';
import { declaredCharset, extractArticles } from '../sources/html.ts';
import type { PdfLimits } from '../sources/pdf-limits.ts';
import { write, type Store } from '../store/db.ts';
import { finishRun, startRun } from '../store/runs.ts';
import { getUrl, markDone, markFailed, recordFetch, registerUrl, retryableUrls, saveValidators, setPending, type UrlRow } from '../store/urls.ts';

export const FeedsConfig = z.object({
  feeds: z.array(
    z.object({
      url: z.string().url(),
      /** Take at most this many items of the feed per run. */
      maxItems: z.number().int().positive().optional(),
      /** Politeness for the feed's host, overriding the run's. */
      perHost: z.number().int().positive().optional(),
      minIntervalMs: z.number().int().nonnegative().optional(),
    }),
  ),
});
export type FeedsConfig = z.infer<typeof FeedsConfig>;

export interface WebIngestOptions extends IngestEvents {
  urls: string[];
  feeds: FeedsConfig['feeds'];
  refresh?: boolean;
  fetch?: Partial<FetcherOptions>;
  /** Failures after which a URL is given up on. */
  maxFailures?: number;
  llm?: Llm;
  /** Bounds on reading one PDF. */
  pdf?: PdfLimits;
}

const MIN_ARTICLE_CJK = 20;

export function isUrl(s: string): boolean {
  return /^https?:\/\//i.test(s);
}

/** What a response holds: a page, a feed, a PDF, or something we do not read (an image …). */
function kindOf(res: FetchResult): 'html' | 'text' | 'feed' | 'pdf' | { skip: string } {
  const type = res.contentType.toLowerCase();
  const head = Buffer.from(res.bytes.subarray(0, 16));
  if (type.includes('pdf') || isPdf(res.bytes)) return 'pdf';
  if (type.startsWith('image/') || /^(?:\x89PNG|GIF8|\xff\xd8\xff)/.test(head.toString('latin1'))) return { skip: `an image (${type || 'by its bytes'})` };
  if (/rss|atom|rdf/.test(type)) return 'feed';
  if (type.includes('html') || type === '') return 'html';
  if (type.startsWith('text/plain')) return 'text';
  if (type.includes('xml')) return /<(?:rss|feed|rdf:RDF)[\s>]/.test(Buffer.from(res.bytes.subarray(0, 2048)).toString('latin1')) ? 'feed' : 'html';
  return { skip: `of type ${type}` };
}

function charsetOf(res: FetchResult): string | null {
  return /charset\s*=\s*"?([\w-]+)/i.exec(res.contentType)?.[1] ?? declaredCharset(res.bytes);
}

function retryable(err: FetchError): boolean {
  return err.reason === 'network' || err.reason === 'timeout' || (err.reason === 'http' && (err.status === null || err.status === 408 || err.status === 429 || err.status >= 500));
}

/** Why a fetch failed, with the setting it failed under when an option changes it. */
function failureCause(err: FetchError, o: FetcherOptions): string {
  if (err.reason === 'too-large') return `too-large:${o.maxBytes}`;
  if (err.reason === 'timeout') return `timeout:${o.timeoutMs}`;
  return err.reason;
}

/** Whether a URL given up on failed for a reason this run's options change (--ignore-robots, a larger --max-bytes or --timeout). */
function changedSince(cause: string | null, o: FetcherOptions): boolean {
  const [reason, setting] = (cause ?? '').split(':');
  if (reason === 'robots') return o.ignoreRobots;
  if (reason === 'too-large') return o.maxBytes > Number(setting);
  if (reason === 'timeout') return o.timeoutMs > Number(setting);
  return false;
}

export async function ingestWeb(db: Store, opts: WebIngestOptions, summary: IngestSummary = emptySummary()): Promise<IngestSummary> {
  const run = startRun(db, 'ingest-web', opts.llm ? `${EXTRACTOR_VERSION}+${llmVersion(opts.llm.client.config.model)}` : EXTRACTOR_VERSION);
  const fetcher = new Fetcher(opts.fetch, (a) => recordFetch(db, run, a));
  const maxFailures = opts.maxFailures ?? 3;
  const warn = (m: string) => {
    summary.warnings.push(m);
    opts.onWarning?.(m);
  };
  const failUrl = (url: string, err: unknown) => {
    if (err instanceof FetchError) {
      const state = markFailed(db, url, err.message, err.status, maxFailures, retryable(err), failureCause(err, fetcher.options));
      fail(summary, err.reason, `${err.message}${state === 'gave-up' ? ' — given up' : ''}`, opts.onError);
    } else {
      const message = describeFailure(err, url);
      markFailed(db, url, message, null, maxFailures, false, 'content');
      fail(summary, 'content', message, opts.onError);
    }
  };

  const listed = new Set<string>();
  const consider = (row: UrlRow) => {
    listed.add(row.url);
    if (opts.refresh && row.state !== 'pending') setPending(db, row.url);
    else if (row.state === 'done' || row.state === 'skipped') summary.unchanged++;
    else if (row.state === 'gave-up' && changedSince(row.resolution, fetcher.options)) setPending(db, row.url);
    else if (row.state === 'gave-up') warn(`${row.url}: given up after ${row.failures} failures (${row.last_error}); not tried again unless --refresh`);
  };
  for (const url of opts.urls) consider(registerUrl(db, url, 'article'));

  await Promise.all(
    opts.feeds.map(async (feed) => {
      const host = new URL(feed.url).host;
      if (feed.perHost || feed.minIntervalMs !== undefined) fetcher.setHostLimits(host, { perHost: feed.perHost, minIntervalMs: feed.minIntervalMs });
      const row = registerUrl(db, feed.url, 'feed');
      try {
        const res = await fetcher.fetch(feed.url, opts.refresh ? {} : { etag: row.etag, lastModified: row.last_modified });
        markDone(db, feed.url, null, res.notModified ? 'not-modified' : 'feed', res.status);
        summary.fetched++;
        if (res.notModified) return;
        const { text } = decode(res.bytes, feed.url, charsetOf(res));
        const parsed = parseFeed(text, feed.url);
        for (const b of parsed.broken) warn(`${feed.url}: ${b}`);
        saveValidators(db, feed.url, res.etag, res.lastModified);
        for (const item of parsed.items.slice(0, feed.maxItems ?? Infinity)) {
          const known = getUrl(db, item.url);
          const fresh = registerUrl(db, item.url, 'article', { url: feed.url, title: item.title, published: item.published });
          if (known) consider(fresh);
          else listed.add(item.url);
        }
      } catch (err) {
        failUrl(feed.url, err);
      }
    }),
  );

  // This batch's URLs first, hosts in turn, then earlier runs' failures due another try.
  const work = retryableUrls(db).sort((a, b) => Number(listed.has(b.url)) - Number(listed.has(a.url)));
  opts.onStart?.(work.length);
  let done = 0;
  try {
    await inOrder(
      work,
      Math.max(windowFor(opts.llm), 2 * fetcher.options.concurrency),
      async (row) => {
        const res = await fetcher.fetch(row.url);
        return { res, page: await preparePage(db, row, res, opts.llm, opts.pdf).catch((error: unknown) => ({ error })) };
      },
      (row, outcome) => {
        if ('error' in outcome) failUrl(row.url, outcome.error);
        else {
          summary.fetched++;
          try {
            if ('error' in outcome.value.page) throw outcome.value.page.error;
            commitPage(db, row, outcome.value.res, outcome.value.page, summary, warn, opts.llm);
          } catch (err) {
            failUrl(row.url, err);
          }
        }
        opts.onProgress?.(++done, row.url);
      },
      opts.signal,
    );
  } finally {
    finishRun(db, run, summary);
  }
  return summary;
}

/** The articles in a response (one, or a PDF's or a page's several stories), prepared for storing; or why it is skipped. */
async function preparePage(db: Store, row: UrlRow, res: FetchResult, llm?: Llm, pdf?: PdfLimits): Promise<Prepared[] | { skip: string }> {
  const kind = kindOf(res);
  if (typeof kind === 'object') return kind;
  if (kind === 'feed') return { skip: 'a feed (give it with --feed)' };
  if (kind === 'pdf') {
    const articles = await pdfArticles(res.bytes, row.url, pdf);
    // A PDF of one article takes the feed item's title when its own headline cannot be told.
    const titled = articles.map((a) => ({ ...a, title: a.title ?? (articles.length === 1 ? row.feed_title : null), published: row.feed_published ?? a.published }));
    return Promise.all(titled.map((a) => prepareArticle(db, a, null, llm)));
  }
  const { text, charset, warnings } = decode(res.bytes, row.url, charsetOf(res));
  const pages = kind === 'html' ? extractArticles(text, res.finalUrl) : [{ text, title: null, published: null, warnings: [] }];
  if (!pages.some((p) => (p.text.match(/[\u4e00-\u9fff]/g)?.length ?? 0) >= MIN_ARTICLE_CJK)) throw new InputError(row.url, 'the page holds no article text in Chinese');
  // A page of several stories gives one article each; the feed item's title names a page of one.
  const title = (p: (typeof pages)[number]) => p.title ?? (pages.length === 1 ? row.feed_title : null);
  return Promise.all(
    pages.map((p) =>
      prepareArticle(db, { source: row.url, original: p.text, title: title(p), published: p.published ?? row.feed_published, charset, warnings: [...warnings, ...p.warnings] }, null, llm),
    ),
  );
}

function commitPage(db: Store, row: UrlRow, res: FetchResult, page: Prepared[] | { skip: string }, summary: IngestSummary, warn: (m: string) => void, llm?: Llm): void {
  if ('skip' in page) {
    warn(`${row.url}: skipped: the response is ${page.skip}, not an article page`);
    markDone(db, row.url, null, `skipped: ${page.skip}`, res.status, 'skipped');
    summary.skipped++;
    return;
  }
  // The URL's state names its first document; a PDF's others share its source.
  write(db, () => {
    const stored = page.map((p) => commitArticle(db, p, summary, llm));
    markDone(db, row.url, stored[0]!.documentId, stored[0]!.outcome, res.status);
  });
  for (const w of page.flatMap((p) => p.article.warnings)) warn(`${row.url}: ${w}`);
}
