/** `youcheng places`: the canonical places of stored city pairs, with how many pairs each has. */
import { type Command, Option } from 'commander';
import { toSimplified } from '../../extract/text/script.ts';
import { openStore } from '../../store/db.ts';
import { queryPlaces } from '../../store/places.ts';
import { dbOption } from '../options.ts';
import { printJsonLines, table } from '../output.ts';
import type { Cli } from '../run.ts';

export function register(cmd: Command, cli: Cli): void {
  cmd
    .addOption(dbOption())
    .option('--country <name>', 'only places in this country (Chinese name or ISO code)')
    .option('--search <text>', 'only places whose name or an alias contains this text')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'jsonl']).default('table'))
    .action((opts: { db?: string; country?: string; search?: string; format: string }) => {
      const db = openStore(opts.db, { readonly: true, env: cli.env });
      try {
        const rows = queryPlaces(db, { country: opts.country ? toSimplified(opts.country) : undefined, search: opts.search ? toSimplified(opts.search) : undefined });
        if (opts.format === 'jsonl') printJsonLines(cli, rows);
        else {
          cli.printLines(table([['id', 'name', 'kind', 'country', 'pairs', 'source'], ...rows.map((r) => [r.id, r.name, r.kind, r.country ?? '', String(r.pairs), r.source])]));
          cli.warn(`${rows.length} place(s)`);
        }
      } finally {
        db.close();
      }
    });
}
