/** The `youcheng` command line. */
import { Command, InvalidArgumentError, Option } from 'commander';
import cliProgress from 'cli-progress';
import { InputError, YouchengError, UsageError, zodProblems } from '../errors.ts';
import { evalSets, evaluate, type EvalReport } from '../eval/run.ts';
import type { Llm } from '../extract/full.ts';
import { LlmClient } from '../extract/llm/client.ts';
import { SCHEMA_VERSION } from '../extract/llm/schema.ts';
import { PROMPT } from '../extract/llm/step.ts';
import { llmCache } from '../store/llm-cache.ts';
import { toSimplified } from '../extract/script.ts';
import { describeFailure, emptySummary, extractArticle, ingestPaths } from '../pipeline/ingest.ts';
import { FeedsConfig, ingestWeb, isUrl } from '../pipeline/web.ts';
import { DEFAULT_FETCHER } from '../sources/fetcher.ts';
import { readFile } from 'node:fs/promises';
import { DayString, FACT_TYPES } from '../records.ts';
import { listArticleFiles, readArticles } from '../sources/files.ts';
import { openStore, type Store } from '../store/db.ts';
import { STATUSES, type Status, type StoredFact } from '../store/facts.ts';
import { queryPlaces } from '../store/places.ts';
import { decide, factById, historyOf } from '../store/review.ts';
import { isLoopback, startReviewServer } from '../review/review-server.ts';
import { formatReport } from './eval-report.ts';
import { table } from './format.ts';
import { describeFact } from '../query/describe.ts';
import { csvHeader, csvRow, factRecord, graphml } from '../query/export.ts';
import { searchDocuments, stats } from '../store/research.ts';
import { runSql, type SqlJob } from './sql.ts';
import { stopQuietlyWhenStdoutCloses } from './stdout.ts';
import { selectFacts, statusesOf, type FactSelection } from '../query/select.ts';
import { writeFile } from 'node:fs/promises';

const DEFAULT_DB = './youcheng.db';

function dbPath(opt?: string): string {
  return opt ?? process.env.YOUCHENG_DB ?? DEFAULT_DB;
}

function parsePublished(value: string): string {
  const ok = DayString.safeParse(value);
  if (!ok.success || Number.isNaN(Date.parse(value))) throw new InvalidArgumentError(`"${value}" is not a date as YYYY-MM-DD`);
  return value;
}

interface LlmCliOptions {
  llmModel?: string;
  llmBaseUrl?: string;
  llmApiKey?: string;
  llmConcurrency: number;
  llmRpm?: number;
  llmTimeout: number;
  llmPriceIn?: number;
  llmPriceOut?: number;
}

function price(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`"${value}" is not a price`);
  return n;
}

function withLlmOptions(cmd: Command): Command {
  return cmd
    .option('--llm-model <name>', 'turn the LLM step on with this model (or $YOUCHENG_LLM_MODEL)')
    .option('--llm-base-url <url>', 'OpenAI-compatible server (or $YOUCHENG_LLM_BASE_URL, $OPENAI_BASE_URL)')
    .option('--llm-api-key <key>', 'API key (or $YOUCHENG_LLM_API_KEY, $OPENAI_API_KEY)')
    .option('--llm-concurrency <n>', 'LLM requests in flight at once', (v) => Math.max(1, positiveInt(v)), 4)
    .option('--llm-rpm <n>', 'LLM requests per minute at most', positiveInt)
    .option('--llm-timeout <ms>', 'give up on an LLM request after this long', positiveInt, 120_000)
    .option('--llm-price-in <usd>', 'price per million prompt tokens, for the cost in the summary', price)
    .option('--llm-price-out <usd>', 'price per million completion tokens', price);
}

/** The LLM step as the options and environment configure it; undefined when no model is set. */
function llmFrom(opts: LlmCliOptions, db?: ReturnType<typeof openStore>): Llm | undefined {
  const model = opts.llmModel ?? process.env.YOUCHENG_LLM_MODEL;
  if (!model) return undefined;
  const client = new LlmClient({
    model,
    baseURL: opts.llmBaseUrl ?? process.env.YOUCHENG_LLM_BASE_URL ?? process.env.OPENAI_BASE_URL,
    apiKey: opts.llmApiKey ?? process.env.YOUCHENG_LLM_API_KEY ?? process.env.OPENAI_API_KEY,
    concurrency: opts.llmConcurrency,
    rpm: opts.llmRpm ?? null,
    timeoutMs: opts.llmTimeout,
    priceIn: opts.llmPriceIn,
    priceOut: opts.llmPriceOut,
  });
  return { client, cache: db ? llmCache(db, { model, promptVersion: PROMPT.version, schemaVersion: SCHEMA_VERSION }) : undefined };
}

const dbOption = () => new Option('--db <path>', `SQLite database (default: $YOUCHENG_DB or ${DEFAULT_DB})`);

const program = new Command('youcheng').description('Chinese sister-city press releases in, structured citation-backed records out').showHelpAfterError();

withLlmOptions(
  program
    .command('extract')
    .description('print one JSON line per document (doc, facts, warnings); stores nothing')
    .argument('<file...>', 'article files (.txt, .md, .html, .pdf)')
    .option('--published <YYYY-MM-DD>', 'publication date: the reference for relative dates', parsePublished)
    .option('--max-bytes <n>', 'largest file read', positiveInt, DEFAULT_FETCHER.maxBytes),
).action(async (files: string[], opts: { published?: string; maxBytes: number } & LlmCliOptions) => {
  const llm = llmFrom(opts);
  let failed = 0;
  const { files: found, errors } = await listArticleFiles(files);
  for (const e of errors) {
    failed++;
    console.error(`error: ${e.message}`);
  }
  for (const file of found) {
    try {
      for (const article of await readArticles(file, opts.maxBytes)) {
        const x = await extractArticle(article, opts.published, llm);
        process.stdout.write(`${JSON.stringify(x.line)}\n`);
        // The line is printed with the other extractors' facts; its warnings name the failure.
        if (x.failed.length) failed++;
      }
    } catch (err) {
      failed++;
      console.error(`error: ${describeFailure(err, file)}`);
    }
  }
  if (failed) process.exitCode = 1;
});

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`"${value}" is not a whole number`);
  return n;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

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

interface IngestCliOptions extends LlmCliOptions {
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
  maxBytes: number;
  maxFailures: number;
  userAgent: string;
}

withLlmOptions(
  program
    .command('ingest')
    .description('read article files, directories, URLs and feeds; extract; store. Unchanged text and done URLs are skipped')
    .argument('[source...]', 'files, directories (.txt, .md, .html inside) or http(s) URLs of articles')
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
    .option('--max-bytes <n>', 'largest file or response read', positiveInt, DEFAULT_FETCHER.maxBytes)
    .option('--max-failures <n>', 'runs a failing URL is tried in before it is given up on', positiveInt, 3)
    .option('--user-agent <ua>', 'User-Agent header', DEFAULT_FETCHER.userAgent),
).action(async (sources: string[], opts: IngestCliOptions) => {
  const urls = sources.filter(isUrl);
  const paths = sources.filter((s) => !isUrl(s));
  if (opts.urlsFile) urls.push(...(await readUrlsFile(opts.urlsFile)));
  const feeds = [...(opts.feed ?? []).map((url) => ({ url })), ...(opts.feeds ? (await readFeedsConfig(opts.feeds)).feeds : [])];
  for (const f of feeds) if (!isUrl(f.url)) throw new UsageError(`--feed: "${f.url}" is not an http(s) URL`);
  if (!paths.length && !urls.length && !feeds.length) throw new UsageError('nothing to ingest: give files, directories, URLs, --feed, --urls-file or --feeds');
  const db = openStore(dbPath(opts.db));
  const llm = llmFrom(opts, db);
  let bar: cliProgress.SingleBar | undefined;
  const progress = {
    onStart: (total: number) => {
      bar?.stop();
      bar = undefined;
      if (process.stderr.isTTY && total > 3) {
        bar = new cliProgress.SingleBar({ stream: process.stderr, format: 'ingest [{bar}] {value}/{total} {file}', hideCursor: true }, cliProgress.Presets.shades_classic);
        bar.start(total, 0, { file: '' });
      }
    },
    onProgress: (done: number, file: string) => bar?.update(done, { file }),
    onError: (message: string) => console.error(`${bar ? '\n' : ''}error: ${message}`),
    onWarning: (message: string) => console.error(`${bar ? '\n' : ''}warning: ${message}`),
  };
  try {
    const summary = emptySummary();
    if (paths.length) await ingestPaths(db, paths, { published: opts.published, llm, maxBytes: opts.maxBytes, ...progress }, summary);
    if (urls.length || feeds.length) {
      await ingestWeb(
        db,
        {
          urls: urls.map((u) => new URL(u).href),
          feeds,
          refresh: opts.refresh,
          maxFailures: opts.maxFailures,
          llm,
          fetch: {
            concurrency: Math.max(1, opts.concurrency),
            perHost: Math.max(1, opts.perHost),
            minIntervalMs: opts.minInterval,
            timeoutMs: opts.timeout,
            retries: opts.retries,
            maxBytes: opts.maxBytes,
            userAgent: opts.userAgent,
            ignoreRobots: opts.ignoreRobots ?? false,
          },
          ...progress,
        },
        summary,
      );
    }
    bar?.stop();
    const facts =
      FACT_TYPES.filter((t) => summary.facts[t])
        .map((t) => `${t} ${summary.facts[t]}`)
        .join(', ') || 'none';
    console.log(
      `documents: ${summary.new} new, ${summary.reextracted} re-extracted, ${summary.unchanged} unchanged, ${summary.duplicates} duplicates, ${summary.skipped} skipped, ${summary.failed} failed`,
    );
    if (urls.length || feeds.length) console.log(`fetched: ${summary.fetched} pages and feeds`);
    const reasons = Object.entries(summary.failures)
      .map(([r, n]) => `${r} ${n}`)
      .join(', ');
    if (reasons) console.log(`failed by reason: ${reasons}`);
    console.log(`facts stored: ${facts}`);
    if (llm) {
      const u = summary.llm;
      const cost = u.cost === null ? '' : `, cost ${u.cost.toFixed(4)}`;
      console.log(`LLM (${llm.client.config.model}): ${u.documents} documents, ${u.failed} failed, ${u.requests} requests, ${u.promptTokens} prompt + ${u.completionTokens} completion tokens${cost}`);
    }
    console.log(`database: ${dbPath(opts.db)}`);
    if (summary.failed) process.exitCode = 1;
  } finally {
    bar?.stop();
    db.close();
  }
});

interface FactsCliOptions extends FactSelection {
  db?: string;
  format: string;
  limit?: number;
  offset?: number;
}

function dateBound(value: string): string {
  if (!/^\d{4}(-\d{2}(-\d{2})?)?$/.test(value)) throw new InvalidArgumentError(`"${value}" is not a date as YYYY, YYYY-MM or YYYY-MM-DD`);
  return value;
}

function confidence(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new InvalidArgumentError(`"${value}" is not a confidence between 0 and 1`);
  return n;
}

function factFilterOptions(cmd: Command): Command {
  return cmd
    .addOption(dbOption())
    .addOption(new Option('--type <type>', 'only this type').choices(FACT_TYPES))
    .option('--doc <id>', 'only this document (id or a prefix of it)')
    .addOption(new Option('--status <status>', 'only this review status (default: approved and edited)').choices(STATUSES))
    .option('--all', 'every status, pending and rejected too')
    .option('--place <name>', 'pairs with either side here, by any name or alias (成都, 成都市, 蓉城); events held there; counts it holds')
    .option('--country <name>', 'pairs whose foreign side is in this country (法国, 法國, FR)')
    .addOption(new Option('--relation <relation>', 'pairs of this relation').choices(['sister', 'friendly', 'unspecified']))
    .option('--since <date>', "facts dated on or after (a pair's since, a date's start, an agreement's date, an event's start)", dateBound)
    .option('--until <date>', 'facts dated on or before; 1989 means to the end of 1989', dateBound)
    .addOption(new Option('--method <method>', 'only facts found this way').choices(['rules', 'llm']))
    .option('--min-confidence <x>', 'only facts at least this confident', confidence);
}

factFilterOptions(program.command('facts').description('stored facts with their citations (approved ones unless --all or --status)'))
  .addOption(new Option('--format <format>', 'output format').choices(['table', 'jsonl', 'csv', 'json']).default('table'))
  .option('--limit <n>', 'at most this many facts, 0 for all (default: 50 in a table, all in the other formats)', positiveInt)
  .option('--offset <n>', 'skip this many matching facts first', positiveInt, 0)
  .action((opts: FactsCliOptions) => {
    const db = openStore(dbPath(opts.db), { readonly: true });
    try {
      const offset = opts.offset ?? 0;
      const { total, facts: rows } = selectFacts(db, opts, { limit: opts.limit ?? (opts.format === 'table' ? 50 : 0), offset });
      if (opts.format === 'jsonl') for (const r of rows) process.stdout.write(`${JSON.stringify(factRecord(r))}\n`);
      else if (opts.format === 'json') process.stdout.write(`${JSON.stringify(rows.map(factRecord), null, 2)}\n`);
      else if (opts.format === 'csv') {
        process.stdout.write(`${csvHeader()}\n`);
        for (const r of rows) process.stdout.write(`${csvRow(r)}\n`);
      } else {
        const quote = (q: string) => q.replace(/\s+/g, ' ');
        if (rows.length)
          console.log(
            table([
              ['id', 'status', 'type', 'fact', 'evidence', 'source'],
              ...rows.map((r) => [
                r.id,
                r.status,
                r.fact.type,
                describeFact(r.fact),
                r.fact.evidence.map((e) => `「${quote(e.quote)}」@${e.start}`).join(' '),
                `${r.title ?? r.source}${r.page ? ` · page ${r.page}` : ''}${r.published ? ` (${r.published})` : ''}`,
              ]),
            ]),
          );
        const shown = rows.length < total ? `${rows.length ? `${offset + 1}–${offset + rows.length}` : 'none'} of ${total} fact(s); --offset and --limit for more` : `${total} fact(s)`;
        console.error(`${shown}${opts.all || opts.status ? '' : ' (approved; --all for every status)'}`);
      }
    } finally {
      db.close();
    }
  });

factFilterOptions(program.command('export').description('export facts with their citations (approved ones unless --all or --status)'))
  .addOption(new Option('--format <format>', 'jsonl, csv (flat columns, see RESEARCH.md) or graphml (the sister-city network)').choices(['jsonl', 'csv', 'graphml']).default('jsonl'))
  .option('--out <file>', 'write here instead of standard output')
  .action(async (opts: FactsCliOptions & { out?: string }) => {
    const db = openStore(dbPath(opts.db), { readonly: true });
    try {
      const rows = selectFacts(db, opts.format === 'graphml' ? { ...opts, type: 'city_pair' } : opts).facts;
      const text =
        opts.format === 'graphml' ? graphml(db, rows) : opts.format === 'csv' ? `${[csvHeader(), ...rows.map(csvRow)].join('\n')}\n` : rows.map((r) => `${JSON.stringify(factRecord(r))}\n`).join('');
      if (opts.out) {
        await writeFile(opts.out, text);
        console.error(`${rows.length} fact(s) written to ${opts.out}`);
      } else process.stdout.write(text);
    } finally {
      db.close();
    }
  });

program
  .command('search')
  .description('full-text search over documents, in simplified or traditional characters')
  .argument('<text>', 'what to look for')
  .addOption(dbOption())
  .option('--limit <n>', 'at most this many documents', positiveInt, 20)
  .addOption(new Option('--format <format>', 'output format').choices(['table', 'jsonl']).default('table'))
  .action((text: string, opts: { db?: string; limit: number; format: string }) => {
    const db = openStore(dbPath(opts.db), { readonly: true });
    try {
      const hits = searchDocuments(db, toSimplified(text).replace(/\s+/g, ''), opts.limit);
      if (opts.format === 'jsonl') for (const h of hits) process.stdout.write(`${JSON.stringify(h)}\n`);
      else {
        for (const h of hits) {
          console.log(`${h.id}  ${h.title ?? '(no title)'}  ${h.source}${h.published ? `  ${h.published}` : ''}`);
          console.log(`    ${h.snippet}`);
          console.log(`    ${h.facts} fact(s): youcheng facts --all --doc ${h.id}`);
        }
        console.error(`${hits.length} document(s)`);
      }
    } finally {
      db.close();
    }
  });

program
  .command('stats')
  .description('documents, facts by type and status, pairs by country and decade, top places by partners')
  .addOption(dbOption())
  .addOption(new Option('--status <status>', 'count pairs of this review status (default: approved and edited)').choices(STATUSES))
  .option('--all', 'count pairs of every status')
  .option('--json', 'print as JSON')
  .action((opts: { db?: string; json?: boolean; status?: Status; all?: boolean }) => {
    const db = openStore(dbPath(opts.db), { readonly: true });
    try {
      const statuses = statusesOf(opts);
      const s = stats(db, statuses);
      if (opts.json) return console.log(JSON.stringify(s, null, 2));
      console.log(`documents: ${s.documents}`);
      console.log(`pairs and partners counted: ${statuses.join(', ')}${opts.all || opts.status ? '' : ' (--all for every status)'}\n`);
      console.log(table([['type', 'status', 'facts'], ...s.factsByType.map((r) => [r.type, r.status, String(r.n)])]));
      console.log('');
      if (!s.pairsByCountry.length) return console.log(`no pairs of status ${statuses.join(' or ')}`);
      console.log(table([['country', 'pairs'], ...s.pairsByCountry.map((r) => [r.country, String(r.n)])]));
      console.log('');
      console.log(table([['since', 'pairs'], ...s.pairsByDecade.map((r) => [r.decade, String(r.n)])]));
      console.log('');
      console.log(table([['place', 'country', 'partners'], ...s.topPlaces.map((r) => [r.name, r.country ?? '', String(r.partners)])]));
    } finally {
      db.close();
    }
  });

program
  .command('sql')
  .description('a read-only SQL query over the store (views: city_pairs, counts, dates, agreements, events; see RESEARCH.md)')
  .argument('<query>', 'one SELECT (or WITH … SELECT) statement')
  .addOption(dbOption())
  .addOption(new Option('--format <format>', 'output format (jsonl and csv stream the rows; a table holds them to size its columns)').choices(['table', 'jsonl', 'csv']).default('table'))
  .option('--limit <n>', 'at most this many rows, 0 for all', positiveInt, 0)
  .option('--timeout <ms>', 'stop the query after this long, 0 for no limit', positiveInt, 30_000)
  .action(async (query: string, opts: { db?: string; format: SqlJob['format']; limit: number; timeout: number }) => {
    process.exitCode = await runSql({ path: dbPath(opts.db), query, format: opts.format, limit: opts.limit }, opts.timeout);
  });

program
  .command('review')
  .description('serve the review page: approve, reject or correct facts against their evidence')
  .addOption(dbOption())
  .option('--host <address>', 'address to bind; anything but loopback requires the printed token', '127.0.0.1')
  .option('--port <n>', 'port (0 picks a free one)', positiveInt, 7878)
  .option('--reviewer <name>', 'recorded with every decision (default: $USER)')
  .action(async (opts: { db?: string; host: string; port: number; reviewer?: string }) => {
    const db = openStore(dbPath(opts.db));
    const server = await startReviewServer({ db, host: opts.host, port: opts.port, reviewer: opts.reviewer ?? process.env.USER ?? null });
    console.log(`review page: ${server.url}`);
    if (!isLoopback(opts.host)) console.log('(bound beyond this machine: the link carries the token every request needs)');
    const stop = () =>
      server.close().then(() => {
        db.close();
        process.exit(0);
      });
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });

interface DecideCliOptions {
  db?: string;
  reviewer?: string;
  note?: string;
  force?: boolean;
  expectVersion?: number;
}

for (const action of ['approve', 'reject'] as const) {
  program
    .command(action)
    .description(`${action} facts by id, as the review page does (recorded in the review history)`)
    .argument('<fact-id...>', 'fact ids (see youcheng facts)')
    .addOption(dbOption())
    .option('--reviewer <name>', 'recorded with the decision (default: $USER)')
    .option('--note <text>', 'a note kept with the decision')
    .option('--force', 'override a decision another reviewer made')
    .option('--expect-version <n>', "override only if the fact's version is still this (the refusal names it)", positiveInt)
    .action((ids: string[], opts: DecideCliOptions) => {
      const db = openStore(dbPath(opts.db));
      const reviewer = opts.reviewer ?? process.env.USER ?? null;
      try {
        let failed = 0;
        for (const id of ids) {
          const current = factById(db, id);
          const refused = current ? overrideRefused(db, current, reviewer, opts) : `${id}: no such fact`;
          if (refused) {
            console.error(`error: ${refused}`);
            failed++;
            continue;
          }
          const r = decide(db, { factId: id, action, reviewer, note: opts.note, version: opts.expectVersion ?? current!.version });
          if (r.ok) {
            console.log(`${id}: ${r.fact.status}`);
            continue;
          }
          failed++;
          if (!r.conflict) console.error(`error: ${id}: ${r.error}`);
          else if (opts.expectVersion === undefined) console.error(`error: ${id}: changed meanwhile; try again`);
          else console.error(`error: ${id}: its version is ${r.fact.version}, not ${opts.expectVersion}; look at it again before overriding`);
        }
        if (failed) process.exitCode = 1;
      } finally {
        db.close();
      }
    });
}

/**
 * A script does not silently override a reviewer: a fact someone else decided needs --force or
 * --expect-version (the version the caller has seen). Returns why it is refused, or null.
 */
function overrideRefused(db: Store, fact: StoredFact, reviewer: string | null, opts: DecideCliOptions): string | null {
  if (fact.status === 'pending' || opts.force || opts.expectVersion !== undefined) return null;
  const last = historyOf(db, fact.id).at(-1);
  if (!last || last.reviewer === reviewer) return null;
  return `${fact.id}: already ${fact.status} by ${last.reviewer ?? 'an unnamed reviewer'} at ${last.at} (version ${fact.version}); to override it, add --force or --expect-version ${fact.version}`;
}

program
  .command('places')
  .description('list the canonical places of stored city pairs, with how many pairs each has')
  .addOption(dbOption())
  .option('--country <name>', 'only places in this country (Chinese name or ISO code)')
  .option('--search <text>', 'only places whose name or an alias contains this text')
  .addOption(new Option('--format <format>', 'output format').choices(['table', 'jsonl']).default('table'))
  .action((opts: { db?: string; country?: string; search?: string; format: string }) => {
    const db = openStore(dbPath(opts.db), { readonly: true });
    try {
      const rows = queryPlaces(db, { country: opts.country ? toSimplified(opts.country) : undefined, search: opts.search ? toSimplified(opts.search) : undefined });
      if (opts.format === 'jsonl') for (const r of rows) process.stdout.write(`${JSON.stringify(r)}\n`);
      else {
        console.log(table([['id', 'name', 'kind', 'country', 'pairs', 'source'], ...rows.map((r) => [r.id, r.name, r.kind, r.country ?? '', String(r.pairs), r.source])]));
        console.error(`${rows.length} place(s)`);
      }
    } finally {
      db.close();
    }
  });

program
  .command('eval')
  .description('score extraction against gold facts (per-type precision/recall/F1, attribute accuracy); with no --gold/--dir, the samples and the dev set')
  .option('--gold <file>', 'gold facts of one set (default: samples/gold.json and samples/dev/gold.json)')
  .option('--dir <dir>', "directory holding that set's documents (default: the gold file's directory)")
  .option('--json', 'print the report as JSON (both sets: an object keyed by set name)')
  .option('--verbose', 'list every miss, extra and wrong attribute')
  .action(async (opts: { gold?: string; dir?: string; json?: boolean; verbose?: boolean }) => {
    const sets = evalSets(opts.gold, opts.dir);
    const reports: Record<string, EvalReport> = {};
    for (const set of sets) reports[set.name] = await evaluate(set.gold, set.dir);
    const brief = (r: EvalReport) => (opts.verbose ? r : { ...r, misses: undefined, extras: undefined, wrong: undefined });
    if (opts.json) console.log(JSON.stringify(sets.length === 1 ? brief(reports[sets[0].name]) : Object.fromEntries(sets.map((s) => [s.name, brief(reports[s.name])])), null, 2));
    else console.log(sets.map((s) => `== ${s.name === s.gold ? s.gold : `${s.name} (${s.gold})`} ==\n${formatReport(reports[s.name], opts.verbose ?? false)}`).join('\n\n'));
    if (Object.values(reports).some((r) => r.invalidEvidence > 0 || r.failures.length > 0)) process.exitCode = 1;
  });

stopQuietlyWhenStdoutCloses();
try {
  await program.parseAsync();
} catch (err) {
  if (err instanceof YouchengError) {
    console.error(`error: ${err.message}`);
    process.exitCode = err instanceof UsageError ? 2 : 1;
  } else throw err;
}
