/**
 * The package as a user gets it: `npm pack`, the tarball installed into a project outside the
 * repository (from the npm cache when it holds the dependencies), then the installed `youcheng` run
 * from yet another folder, and a script and a TypeScript file in that project importing the library.
 * better-sqlite3 and nodejieba would compile from source (no prebuilt binaries offline: minutes), so
 * the install skips their scripts and takes the repository's own builds when the versions are the
 * same; a different version is rebuilt (hence the long timeout).
 */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extract, openStore, type RecordLine, type StoredFact } from '../src/index.ts';
import { root } from './support/cli.ts';
import { SAMPLE_FILES } from './support/samples.ts';

const run = promisify(execFile);
const INSTALL_MS = 20 * 60_000;
const tmp = mkdtempSync(join(tmpdir(), 'youcheng-pack-'));
const app = join(tmp, 'app');
const articles = join(tmp, 'articles');
const elsewhere = join(tmp, 'elsewhere');
const db = join(tmp, 'x.db');
let tarball: { filename: string; size: number; files: Array<{ path: string }> };

/** The native dependencies and the binary each loads. */
const NATIVE = { 'better-sqlite3': 'build/Release/better_sqlite3.node', nodejieba: 'build/Release/nodejieba.node' };

/** Where `name` is installed for the package in `from`, and its version. */
function installed(from: string, name: string): { dir: string; version: string } {
  const manifest = createRequire(join(from, 'package.json')).resolve(`${name}/package.json`);
  return { dir: dirname(manifest), version: JSON.parse(readFileSync(manifest, 'utf8')).version };
}

/** The repository's build of each native dependency, copied where the same version is installed; others rebuilt. */
async function provideNativeBinaries(project: string): Promise<void> {
  const pkg = join(project, 'node_modules/youcheng');
  for (const [name, binary] of Object.entries(NATIVE)) {
    const ours = installed(root, name);
    const theirs = installed(pkg, name);
    if (theirs.version === ours.version && existsSync(join(ours.dir, binary))) {
      mkdirSync(dirname(join(theirs.dir, binary)), { recursive: true });
      copyFileSync(join(ours.dir, binary), join(theirs.dir, binary));
    } else await run('npm', ['rebuild', name], { cwd: project, maxBuffer: 1 << 24 });
  }
}

const expectQuotes = (original: string, evidence: RecordLine['facts'][number]['evidence']) => {
  for (const e of evidence) expect(original.slice(e.start, e.end)).toBe(e.quote);
};

beforeAll(async () => {
  for (const d of [app, articles, elsewhere]) mkdirSync(d);
  for (const f of SAMPLE_FILES.slice(0, 2)) copyFileSync(f, join(articles, basename(f)));
  const packed = await run('npm', ['pack', '--json', '--pack-destination', tmp], { cwd: root, maxBuffer: 1 << 24 });
  tarball = JSON.parse(packed.stdout)[0];
  const allowScripts = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).allowScripts;
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module', dependencies: { youcheng: `file:${join(tmp, tarball.filename)}` }, allowScripts }));
  await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: app, maxBuffer: 1 << 24 });
  await provideNativeBinaries(app);
}, INSTALL_MS);

// The installed project holds a few hundred MB of dependencies.
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('the packed package', () => {
  it('holds the compiled library, the bundled command line and their assets, not the tests or samples', () => {
    const paths = tarball.files.map((f) => f.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'bin/youcheng.js',
        'dist/index.js',
        'dist/index.d.ts',
        'dist/bundle/main.js',
        'dist/bundle/sql-child.js',
        'prompts/extract-v1.md',
        'src/extract/text/domain.dict.utf8',
        'src/review/public/app.js',
      ]),
    );
    expect(paths.filter((p) => /^(test|samples|bench)\/|\.ts$/.test(p) && !p.endsWith('.d.ts'))).toEqual([]);
    // The command line runs from the bundle; tsc's copy of it is left out.
    expect(paths.filter((p) => p.startsWith('dist/cli/'))).toEqual([]);
  });

  it('installs a `youcheng` that ingests a folder from any other folder', async () => {
    const { stdout } = await run(join(app, 'node_modules/.bin/youcheng'), ['ingest', articles, '--db', db], { cwd: elsewhere });
    expect(stdout).toContain('documents: 2 new');
    const store = openStore(db, { readonly: true });
    try {
      const { facts } = store.facts({ all: true });
      expect(new Set(facts.map((f) => f.source))).toEqual(new Set(SAMPLE_FILES.slice(0, 2).map((f) => join(articles, basename(f)))));
      for (const f of facts) expectQuotes(readFileSync(f.source, 'utf8'), f.fact.evidence);
    } finally {
      store.close();
    }
  });

  it('is imported by a script outside the repository: extract and openStore give the records', async () => {
    const script = join(app, 'use.js');
    writeFileSync(
      script,
      `import { readFileSync } from 'node:fs';
import { extract, openStore, RecordLine } from 'youcheng';
const [file, db] = process.argv.slice(2);
const line = RecordLine.parse(await extract(readFileSync(file, 'utf8'), { source: file, published: '2025-04-17' }));
const store = openStore(db, { readonly: true });
console.log(JSON.stringify({ line, stored: store.facts({ all: true }).facts }));
store.close();
`,
    );
    const file = join(articles, basename(SAMPLE_FILES[1]!));
    const { stdout } = await run(process.execPath, [script, file, db], { cwd: app, maxBuffer: 1 << 26 });
    const { line, stored } = JSON.parse(stdout) as { line: RecordLine; stored: StoredFact[] };
    expect(line).toEqual(await extract(readFileSync(file, 'utf8'), { source: file, published: '2025-04-17' }));
    expect(line.facts.length).toBeGreaterThan(0);
    expectQuotes(
      readFileSync(file, 'utf8'),
      line.facts.flatMap((f) => f.evidence),
    );
    expect(stored.length).toBeGreaterThan(0);
    for (const f of stored) expectQuotes(readFileSync(f.source, 'utf8'), f.fact.evidence);
  });

  it('gives TypeScript users the record types', async () => {
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'nodenext', target: 'es2022', strict: true, noEmit: true, types: [] }, files: ['typed.ts'] }));
    writeFileSync(
      join(app, 'typed.ts'),
      `import { extract, openStore, YouchengError, type Fact, type RecordLine } from 'youcheng';
const line: RecordLine = await extract('成都市与法国蒙彼利埃市结为友好城市。', { source: 'a.txt', published: '2024-05-01' });
const first: Fact | undefined = line.facts[0];
const quote: string | undefined = first?.evidence[0]?.quote;
const store = openStore('x.db', { readonly: true });
const pairs: number = store.facts({ type: 'city_pair', relation: 'sister' }).total;
// @ts-expect-error: not a fact type
store.facts({ type: 'city' });
// @ts-expect-error: the summary counts documents as numbers
const wrong: string = (await store.ingest(['a.txt'], { onProgress: (done: number, source: string) => void [done, source] })).new;
export { quote, pairs, wrong, YouchengError };
`,
    );
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    const result = await run(process.execPath, [tsc, '-p', app]).catch((e: { stdout: string }) => e);
    expect(result.stdout).toBe('');
  });
});
