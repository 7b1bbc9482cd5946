/** `youcheng stats`: documents, facts by type and status, pairs by country and decade, top places. */
import { type Command, Option } from 'commander';
import { statusesOf } from '../../query/select.ts';
import { openStore } from '../../store/db.ts';
import { STATUSES, type Status } from '../../records.ts';
import { stats } from '../../store/research.ts';
import { dbOption } from '../options.ts';
import { table } from '../output.ts';
import { agreementOutput } from '../review-settings.ts';
import type { Cli } from '../run.ts';
import { jsonText } from '../../printable.ts';

export function register(cmd: Command, cli: Cli): void {
  cmd
    .addOption(dbOption())
    .addOption(new Option('--status <status>', 'count pairs of this review status (default: approved and edited)').choices(STATUSES))
    .option('--all', 'count pairs of every status')
    .option('--agreement', "double review: percent agreement and Cohen's kappa per fact type, and decisions per hour per reviewer")
    .option('--json', 'print as JSON')
    .action((opts: { db?: string; json?: boolean; status?: Status; all?: boolean; agreement?: boolean }) => {
      const db = openStore(opts.db, { readonly: true, env: cli.env });
      try {
        if (opts.agreement) return cli.write(agreementOutput(db, opts.json));
        const statuses = statusesOf(opts);
        const s = stats(db, statuses);
        if (opts.json) return cli.write(`${jsonText(s, 2)}\n`);
        cli.print(`documents: ${s.documents}`);
        cli.print(`pairs and partners counted: ${statuses.join(', ')}${opts.all || opts.status ? '' : ' (--all for every status)'}`);
        cli.print();
        cli.printLines(table([['type', 'status', 'facts'], ...s.factsByType.map((r) => [r.type, r.status, String(r.n)])]));
        cli.print();
        if (!s.pairsByCountry.length) return cli.print(`no pairs of status ${statuses.join(' or ')}`);
        cli.printLines(table([['country', 'pairs'], ...s.pairsByCountry.map((r) => [r.country, String(r.n)])]));
        cli.print();
        cli.printLines(table([['since', 'pairs'], ...s.pairsByDecade.map((r) => [r.decade, String(r.n)])]));
        cli.print();
        cli.printLines(table([['place', 'country', 'partners'], ...s.topPlaces.map((r) => [r.name, r.country ?? '', String(r.partners)])]));
      } finally {
        db.close();
      }
    });
}
