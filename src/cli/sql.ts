/** `youcheng sql` with a time limit: the query runs in a child process (sql-child.ts), killed at the limit. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Cli } from './run.ts';

export interface SqlJob {
  path: string;
  query: string;
  format: 'table' | 'jsonl' | 'csv';
  /** At most this many rows; 0 for all. */
  limit: number;
}

// Run from the TypeScript sources, the child needs tsx; compiled (tsc) or bundled, it is plain
// JavaScript beside this file (the bundle's own entry point, dist/bundle/sql-child.js, beside its chunks).
const fromSources = import.meta.url.endsWith('.ts');
const childArgs = fromSources ? ['--import', import.meta.resolve('tsx'), fileURLToPath(new URL('./sql-child.ts', import.meta.url))] : [fileURLToPath(new URL('./sql-child.js', import.meta.url))];

/**
 * Runs the query, its rows going to the run's standard output as they are read (the process's own
 * streams are handed to the child; others, such as a test's, are fed through pipes); resolves to the exit code.
 */
export function runSql(job: SqlJob, timeoutMs: number, cli: Cli): Promise<number> {
  const { stdout, stderr } = cli.io;
  const child = spawn(process.execPath, [...childArgs, JSON.stringify(job)], {
    stdio: ['inherit', stdout === process.stdout ? 'inherit' : 'pipe', stderr === process.stderr ? 'inherit' : 'pipe'],
  });
  child.stdout?.pipe(stdout, { end: false });
  child.stderr?.pipe(stderr, { end: false });
  return new Promise((resolve, reject) => {
    let timedOut = false;
    const timer =
      timeoutMs > 0
        ? setTimeout(() => {
            timedOut = true;
            child.kill('SIGKILL');
          }, timeoutMs)
        : undefined;
    child.once('error', reject);
    // 'close': the child has exited and its piped output has all been read.
    child.once('close', (code) => {
      clearTimeout(timer);
      if (timedOut) cli.warn(`error: the query ran over ${timeoutMs} ms and was stopped (--timeout gives it longer, 0 for no limit)`);
      resolve(timedOut ? 1 : (code ?? 1));
    });
  });
}
