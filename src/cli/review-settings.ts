/**
 * Double review on the command line: the store's review setting (`review --double`, `--single`,
 * `--adjudicator third|either`) and `stats --agreement` (agreement per fact type and each
 * reviewer's throughput, as a table or JSON).
 */
import { type Command, Option } from 'commander';
import { UsageError } from '../errors.ts';
import { type AgreementReport, agreementReport } from '../query/agreement.ts';
import { Adjudicator, type ReviewSettings } from '../records.ts';
import type { Store } from '../store/db.ts';
import { decisionLog } from '../store/double-review.ts';
import { setReviewSettings } from '../store/settings.ts';
import { table } from './output.ts';
import { jsonText } from '../printable.ts';

const fixed = (x: number | null, digits: number) => (x === null ? '—' : x.toFixed(digits));

/** The report as `stats --agreement` prints it: two tables, or JSON with `json`. */
function formatAgreement(r: AgreementReport, json = false): string {
  if (json) return `${jsonText(r, 2)}\n`;
  const rows = [...r.byType, r.all].map((t) => [t.type, String(t.facts), String(t.agreed), fixed(t.percent, 1), fixed(t.kappa, 3)]);
  const people = r.reviewers.map((p) => [p.reviewer, String(p.decisions), fixed(p.activeMinutes, 1), fixed(p.perHour, 1)]);
  return [
    'agreement: the first two votes of each fact under double review (an edit counts as an approval)',
    table([['type', 'facts', 'agreed', 'percent', 'kappa'], ...rows]),
    '',
    `throughput: active time leaves out pauses over ${r.idleMinutes} minutes`,
    people.length ? table([['reviewer', 'decisions', 'active min', 'per hour'], ...people]) : 'no decisions yet',
    '',
  ].join('\n');
}

/** The agreement report of the store, formatted. */
export function agreementOutput(db: Store, json = false): string {
  return formatAgreement(agreementReport(decisionLog(db)), json);
}

export interface ReviewSettingOptions {
  double?: boolean;
  single?: boolean;
  adjudicator?: Adjudicator;
}

export function addReviewSettingOptions(cmd: Command): Command {
  return cmd
    .option('--double', 'set the store to double review: two different reviewers decide each fact, disagreements go to adjudication (kept in the store)')
    .option('--single', 'set the store back to single review')
    .addOption(new Option('--adjudicator <who>', 'who resolves a disagreement: a third reviewer, or either of the two').choices(Adjudicator.options));
}

export function describeSettings(s: ReviewSettings): string {
  return s.double
    ? `double review: two reviewers decide each fact; disagreements resolved by ${s.adjudicator === 'third' ? 'a third reviewer' : 'any reviewer, either voter too'}`
    : 'single review: one decision decides a fact';
}

/** Applies the setting options given (none: nothing changes); returns the line to print, or null. */
export function applyReviewSettings(db: Store, opts: ReviewSettingOptions): string | null {
  if (opts.double && opts.single) throw new UsageError('--double and --single: choose one');
  if (!opts.double && !opts.single && !opts.adjudicator) return null;
  const change: Partial<ReviewSettings> = { ...(opts.double ? { double: true } : opts.single ? { double: false } : {}), ...(opts.adjudicator ? { adjudicator: opts.adjudicator } : {}) };
  return describeSettings(setReviewSettings(db, change));
}
