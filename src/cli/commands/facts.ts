/** `youcheng facts`: stored facts with their citations, as a table, JSON lines, CSV or JSON. */
import { type Command, Option } from 'commander';
import { describeFact } from '../../query/describe.ts';
import { csvHeader, csvRow, factRecord } from '../../query/export.ts';
import { type FactSelection, selectFacts } from '../../query/select.ts';
import { openStore } from '../../store/db.ts';
import { factFilterOptions, positiveInt } from '../options.ts';
import { printJsonLines, table } from '../output.ts';
import type { Cli } from '../run.ts';
import { jsonText } from '../../printable.ts';

export interface FactsCliOptions extends FactSelection {
  db?: string;
  format: string;
}

export function register(cmd: Command, cli: Cli): void {
  factFilterOptions(cmd)
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'jsonl', 'csv', 'json']).default('table'))
    .option('--limit <n>', 'at most this many facts, 0 for all (default: 50 in a table, all in the other formats)', positiveInt)
    .option('--offset <n>', 'skip this many matching facts first', positiveInt, 0)
    .action((opts: FactsCliOptions & { limit?: number; offset?: number }) => {
      const db = openStore(opts.db, { readonly: true, env: cli.env });
      try {
        const offset = opts.offset ?? 0;
        const { total, facts: rows } = selectFacts(db, opts, { limit: opts.limit ?? (opts.format === 'table' ? 50 : 0), offset });
        if (opts.format === 'jsonl') printJsonLines(cli, rows.map(factRecord));
        else if (opts.format === 'json') cli.write(`${jsonText(rows.map(factRecord), 2)}\n`);
        else if (opts.format === 'csv') {
          cli.write(`${csvHeader()}\n`);
          for (const r of rows) cli.write(`${csvRow(r)}\n`);
        } else {
          const quote = (q: string) => q.replace(/\s+/g, ' ');
          if (rows.length)
            cli.printLines(
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
          cli.warn(`${shown}${opts.all || opts.status ? '' : ' (approved; --all for every status)'}`);
        }
      } finally {
        db.close();
      }
    });
}
