/** `youcheng relationships`: the registry, one line per pair of places, with its stages, dates and sources. */
import { type Command, Option } from 'commander';
import { relationshipCsv, relationshipRecord, type RelationshipSelection, selectRelationships, supportOf } from '../../query/relationships.ts';
import { RelationshipRelation, RelationshipReview } from '../../records.ts';
import { openStore } from '../../store/db.ts';
import type { Relationship } from '../../store/relationships.ts';
import { dateBound, dbOption, positiveInt } from '../options.ts';
import { table } from '../output.ts';
import type { Cli } from '../run.ts';
import { jsonText } from '../../printable.ts';

interface RelationshipsCliOptions extends RelationshipSelection {
  db?: string;
  format: 'table' | 'jsonl' | 'csv' | 'json';
}

/** `1981` or, where sources disagree, `1981 ≠ 1982` (with the reviewer's answer after it). */
function sinceCell(r: Relationship): string {
  if (!r.conflict) return r.since ?? '';
  const values = r.sinces.map((s) => s.since).join(' ≠ ');
  return r.resolution ? `${r.since ?? '?'} (resolved; sources: ${values})` : `${values} (conflict)`;
}

function relationshipTable(rels: Relationship[]): string {
  return table([
    ['place', 'partner', 'country', 'relation', 'since', 'stages', 'review', 'docs', 'sources', 'reported'],
    ...rels.map((r) => [
      r.a.name,
      r.b.name,
      r.b.country ?? '',
      r.relation,
      sinceCell(r),
      r.stages.map((s) => (s.since ? `${s.stage} ${s.since}` : s.stage)).join(' → '),
      r.review,
      String(r.documents),
      String(r.sources),
      r.firstReported ? `${r.firstReported}–${r.lastReported}` : '',
    ]),
  ]);
}

export function register(cmd: Command, cli: Cli): void {
  cmd
    .addOption(dbOption())
    .option('--place <name>', 'relationships of this place, by any name or alias (成都, 成都市, 蓉城)')
    .option('--country <name>', 'relationships with a place in this country (法国, 法國, FR)')
    .addOption(new Option('--relation <relation>', 'the most formal stage stated').choices(RelationshipRelation.options))
    .option('--since <date>', 'established on or after', dateBound)
    .option('--until <date>', 'established on or before; 1989 means to the end of 1989', dateBound)
    .option('--conflicts', 'only relationships whose sources disagree on when they were established')
    .option('--min-sources <n>', 'only relationships reported by at least this many sources (sites or files)', positiveInt)
    .addOption(new Option('--review <state>', 'only this review state').choices(RelationshipReview.options))
    .option('--all', 'every review state, pending and rejected too')
    .addOption(new Option('--format <format>', 'output format (jsonl and json hold every supporting fact with its citations)').choices(['table', 'jsonl', 'csv', 'json']).default('table'))
    .action((opts: RelationshipsCliOptions) => {
      const db = openStore(opts.db, { readonly: true, env: cli.env });
      try {
        const rels = selectRelationships(db, opts);
        if (opts.format === 'csv') cli.write(relationshipCsv(rels));
        else if (opts.format === 'table') {
          if (rels.length) cli.printLines(relationshipTable(rels));
          cli.warn(`${rels.length} relationship(s)${opts.all || opts.review ? '' : ' (supported by an approved fact; --all for every review state)'}`);
        } else {
          const support = supportOf(db, rels);
          const records = rels.map((r) => relationshipRecord(r, support.get(r.id)));
          cli.write(opts.format === 'json' ? `${jsonText(records, 2)}\n` : records.map((r) => `${jsonText(r)}\n`).join(''));
        }
      } finally {
        db.close();
      }
    });
}
