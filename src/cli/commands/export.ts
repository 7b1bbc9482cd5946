/** `youcheng export`: approved facts for other tools, as JSON lines, CSV or the GraphML network. */
import { writeFile } from 'node:fs/promises';
import { type Command, Option } from 'commander';
import { csvHeader, csvRow, factRecord, graphml } from '../../query/export.ts';
import { selectFacts } from '../../query/select.ts';
import { openStore } from '../../store/db.ts';
import { factFilterOptions } from '../options.ts';
import type { Cli } from '../run.ts';
import type { FactsCliOptions } from './facts.ts';

export function register(cmd: Command, cli: Cli): void {
  factFilterOptions(cmd)
    .addOption(new Option('--format <format>', 'jsonl, csv (flat columns, see RESEARCH.md) or graphml (the sister-city network)').choices(['jsonl', 'csv', 'graphml']).default('jsonl'))
    .option('--out <file>', 'write here instead of standard output')
    .action(async (opts: FactsCliOptions & { out?: string }) => {
      const db = openStore(opts.db, { readonly: true, env: cli.env });
      try {
        const rows = selectFacts(db, opts.format === 'graphml' ? { ...opts, type: 'city_pair' } : opts).facts;
        const text =
          opts.format === 'graphml' ? graphml(db, rows) : opts.format === 'csv' ? `${[csvHeader(), ...rows.map(csvRow)].join('\n')}\n` : rows.map((r) => `${JSON.stringify(factRecord(r))}\n`).join('');
        if (opts.out) {
          await writeFile(opts.out, text);
          cli.warn(`${rows.length} fact(s) written to ${opts.out}`);
        } else cli.write(text);
      } finally {
        db.close();
      }
    });
}
