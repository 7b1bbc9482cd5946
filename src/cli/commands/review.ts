/** `youcheng review`: serves the review page until the process is stopped. */
import type { Command } from 'commander';
import { isLoopback, startReviewServer } from '../../review/review-server.ts';
import { openStore } from '../../store/db.ts';
import { dbOption, positiveInt } from '../options.ts';
import { addReviewSettingOptions, applyReviewSettings, type ReviewSettingOptions } from '../review-settings.ts';
import type { Cli } from '../run.ts';

export function register(cmd: Command, cli: Cli): void {
  addReviewSettingOptions(cmd)
    .addOption(dbOption())
    .option('--host <address>', 'address to bind; anything but loopback requires the printed token', '127.0.0.1')
    .option('--port <n>', 'port (0 picks a free one)', positiveInt, 7878)
    .option('--reviewer <name>', 'recorded with every decision (default: $USER)')
    .action(async (opts: { db?: string; host: string; port: number; reviewer?: string } & ReviewSettingOptions) => {
      const db = openStore(opts.db, { env: cli.env });
      let setting: string | null;
      try {
        setting = applyReviewSettings(db, opts);
      } catch (err) {
        db.close();
        throw err;
      }
      if (setting) cli.print(setting);
      const server = await startReviewServer({ db, host: opts.host, port: opts.port, reviewer: opts.reviewer ?? cli.env.USER ?? null });
      cli.print(`review page: ${server.url}`);
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
