/** `youcheng review`: serves the review page until the process is stopped. */
import type { Command } from 'commander';
import { isLoopback, startReviewServer } from '../../review/review-server.ts';
import { openStore } from '../../store/db.ts';
import { readReviewers } from '../../store/reviewers.ts';
import { dbOption, positiveInt } from '../options.ts';
import { addReviewSettingOptions, applyReviewSettings, type ReviewSettingOptions } from '../review-settings.ts';
import type { Cli } from '../run.ts';

export function register(cmd: Command, cli: Cli): void {
  addReviewSettingOptions(cmd)
    .addOption(dbOption())
    .option('--host <address>', 'address to bind; anything but loopback requires the printed token', '127.0.0.1')
    .option('--port <n>', 'port (0 picks a free one)', positiveInt, 7878)
    .option('--reviewer <name>', 'recorded with decisions a request makes without naming a reviewer, as from a script (default: $USER; the page always asks for a name)')
    .option('--reviewers <file>', 'the team, one name a line: each gets a personal link whose token says who votes (every request needs one)')
    .action(async (opts: { db?: string; host: string; port: number; reviewer?: string; reviewers?: string } & ReviewSettingOptions) => {
      const reviewers = opts.reviewers === undefined ? undefined : readReviewers(opts.reviewers);
      const db = openStore(opts.db, { env: cli.env });
      let setting: string | null;
      try {
        setting = applyReviewSettings(db, opts);
      } catch (err) {
        db.close();
        throw err;
      }
      if (setting) cli.print(setting);
      const server = await startReviewServer({ db, host: opts.host, port: opts.port, reviewer: opts.reviewer ?? cli.env.USER ?? null, reviewers });
      if (server.links.length) for (const l of server.links) cli.print(`review page for ${l.name}: ${l.url}`);
      else cli.print(`review page: ${server.url}`);
      if (!isLoopback(opts.host)) cli.print('(bound beyond this machine: the link carries the token every request needs)');
      const stop = () =>
        server.close().then(() => {
          db.close();
          process.exit(0);
        });
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
