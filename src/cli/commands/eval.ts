/** `youcheng eval`: scores extraction against gold facts; with a model, rules alone and rules + LLM side by side. */
import type { Command } from 'commander';
import { type EvalReport, evalSets, evaluate } from '../../eval/run.ts';
import { formatReport } from '../eval-report.ts';
import { type LlmCliOptions, llmFrom, withLlmOptions } from '../options.ts';
import type { Cli } from '../run.ts';
import { jsonText } from '../../printable.ts';

export function register(cmd: Command, cli: Cli): void {
  withLlmOptions(
    cmd
      .option('--gold <file>', 'gold facts of one set (default: samples/gold.json, eval/dev/gold.json and eval/dev2/gold.json)')
      .option('--dir <dir>', "directory holding that set's documents (default: the gold file's directory)")
      .option('--json', 'print the report as JSON (both sets: an object keyed by set name)')
      .option('--verbose', 'list every miss, extra and wrong attribute'),
  ).action(async (opts: { gold?: string; dir?: string; json?: boolean; verbose?: boolean } & LlmCliOptions) => {
    const sets = evalSets(opts.gold, opts.dir);
    // With a model (--llm-model or $YOUCHENG_LLM_MODEL) each set is scored twice: rules alone, and rules + LLM.
    const llm = await llmFrom(opts, cli);
    const reports: Array<{ name: string; gold: string; report: EvalReport }> = [];
    for (const set of sets) reports.push({ name: set.name, gold: set.gold, report: await evaluate(set.gold, set.dir, llm) });
    const lists = { misses: undefined, extras: undefined, wrong: undefined };
    const brief = (r: EvalReport) => (opts.verbose ? r : { ...r, ...lists, llm: r.llm && { ...r.llm, ...lists } });
    const [only] = reports;
    if (opts.json) cli.write(`${jsonText(only && reports.length === 1 ? brief(only.report) : Object.fromEntries(reports.map((s) => [s.name, brief(s.report)])), 2)}\n`);
    else cli.printLines(reports.map((s) => `== ${s.name === s.gold ? s.gold : `${s.name} (${s.gold})`} ==\n${formatReport(s.report, opts.verbose ?? false)}`).join('\n\n'));
    const invalid = (r: EvalReport) => r.invalidEvidence > 0 || (r.llm?.invalidEvidence ?? 0) > 0;
    if (reports.some(({ report: r }) => invalid(r) || r.failures.length > 0)) cli.exitCode = 1;
  });
}
