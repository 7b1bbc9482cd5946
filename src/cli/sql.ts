/** `youcheng sql` with a time limit: the query runs in a child process (sql-child.ts), killed at the limit. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface SqlJob {
  path: string;
  query: string;
  format: 'table' | 'jsonl' | 'csv';
  /** At most this many rows; 0 for all. */
  limit: number;
}

/** sql-child beside this file: compiled JavaScript in a build, TypeScript run through tsx in the sources. */
function childScript(): string[] {
  const source = import.meta.url.endsWith('.ts');
  const child = fileURLToPath(new URL(`./sql-child.${source ? 'ts' : 'js'}`, import.meta.url));
  return source ? ['--import', import.meta.resolve('tsx'), child] : [child];
}

/** Runs the query, its rows going straight to standard output; resolves to the exit code. */
export function runSql(job: SqlJob, timeoutMs: number): Promise<number> {
  const child = spawn(process.execPath, [...childScript(), JSON.stringify(job)], { stdio: 'inherit' });
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
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (timedOut) console.error(`error: the query ran over ${timeoutMs} ms and was stopped (--timeout gives it longer, 0 for no limit)`);
      resolve(timedOut ? 1 : (code ?? 1));
    });
  });
}
