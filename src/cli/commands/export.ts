/** `youcheng export`: approved facts or relationships for other tools, as JSON lines, CSV or the GraphML network. */
import { writeFile } from 'node:fs/promises';
import { type Command, Option } from 'commander';
import { csvHeader, csvRow, factRecord } from '../../query/export.ts';
import { exportRelationships } from '../../query/relationships.ts';
import { selectFacts } from '../../query/select.ts';
import { UsageError } from '../../errors.ts';
import { openStore, storeFileAt } from '../../store/db.ts';
import { storePath } from '../../store/path.ts';
import { factFilterOptions } from '../options.ts';
import type { Cli } from '../run.ts';
import type { FactsCliOptions } from './facts.ts';
import { jsonText } from '../../printable.ts';

export function register(cmd: Command, cli: Cli): void {
  factFilterOptions(cmd)
    .addOption(new Option('--format <format>', 'jsonl, csv (flat columns, see RESEARCH.md) or graphml (the network of relationships)').choices(['jsonl', 'csv', 'graphml']).default('jsonl'))
    .addOption(new Option('--what <what>', 'facts, or relationships (one per pair of places, see RESEARCH.md); graphml is always relationships').choices(['facts', 'relationships']).default('facts'))
    .option('--out <file>', 'write here instead of standard output')
    .action(async (opts: FactsCliOptions & { out?: string; what: string }) => {
      const store = opts.out ? storeFileAt(opts.out, storePath(opts.db, cli.env)) : null;
      if (store) throw new UsageError(`--out ${opts.out}: that is the store's file ${store}; nothing was written (choose another file)`);
      const db = openStore(opts.db, { readonly: true, env: cli.env });
      try {
        let text: string;
        let written: string;
        if (opts.format === 'graphml' || opts.what === 'relationships') {
          const r = exportRelationships(db, opts.format as 'jsonl' | 'csv' | 'graphml', opts);
          text = r.text;
          written = `${r.count} relationship(s)`;
        } else {
          const rows = selectFacts(db, opts).facts;
          text = opts.format === 'csv' ? `${[csvHeader(), ...rows.map(csvRow)].join('\n')}\n` : rows.map((r) => `${jsonText(factRecord(r))}\n`).join('');
          written = `${rows.length} fact(s)`;
        }
        if (opts.out) {
          await writeFile(opts.out, text);
          cli.warn(`${written} written to ${opts.out}`);
        } else cli.write(text);
      } finally {
        db.close();
      }
    });
}
