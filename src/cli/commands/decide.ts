/** `youcheng approve` and `youcheng reject`: the review page's decisions from scripts, recorded in the history. */
import type { Command } from 'commander';
import { openStore, type Store } from '../../store/db.ts';
import type { StoredFact } from '../../store/facts.ts';
import { decide, factById, historyOf } from '../../store/review.ts';
import { dbOption, positiveInt } from '../options.ts';
import type { Cli } from '../run.ts';

interface DecideCliOptions {
  db?: string;
  reviewer?: string;
  note?: string;
  force?: boolean;
  expectVersion?: number;
}

/**
 * A script does not silently override a reviewer: a fact someone else decided needs --force or
 * --expect-version (the version the caller has seen). Returns why it is refused, or null.
 */
function overrideRefused(db: Store, fact: StoredFact, reviewer: string | null, opts: DecideCliOptions): string | null {
  if (fact.status === 'pending' || opts.force || opts.expectVersion !== undefined) return null;
  const last = historyOf(db, fact.id).at(-1);
  if (!last || last.reviewer === reviewer) return null;
  return `${fact.id}: already ${fact.status} by ${last.reviewer ?? 'an unnamed reviewer'} at ${last.at} (version ${fact.version}); to override it, add --force or --expect-version ${fact.version}`;
}

/** Registers `approve` or `reject`, whichever `cmd` is named. */
export function register(cmd: Command, cli: Cli): void {
  const action = cmd.name() as 'approve' | 'reject';
  cmd
    .argument('<fact-id...>', 'fact ids (see youcheng facts)')
    .addOption(dbOption())
    .option('--reviewer <name>', 'recorded with the decision (default: $USER)')
    .option('--note <text>', 'a note kept with the decision')
    .option('--force', 'override a decision another reviewer made')
    .option('--expect-version <n>', "override only if the fact's version is still this (the refusal names it)", positiveInt)
    .action((ids: string[], opts: DecideCliOptions) => {
      const db = openStore(opts.db, { env: cli.env });
      const reviewer = opts.reviewer ?? cli.env.USER ?? null;
      try {
        let failed = 0;
        for (const id of ids) {
          const current = factById(db, id);
          const refused = current ? overrideRefused(db, current, reviewer, opts) : `${id}: no such fact`;
          if (refused) {
            cli.warn(`error: ${refused}`);
            failed++;
            continue;
          }
          const r = decide(db, { factId: id, action, reviewer, note: opts.note, version: opts.expectVersion ?? current!.version });
          if (r.ok) {
            cli.print(`${id}: ${r.fact.status}`);
            continue;
          }
          failed++;
          if (!r.conflict) cli.warn(`error: ${id}: ${r.error}`);
          else if (opts.expectVersion === undefined) cli.warn(`error: ${id}: changed meanwhile; try again`);
          else cli.warn(`error: ${id}: its version is ${r.fact.version}, not ${opts.expectVersion}; look at it again before overriding`);
        }
        if (failed) cli.exitCode = 1;
      } finally {
        db.close();
      }
    });
}
