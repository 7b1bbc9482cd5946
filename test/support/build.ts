/**
 * Vitest's global setup: `npm run build`'s two steps before any test runs (src/ compiled to dist/,
 * then the command line bundled into dist/bundle/), so the tests that start the real `youcheng`
 * process (bin/youcheng.js runs the bundle) test the current sources. tsc is incremental: a build
 * with nothing changed takes a few seconds.
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

export default function setup(): void {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const root = new URL('../..', import.meta.url).pathname;
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  execFileSync(process.execPath, ['scripts/bundle.mjs'], { cwd: root, stdio: 'inherit' });
}
