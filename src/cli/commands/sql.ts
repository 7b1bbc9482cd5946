/** `youcheng sql`: a read-only query over the store, run in a child process stopped at --timeout. */
import { type Command, Option } from 'commander';
import { storePath } from '../../store/path.ts';
import { dbOption, positiveInt } from '../options.ts';
import type { Cli } from '../run.ts';
import { runSql, type SqlJob } from '../sql.ts';

export function register(cmd: Command, cli: Cli): void {
  cmd
    .argument('<query>', 'one SELECT (or WITH … SELECT) statement')
    .addOption(dbOption())
    .addOption(new Option('--format <format>', 'output format (jsonl and csv stream the rows; a table holds them to size its columns)').choices(['table', 'jsonl', 'csv']).default('table'))
    .option('--limit <n>', 'at most this many rows, 0 for all', positiveInt, 0)
    .option('--timeout <ms>', 'stop the query after this long, 0 for no limit', positiveInt, 30_000)
    .action(async (query: string, opts: { db?: string; format: SqlJob['format']; limit: number; timeout: number }) => {
      cli.exitCode = await runSql({ path: storePath(opts.db, cli.env), query, format: opts.format, limit: opts.limit }, opts.timeout, cli);
    });
}
