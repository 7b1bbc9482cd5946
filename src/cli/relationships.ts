/** `youcheng relationships`: the registry, one line per pair of places, with its stages, dates and sources. */
import { type Command, InvalidArgumentError, Option } from 'commander';
import { DateString, RelationshipRelation, RelationshipReview } from '../records.ts';
import { relationshipCsv, relationshipRecord, selectRelationships, supportOf, type RelationshipSelection } from '../query/relationships.ts';
import { openStore } from '../store/db.ts';
import type { Relationship } from '../store/relationships.ts';
import { table } from './format.ts';

interface RelationshipsCliOptions extends RelationshipSelection {
  db?: string;
  format: 'table' | 'jsonl' | 'csv' | 'json';
}

function date(value: string): string {
  if (!DateString.safeParse(value).success) throw new InvalidArgumentError(`"${value}" is not a date as YYYY, YYYY-MM or YYYY-MM-DD`);
  return value;
}

function count(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`"${value}" is not a whole number`);
  return n;
}

/** `1981` or, where sources disagree, `1981 ≠ 1982` (with the reviewer's answer after it). */
function sinceCell(r: Relationship): string {
  if (!r.conflict) return r.since ?? '';
  const values = r.sinces.map((s) => s.since).join(' ≠ ');
  return r.resolution ? `${r.since ?? '?'} (resolved; sources: ${values})` : `${values} (conflict)`;
}

function printTable(rels: Relationship[]): void {
  if (rels.length)
    console.log(
      table([
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
      ]),
    );
}

/** Registers the command on `program`; `dbPath` gives the store from --db, $YOUCHENG_DB or the default. */
export function relationshipsCommand(program: Command, dbPath: (opt?: string) => string): Command {
  return program
    .command('relationships')
    .description('the sister-city registry: one relationship per pair of places, across all its articles (those an approved fact supports, unless --all or --review)')
    .option('--db <path>', 'SQLite database (default: $YOUCHENG_DB or ./youcheng.db)')
    .option('--place <name>', 'relationships of this place, by any name or alias (成都, 成都市, 蓉城)')
    .option('--country <name>', 'relationships with a place in this country (法国, 法國, FR)')
    .addOption(new Option('--relation <relation>', 'the most formal stage stated').choices(RelationshipRelation.options))
    .option('--since <date>', 'established on or after', date)
    .option('--until <date>', 'established on or before; 1989 means to the end of 1989', date)
    .option('--conflicts', 'only relationships whose sources disagree on when they were established')
    .option('--min-sources <n>', 'only relationships reported by at least this many sources (sites or files)', count)
    .addOption(new Option('--review <state>', 'only this review state').choices(RelationshipReview.options))
    .option('--all', 'every review state, pending and rejected too')
    .addOption(new Option('--format <format>', 'output format (jsonl and json hold every supporting fact with its citations)').choices(['table', 'jsonl', 'csv', 'json']).default('table'))
    .action((opts: RelationshipsCliOptions) => {
      const db = openStore(dbPath(opts.db), { readonly: true });
      try {
        const rels = selectRelationships(db, opts);
        if (opts.format === 'csv') process.stdout.write(relationshipCsv(rels));
        else if (opts.format === 'table') {
          printTable(rels);
          console.error(`${rels.length} relationship(s)${opts.all || opts.review ? '' : ' (supported by an approved fact; --all for every review state)'}`);
        } else {
          const support = supportOf(db, rels);
          const records = rels.map((r) => relationshipRecord(r, support.get(r.id)));
          process.stdout.write(opts.format === 'json' ? `${JSON.stringify(records, null, 2)}\n` : records.map((r) => `${JSON.stringify(r)}\n`).join(''));
        }
      } finally {
        db.close();
      }
    });
}
