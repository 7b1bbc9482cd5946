/** `youcheng eval`: scores extraction against gold facts. */
import type { Command } from 'commander';
import { type EvalReport, evalSets, evaluate } from '../../eval/run.ts';
import { formatReport } from '../eval-report.ts';
import type { Cli } from '../run.ts';
import { jsonText } from '../../printable.ts';

export function register(cmd: Command, cli: Cli): void {
  cmd
    .option('--gold <file>', 'gold facts of one set (default: samples/gold.json, eval/dev/gold.json and eval/dev2/gold.json)')
    .option('--dir <dir>', "directory holding that set's documents (default: the gold file's directory)")
    .option('--json', 'print the report as JSON (both sets: an object keyed by set name)')
    .option('--verbose', 'list every miss, extra and wrong attribute')
    .action(async (opts: { gold?: string; dir?: string; json?: boolean; verbose?: boolean }) => {
      const sets = evalSets(opts.gold, opts.dir);
      const reports: Array<{ name: string; gold: string; report: EvalReport }> = [];
      for (const set of sets) reports.push({ name: set.name, gold: set.gold, report: await evaluate(set.gold, set.dir) });
      const brief = (r: EvalReport) => (opts.verbose ? r : { ...r, misses: undefined, extras: undefined, wrong: undefined });
      const [only] = reports;
      if (opts.json) cli.write(`${jsonText(only && reports.length === 1 ? brief(only.report) : Object.fromEntries(reports.map((s) => [s.name, brief(s.report)])), 2)}\n`);
      else cli.printLines(reports.map((s) => `== ${s.name === s.gold ? s.gold : `${s.name} (${s.gold})`} ==\n${formatReport(s.report, opts.verbose ?? false)}`).join('\n\n'));
      if (reports.some(({ report: r }) => r.invalidEvidence > 0 || r.failures.length > 0)) cli.exitCode = 1;
    });
}
