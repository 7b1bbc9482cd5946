/**
 * An ingest that must stop: on a full disk with one line and the summary so far (what is stored
 * stays, and a rerun goes on), and on Ctrl-C with the summary so far.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StoreFullError } from '../../src/errors.ts';
import { ingestPaths } from '../../src/pipeline/files.ts';
import { openStore, type Store } from '../../src/store/db.ts';
import { root } from '../support/cli.ts';
import { type Fill, release } from '../support/templates.ts';

const CITIES = ['苏州', '无锡', '常州', '扬州', '南通', '徐州', '镇江', '泰州', '盐城', '淮安'];
const PARTNERS: Array<Omit<Fill, 'city' | 'date'>> = [
  { partner: '汉堡', country: '德国' },
  { partner: '里昂', country: '法国' },
  { partner: '大阪', country: '日本' },
  { partner: '墨尔本', country: '澳大利亚' },
];

/** `n` releases from one template, each another pair or date: `n` documents. */
function releases(n: number): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'youcheng-stops-')), 'in');
  mkdirSync(dir);
  for (let i = 0; i < n; i++) {
    const fill = { city: CITIES[i % CITIES.length]!, ...PARTNERS[Math.floor(i / CITIES.length) % PARTNERS.length]!, date: `${2000 + Math.floor(i / 40)}年${1 + (i % 12)}月${1 + (i % 28)}日` };
    writeFileSync(join(dir, `${String(i).padStart(3, '0')}.txt`), release(fill));
  }
  return dir;
}

const documents = (db: Store) => (db.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n;

describe('a full disk', () => {
  it('stops the run at the first write that does not fit; what is stored stays, and a rerun stores the rest', async () => {
    const dir = releases(30);
    const path = join(mkdtempSync(join(tmpdir(), 'youcheng-full-')), 's.db');
    const db = openStore(path);
    // SQLite answers SQLITE_FULL past this size, as on a full disk.
    db.pragma(`max_page_count = ${(db.pragma('page_count', { simple: true }) as number) + 8}`);
    let errors = 0;
    await expect(ingestPaths(db, [dir], { onError: () => errors++ })).rejects.toThrow(StoreFullError);
    expect(errors).toBe(0);
    const stored = documents(db);
    expect(stored).toBeGreaterThan(0);
    expect(stored).toBeLessThan(30);
    db.close();
    const again = openStore(path);
    expect(again.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(await ingestPaths(again, [dir])).toMatchObject({ new: 30 - stored, unchanged: stored, failed: 0 });
    again.close();
  });

  // A real full disk: a small tmpfs, where the machine lets this process mount one.
  it('prints the summary so far and one line, not an error per file, when the store’s disk fills up', (ctx) => {
    const mountPoint = mkdtempSync(join(tmpdir(), 'youcheng-tmpfs-'));
    if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mountPoint]).status !== 0) ctx.skip('no tmpfs can be mounted here');
    try {
      const dir = releases(200);
      const path = join(mountPoint, 's.db');
      const r = spawnSync('node', ['bin/youcheng.js', 'ingest', dir, '--db', path], { cwd: root, encoding: 'utf8' });
      expect(r.status).toBe(1);
      expect(r.stderr).toBe(`error: ${path}: the disk is full (or the store at its size limit): this step was not written, what is stored stays; free space and run the command again\n`);
      expect(r.stdout).toMatch(/^documents: \d+ new, 0 re-extracted, 0 unchanged, 0 duplicates, 0 skipped, 0 failed\nfacts stored: .*\ndatabase: .*\n$/);
      const db = openStore(path, { readonly: true });
      const stored = Number(/documents: (\d+) new/.exec(r.stdout)![1]);
      expect(stored).toBeGreaterThan(0);
      expect(stored).toBeLessThan(200);
      expect(documents(db)).toBe(stored);
      db.close();
    } finally {
      spawnSync('umount', [mountPoint]);
    }
  });
});

describe('Ctrl-C during an ingest', () => {
  it('prints the summary so far and exits 130; the same command then stores the rest', async () => {
    const dir = releases(150);
    const path = join(mkdtempSync(join(tmpdir(), 'youcheng-sigint-')), 's.db');
    const child = spawn('node', ['bin/youcheng.js', 'ingest', dir, '--db', path], { cwd: root });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    // Interrupted once the first documents are stored.
    for (;;) {
      await new Promise((r) => setTimeout(r, 100));
      try {
        const db = openStore(path, { readonly: true });
        const n = documents(db);
        db.close();
        if (n >= 3) break;
      } catch {
        // not created or not migrated yet
      }
    }
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toBe('interrupted (Ctrl-C): the summary so far; what is stored stays, and the same command goes on from there\n');
    const stored = Number(/^documents: (\d+) new, 0 re-extracted, 0 unchanged, 0 duplicates, 0 skipped, 0 failed\n/.exec(stdout)?.[1]);
    expect(stored).toBeGreaterThanOrEqual(3);
    expect(stored).toBeLessThan(150);
    expect(stdout).toContain(`database: ${path}\n`);
    const db = openStore(path);
    expect(documents(db)).toBe(stored);
    expect(await ingestPaths(db, [dir])).toMatchObject({ new: 150 - stored, unchanged: stored, failed: 0 });
    db.close();
  }, 300_000);
});
