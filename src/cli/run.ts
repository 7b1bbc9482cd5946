/**
 * The `youcheng` command line as a function: `run(argv, io)` runs one command and resolves to its
 * exit code. Each command lives in ./commands/ and is loaded only when it runs: `--help` and the
 * light commands never load the extractor, the LLM client or the HTML reader.
 */
import type { Writable } from 'node:stream';
import { Command, CommanderError, Help } from 'commander';
import { printable, printableLine } from '../printable.ts';

/** What a run of the command line reads and writes: the process's own streams, or a caller's. */
export interface Io {
  stdout: Writable & { isTTY?: boolean; columns?: number };
  stderr: Writable & { isTTY?: boolean; columns?: number };
  /** Where the YOUCHENG_* settings and $USER are read; process.env when not given. */
  env?: NodeJS.ProcessEnv;
}

/** One run of a command: its streams and environment, and the exit code it sets (as process.exitCode would). */
export class Cli {
  exitCode = 0;
  readonly env: NodeJS.ProcessEnv;
  constructor(readonly io: Io) {
    this.env = io.env ?? process.env;
  }
  /** Data on standard output (JSON, CSV, GraphML): as it is, but with control characters escaped when a terminal shows it. */
  write(text: string): void {
    this.io.stdout.write(this.io.stdout.isTTY ? printable(text) : text);
  }
  /** A line on standard output; control characters, line breaks among them, escaped (src/printable.ts). */
  print(line = ''): void {
    this.io.stdout.write(`${printableLine(line)}\n`);
  }
  /** Lines on standard output (a table, a report): control characters escaped, line breaks kept. */
  printLines(text: string): void {
    this.io.stdout.write(`${printable(text)}\n`);
  }
  /** A line on standard error, escaped as `print` escapes. */
  warn(line: string): void {
    this.io.stderr.write(`${printableLine(line)}\n`);
  }
}

/** A command module adds its arguments, options and action to the command `run` made for it. */
export interface CommandModule {
  register(cmd: Command, cli: Cli): void;
}

const decide = (action: string) => `${action} facts by id, as the review page does (recorded in the review history)`;

/** Every command: its arguments and description (all --help needs), and its module. */
const COMMANDS: Record<string, { args?: string; description: string; load: () => Promise<CommandModule> }> = {
  extract: { args: '<file...>', description: 'print one JSON line per document (doc, facts, warnings); stores nothing', load: () => import('./commands/extract.ts') },
  ingest: {
    args: '[source...]',
    description: 'read article files, directories, URLs and feeds; extract; store. Unchanged text and done URLs are skipped',
    load: () => import('./commands/ingest.ts'),
  },
  facts: { description: 'stored facts with their citations (approved ones unless --all or --status)', load: () => import('./commands/facts.ts') },
  export: { description: 'export facts or relationships with their citations (approved ones unless --all or --status)', load: () => import('./commands/export.ts') },
  search: { args: '<text>', description: 'full-text search over documents, in simplified or traditional characters', load: () => import('./commands/search.ts') },
  stats: { description: 'documents, facts by type and status, pairs by country and decade, top places by partners', load: () => import('./commands/stats.ts') },
  sql: {
    args: '<query>',
    description: 'a read-only SQL query over the store (views: city_pairs, counts, dates, agreements, events; see RESEARCH.md)',
    load: () => import('./commands/sql.ts'),
  },
  review: { description: 'serve the review page: approve, reject or correct facts against their evidence', load: () => import('./commands/review.ts') },
  approve: { args: '<fact-id...>', description: decide('approve'), load: () => import('./commands/decide.ts') },
  reject: { args: '<fact-id...>', description: decide('reject'), load: () => import('./commands/decide.ts') },
  relationships: {
    description: 'the sister-city registry: one relationship per pair of places, across all its articles (those an approved fact supports, unless --all or --review)',
    load: () => import('./commands/relationships.ts'),
  },
  add: {
    description: 'add a fact read in a document, cited by a span of its text (method manual, approved by the reviewer); a fact the document has already gets the span as evidence',
    load: () => import('./commands/add.ts'),
  },
  places: { description: 'list the canonical places of stored city pairs, with how many pairs each has', load: () => import('./commands/places.ts') },
  eval: {
    description: 'score extraction against gold facts (per-type precision/recall/F1, attribute accuracy); with no --gold/--dir, the samples and the dev set',
    load: () => import('./commands/eval.ts'),
  },
};

/** Runs the command `argv` names (the arguments after `youcheng`); resolves to the exit code. */
export async function run(argv: string[], io: Io): Promise<number> {
  const cli = new Cli(io);
  const help = new Help();
  const program = new Command('youcheng')
    .description('Chinese sister-city press releases in, structured citation-backed records out')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({
      // Help, and errors that quote the arguments given.
      writeOut: (s) => io.stdout.write(printable(s)),
      writeErr: (s) => io.stderr.write(printable(s)),
      // Commander's own default: the terminal's width, else (undefined, which its types leave out) 80.
      getOutHelpWidth: () => (io.stdout.isTTY ? io.stdout.columns : undefined) as number,
      getErrHelpWidth: () => (io.stderr.isTTY ? io.stderr.columns : undefined) as number,
    })
    // A command not loaded has no options yet; every one of ours has some.
    .configureHelp({
      subcommandTerm: (cmd) => {
        const command = COMMANDS[cmd.name()];
        return command ? `${cmd.name()} [options]${cmd.registeredArguments.length ? ` ${command.args}` : ''}` : help.subcommandTerm(cmd);
      },
    });
  const named = argv[0] === 'help' ? argv[1] : argv[0];
  for (const [name, { args, description, load }] of Object.entries(COMMANDS)) {
    const cmd = program.command(name).description(description);
    if (name === named) (await load()).register(cmd, cli);
    else if (args) cmd.arguments(args);
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    const { UsageError, YouchengError } = await import('../errors.ts');
    if (!(err instanceof YouchengError)) throw err;
    cli.warn(`error: ${err.message}`);
    return err instanceof UsageError ? 2 : 1;
  }
  return cli.exitCode;
}
