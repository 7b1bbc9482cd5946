/** `youcheng search`: full-text search over documents, with snippets and their facts. */
import { type Command, Option } from 'commander';
import { toSimplified } from '../../extract/text/script.ts';
import { openStore } from '../../store/db.ts';
import { searchDocuments } from '../../store/research.ts';
import { dbOption, positiveInt } from '../options.ts';
import { printJsonLines } from '../output.ts';
import type { Cli } from '../run.ts';

export function register(cmd: Command, cli: Cli): void {
  cmd
    .argument('<text>', 'what to look for')
    .addOption(dbOption())
    .option('--limit <n>', 'at most this many documents', positiveInt, 20)
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'jsonl']).default('table'))
    .action((text: string, opts: { db?: string; limit: number; format: string }) => {
      const db = openStore(opts.db, { readonly: true, env: cli.env });
      try {
        const hits = searchDocuments(db, toSimplified(text).replace(/\s+/g, ''), opts.limit);
        if (opts.format === 'jsonl') printJsonLines(cli, hits);
        else {
          for (const h of hits) {
            cli.print(`${h.id}  ${h.title ?? '(no title)'}  ${h.source}${h.published ? `  ${h.published}` : ''}`);
            cli.print(`    ${h.snippet}`);
            cli.print(`    ${h.facts} fact(s): youcheng facts --all --doc ${h.id}`);
          }
          cli.warn(`${hits.length} document(s)`);
        }
      } finally {
        db.close();
      }
    });
}
