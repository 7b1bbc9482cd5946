/** The `youcheng` command line. */
import { Command, InvalidArgumentError, Option } from 'commander';
import cliProgress from 'cli-progress';
import { YouchengError, UsageError } from './errors.ts';
import { evaluate } from './eval/run.ts';
import { extractDocument } from './extract/document.ts';
import { toSimplified } from './extract/script.ts';
import { ingestPaths } from './ingest.ts';
import { DayString, FACT_TYPES, type FactType } from './records.ts';
import { listArticleFiles, readArticle } from './sources/files.ts';
import { openStore } from './store/db.ts';
import { queryFacts, STATUSES, type Status } from './store/facts.ts';
import { queryPlaces } from './store/places.ts';
import { formatReport } from './cli/eval-report.ts';
import { CSV_COLUMNS, csvRow, describeFact, jsonRecord, table } from './cli/format.ts';

const DEFAULT_DB = './youcheng.db';

function dbPath(opt?: string): string {
  return opt ?? process.env.YOUCHENG_DB ?? DEFAULT_DB;
}

function parsePublished(value: string): string {
  const ok = DayString.safeParse(value);
  if (!ok.success || Number.isNaN(Date.parse(value))) throw new InvalidArgumentError(`"${value}" is not a date as YYYY-MM-DD`);
  return value;
}

const dbOption = () => new Option('--db <path>', `SQLite database (default: $YOUCHENG_DB or ${DEFAULT_DB})`);

const program = new Command('youcheng')
  .description('Chinese sister-city press releases in, structured citation-backed records out')
  .showHelpAfterError();

program
  .command('extract')
  .description('print one JSON line per document (doc, facts, warnings); stores nothing')
  .argument('<file...>', 'article files (.txt, .md, .html)')
  .option('--published <YYYY-MM-DD>', 'publication date: the reference for relative dates', parsePublished)
  .action(async (files: string[], opts: { published?: string }) => {
    let failed = 0;
    const { files: found, errors } = await listArticleFiles(files);
    for (const e of errors) {
      failed++;
      console.error(`error: ${e.message}`);
    }
    for (const file of found) {
      try {
        const article = await readArticle(file);
        const line = extractDocument(article.original, { source: article.source, published: opts.published, title: article.title });
        process.stdout.write(`${JSON.stringify(line)}\n`);
      } catch (err) {
        if (!(err instanceof YouchengError)) throw err;
        failed++;
        console.error(`error: ${err.message}`);
      }
    }
    if (failed) process.exitCode = 1;
  });

program
  .command('ingest')
  .description('read article files or directories, extract, and store; unchanged text is skipped')
  .argument('<path...>', 'files or directories (.txt, .md, .html inside directories)')
  .addOption(dbOption())
  .option('--published <YYYY-MM-DD>', 'publication date of every file given', parsePublished)
  .action(async (paths: string[], opts: { db?: string; published?: string }) => {
    const db = openStore(dbPath(opts.db));
    let bar: cliProgress.SingleBar | undefined;
    try {
      const summary = await ingestPaths(db, paths, {
        published: opts.published,
        onStart: (total) => {
          if (process.stderr.isTTY && total > 3) {
            bar = new cliProgress.SingleBar({ stream: process.stderr, format: 'ingest [{bar}] {value}/{total} {file}', hideCursor: true }, cliProgress.Presets.shades_classic);
            bar.start(total, 0, { file: '' });
          }
        },
        onProgress: (done, file) => bar?.update(done, { file }),
        onError: (message) => console.error(`${bar ? '\n' : ''}error: ${message}`),
      });
      bar?.stop();
      const facts = FACT_TYPES.filter((t) => summary.facts[t]).map((t) => `${t} ${summary.facts[t]}`).join(', ') || 'none';
      console.log(`documents: ${summary.new} new, ${summary.reextracted} re-extracted, ${summary.unchanged} unchanged, ${summary.failed} failed`);
      console.log(`facts stored: ${facts}`);
      console.log(`database: ${dbPath(opts.db)}`);
      if (summary.failed) process.exitCode = 1;
    } finally {
      bar?.stop();
      db.close();
    }
  });

program
  .command('facts')
  .description('list stored facts with their quotes')
  .addOption(dbOption())
  .addOption(new Option('--type <type>', 'only this type').choices(FACT_TYPES))
  .option('--doc <id>', 'only this document (id or a prefix of it)')
  .addOption(new Option('--status <status>', 'only this review status').choices(STATUSES))
  .addOption(new Option('--format <format>', 'output format').choices(['table', 'jsonl', 'csv']).default('table'))
  .action((opts: { db?: string; type?: FactType; doc?: string; status?: Status; format: string }) => {
    const db = openStore(dbPath(opts.db), { readonly: true });
    try {
      const rows = queryFacts(db, { type: opts.type, documentId: opts.doc, status: opts.status });
      if (opts.format === 'jsonl') for (const r of rows) process.stdout.write(`${JSON.stringify(jsonRecord(r))}\n`);
      else if (opts.format === 'csv') {
        process.stdout.write(`${CSV_COLUMNS.join(',')}\n`);
        for (const r of rows) process.stdout.write(`${csvRow(r)}\n`);
      } else {
        const quote = (q: string) => q.replace(/\s+/g, ' ');
        console.log(table([['id', 'doc', 'type', 'status', 'fact', 'evidence'], ...rows.map((r) => [r.id, r.documentId.slice(0, 8), r.fact.type, r.status, describeFact(r.fact), r.fact.evidence.map((e) => `「${quote(e.quote)}」@${e.start}`).join(' ')])]));
        console.error(`${rows.length} fact(s)`);
      }
    } finally {
      db.close();
    }
  });

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
  .description('score extraction against gold facts (per-type precision/recall/F1, attribute accuracy)')
  .option('--gold <file>', 'gold facts', 'samples/gold.json')
  .option('--dir <dir>', 'directory holding the gold documents', 'samples')
  .option('--json', 'print the report as JSON')
  .option('--verbose', 'list every miss, extra and wrong attribute')
  .action(async (opts: { gold: string; dir: string; json?: boolean; verbose?: boolean }) => {
    const report = await evaluate(opts.gold, opts.dir);
    if (opts.json) console.log(JSON.stringify(opts.verbose ? report : { ...report, misses: undefined, extras: undefined, wrong: undefined }, null, 2));
    else console.log(formatReport(report, opts.verbose ?? false));
    if (report.invalidEvidence > 0) process.exitCode = 1;
  });

try {
  await program.parseAsync();
} catch (err) {
  if (err instanceof YouchengError) {
    console.error(`error: ${err.message}`);
    process.exitCode = err instanceof UsageError ? 2 : 1;
  } else throw err;
}
