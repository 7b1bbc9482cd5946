/**
 * The command line as a bundle (`npm run build` runs this after tsc): src/cli/main.ts, the
 * `sql` command's child process, the review server's read-only child and the PDF reader's worker, with their dependencies, in dist/bundle/. Node loads a few files
 * instead of hundreds (zod alone is 95), the largest share of the start-up. Code splitting keeps
 * each command's code, and the LLM client, in a chunk of its own, loaded when it runs. The native
 * modules, and pdfjs-dist (which loads its own worker and font data from its folder), stay in
 * node_modules. The library (dist/index.js) is tsc's output, not this.
 */
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

const root = new URL('../', import.meta.url);
const outdir = new URL('dist/bundle/', root);

// The chunks are named by their content: clear the old ones out.
rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root.pathname,
  entryPoints: { main: 'src/cli/main.ts', 'sql-child': 'src/cli/sql-child.ts', 'route-child': 'src/review/route-child.ts', 'pdf-worker': 'src/sources/pdf-worker.ts' },
  outdir: outdir.pathname,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['better-sqlite3', 'nodejieba', 'pdfjs-dist'],
  // Bundled CommonJS packages call require(); an ES module has none of its own.
  banner: { js: "import { createRequire as __youchengRequire } from 'node:module'; const require = __youchengRequire(import.meta.url);" },
  logLevel: 'warning',
});
