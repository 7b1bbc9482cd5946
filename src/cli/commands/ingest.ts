/** `youcheng ingest`: read files, directories, URLs and feeds; extract; store; print a summary. */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { InputError, UsageError, zodProblems } from '../../errors.ts';
import type { Llm } from '../../extract/full.ts';
import { ingestSources } from '../../pipeline/sources.ts';
import { emptySummary, type IngestSummary } from '../../pipeline/summary.ts';
import { FeedsConfig, isUrl } from '../../pipeline/web.ts';
import { FACT_TYPES } from '../../records.ts';
import { DEFAULT_FETCHER } from '../../sources/fetch-settings.ts';
import { openStore } from '../../store/db.ts';
import { storePath } from '../../store/path.ts';
import { progressBar } from '../output.ts';
import { collect, dbOption, type LlmCliOptions, llmFrom, type PdfCliOptions, parsePublished, pdfLimitsFrom, positiveInt, withLlmOptions, withPdfOptions } from '../options.ts';
import type { Cli } from '../run.ts';

async function readUrlsFile(path: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new InputError(path, `cannot be read: ${(err as NodeJS.ErrnoException).code ?? err}`);
  }
  return text
    .split(/\r?\n/)
    .map((l, i) => [l.replace(/#.*/, '').trim(), i + 1] as const)
    .filter(([l]) => l)
    .map(([l, n]) => {
      if (!isUrl(l)) throw new InputError(`${path}:${n}`, `"${l}" is not an http(s) URL`);
      return l;
    });
}

async function readFeedsConfig(path: string): Promise<FeedsConfig> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw new InputError(path, `is not a readable JSON feeds file: ${(err as Error).message}`);
  }
  const parsed = FeedsConfig.safeParse(json);
  if (!parsed.success) throw new InputError(path, `is not a feeds file: ${zodProblems(parsed.error)}`);
  return parsed.data;
}

interface IngestCliOptions extends LlmCliOptions, PdfCliOptions {
  db?: string;
  published?: string;
  feed?: string[];
  urlsFile?: string;
  feeds?: string;
  refresh?: boolean;
  ignoreRobots?: boolean;
  concurrency: number;
  perHost: number;
  minInterval: number;
  timeout: number;
  retries: number;
  maxRetryAfter: number;
  maxBytes: number;
  maxFailures: number;
  userAgent: string;
}

function printSummary(cli: Cli, summary: IngestSummary, web: boolean, llm: Llm | undefined, database: string): void {
  const facts =
    FACT_TYPES.filter((t) => summary.facts[t])
      .map((t) => `${t} ${summary.facts[t]}`)
      .join(', ') || 'none';
  cli.print(
    `documents: ${summary.new} new, ${summary.reextracted} re-extracted, ${summary.unchanged} unchanged, ${summary.duplicates} duplicates, ${summary.skipped} skipped, ${summary.failed} failed`,
  );
  if (web) cli.print(`fetched: ${summary.fetched} pages and feeds`);
  const reasons = Object.entries(summary.failures)
    .map(([r, n]) => `${r} ${n}`)
    .join(', ');
  if (reasons) cli.print(`failed by reason: ${reasons}`);
  cli.print(`facts stored: ${facts}`);
  if (llm) {
    const u = summary.llm;
    const cost = u.cost === null ? '' : `, cost ${u.cost.toFixed(4)}`;
    cli.print(`LLM (${llm.client.config.model}): ${u.documents} documents, ${u.failed} failed, ${u.requests} requests, ${u.promptTokens} prompt + ${u.completionTokens} completion tokens${cost}`);
  }
  cli.print(`database: ${database}`);
}

export function register(cmd: Command, cli: Cli): void {
  withLlmOptions(
    withPdfOptions(cmd)
      .argument('[source...]', 'files, directories (.txt, .md, .html, .pdf inside) or http(s) URLs of articles')
      .addOption(dbOption())
      .option('--published <YYYY-MM-DD>', 'publication date of every file given', parsePublished)
      .option('--feed <url>', 'an RSS, Atom or RDF feed whose items to ingest (repeatable)', collect)
      .option('--urls-file <file>', 'a file of article URLs, one per line (# starts a comment)')
      .option('--feeds <file>', 'a JSON file: {"feeds": [{"url": …, "maxItems"?, "perHost"?, "minIntervalMs"?}]}')
      .option('--refresh', 'fetch URLs again even when already ingested')
      .option('--ignore-robots', 'do not honour robots.txt')
      .option('--concurrency <n>', 'requests in flight at once', positiveInt, DEFAULT_FETCHER.concurrency)
      .option('--per-host <n>', 'requests in flight to one host', positiveInt, DEFAULT_FETCHER.perHost)
      .option('--min-interval <ms>', 'minimum time between two requests to one host', positiveInt, DEFAULT_FETCHER.minIntervalMs)
      .option('--timeout <ms>', 'give up on a request after this long', positiveInt, DEFAULT_FETCHER.timeoutMs)
      .option('--retries <n>', 'retries of a request after network errors, 408, 429 and 5xx', positiveInt, DEFAULT_FETCHER.retries)
      .option(
        '--max-retry-after <s>',
        'longest Retry-After waited for, in seconds; a URL whose server asks for more is tried again on a later run',
        positiveInt,
        DEFAULT_FETCHER.maxRetryAfterMs / 1000,
      )
      .option('--max-bytes <n>', 'largest file or response read', positiveInt, DEFAULT_FETCHER.maxBytes)
      .option('--max-failures <n>', 'runs a failing URL is tried in before it is given up on', positiveInt, 3)
      .option('--user-agent <ua>', 'User-Agent header', DEFAULT_FETCHER.userAgent),
  ).action(async (sources: string[], opts: IngestCliOptions) => {
    if (opts.urlsFile) sources.push(...(await readUrlsFile(opts.urlsFile)));
    const feeds = [...(opts.feed ?? []).map((url) => ({ url })), ...(opts.feeds ? (await readFeedsConfig(opts.feeds)).feeds : [])];
    for (const f of feeds) if (!isUrl(f.url)) throw new UsageError(`--feed: "${f.url}" is not an http(s) URL`);
    if (!sources.length && !feeds.length) throw new UsageError('nothing to ingest: give files, directories, URLs, --feed, --urls-file or --feeds');
    const web = feeds.length > 0 || sources.some(isUrl);
    const db = openStore(opts.db, { env: cli.env });
    let llm: Llm | undefined;
    try {
      llm = await llmFrom(opts, cli, db);
    } catch (err) {
      db.close();
      throw err;
    }
    const progress = progressBar(cli);
    // Ctrl-C stops the run between two commits and prints the summary so far; a second one stops it at once.
    const interrupt = new AbortController();
    const onSigint = () => interrupt.abort();
    process.once('SIGINT', onSigint);
    const summary = emptySummary();
    try {
      const { stop, ...callbacks } = progress;
      await ingestSources(
        db,
        sources,
        {
          published: opts.published,
          llm,
          feeds,
          refresh: opts.refresh,
          maxFailures: opts.maxFailures,
          maxBytes: opts.maxBytes,
          pdf: pdfLimitsFrom(opts),
          fetch: {
            concurrency: Math.max(1, opts.concurrency),
            perHost: Math.max(1, opts.perHost),
            minIntervalMs: opts.minInterval,
            timeoutMs: opts.timeout,
            retries: opts.retries,
            maxRetryAfterMs: opts.maxRetryAfter * 1000,
            userAgent: opts.userAgent,
            ignoreRobots: opts.ignoreRobots ?? false,
          },
          ...callbacks,
          signal: interrupt.signal,
        },
        summary,
      );
    } catch (err) {
      // A run stopped by its store (disk full, the file replaced) or its model: what it did so far, then the one line why.
      progress.stop();
      printSummary(cli, summary, web, llm, storePath(opts.db, cli.env));
      throw err;
    } finally {
      process.off('SIGINT', onSigint);
      progress.stop();
      db.close();
    }
    printSummary(cli, summary, web, llm, storePath(opts.db, cli.env));
    if (summary.failed) cli.exitCode = 1;
    if (interrupt.signal.aborted) {
      cli.warn('interrupted (Ctrl-C): the summary so far; what is stored stays, and the same command goes on from there');
      // Fetches and model requests still under way would keep the process alive until their timeouts.
      process.exit(130);
    }
  });
}
