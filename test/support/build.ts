/**
 * Vitest's global setup: compiles src/ to dist/ before any test runs, so the tests that start the
 * real `youcheng` process (bin/youcheng.js runs dist/) test the current sources. Incremental: a
 * build with nothing changed takes a few seconds.
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

export default function setup(): void {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const root = new URL('../..', import.meta.url).pathname;
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
}
