/**
 * A store that is still the store: a writer whose path names another file now (deleted, or
 * replaced by a new store) refuses every write, and nothing the tool writes (an --out file, its
 * standard output) may be the store or its -wal/-shm.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StoreReplacedError } from '../../src/errors.ts';
import { ingestPaths } from '../../src/pipeline/files.ts';
import { startReviewServer } from '../../src/review/review-server.ts';
import { openStore } from '../../src/store/db.ts';
import { launchChromium } from '../support/browser.ts';
import { root, youcheng } from '../support/cli.ts';
import { articleStore } from '../support/review-store.ts';
import { release } from '../support/templates.ts';

const removeStore = (path: string) => {
  for (const f of [path, `${path}-wal`, `${path}-shm`]) rmSync(f, { force: true });
};

describe('the review server on a store deleted or replaced while it runs', () => {
  for (const how of ['deleted', 'replaced'] as const) {
    it(`answers 503 to every decision once the store is ${how}, and records none`, async () => {
      const { db, path } = articleStore();
      const server = await startReviewServer({ db, port: 0, reviewer: 'ana' });
      try {
        const decide = async (id: string, version: number) => {
          const res = await fetch(new URL(`/api/facts/${id}/decision`, server.url), {
            method: 'POST',
            headers: { 'x-youcheng-token': server.token, 'content-type': 'application/json' },
            body: JSON.stringify({ action: 'approve', version }),
          });
          return { status: res.status, body: (await res.json()) as { ok: boolean; error?: string } };
        };
        const facts = db.prepare('SELECT id, version FROM facts ORDER BY id').all() as Array<{ id: string; version: number }>;
        expect(facts.length).toBeGreaterThan(2);
        expect((await decide(facts[0]!.id, facts[0]!.version)).status).toBe(200);

        removeStore(path);
        if (how === 'replaced') openStore(path).close(); // a new store made at the path
        for (const f of facts.slice(1)) {
          const answer = await decide(f.id, f.version);
          expect(answer.status).toBe(503);
          expect(answer.body.error).toBe(
            `${path}: the store was ${how === 'deleted' ? 'deleted' : 'replaced by another file'} after this process opened it; nothing more is written to it (run the command again to use the store now at that path)`,
          );
        }
        if (how === 'replaced') {
          const now = openStore(path);
          expect(now.prepare('SELECT count(*) AS n FROM review_history').get()).toEqual({ n: 0 });
          now.close();
        }
        // The one decision made before stays in the file this process opened.
        expect(db.prepare('SELECT count(*) AS n FROM review_history').get()).toEqual({ n: 1 });
      } finally {
        await server.close();
        db.close();
      }
    });
  }
});

describe('the review page on a store deleted while it runs', () => {
  it('tells the reviewer the decision was refused, and why', async () => {
    const { db, path } = articleStore();
    const server = await startReviewServer({ db, port: 0, reviewer: 'ana' });
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      // The reviewer named themselves on an earlier visit: the page asks no name before the vote.
      await page.addInitScript(() => localStorage.setItem('youcheng-reviewer', 'ana'));
      await page.goto(server.url);
      await page.waitForFunction(() => /[0-9a-f]{16}$/.test(document.querySelector('#meta')?.textContent ?? ''));
      removeStore(path);
      await page.keyboard.press('a');
      await page.waitForFunction(() => document.querySelector('#message')?.className === 'error');
      expect(await page.locator('#message').textContent()).toBe(
        `Refused: ${path}: the store was deleted after this process opened it; nothing more is written to it (run the command again to use the store now at that path)`,
      );
      expect(db.prepare('SELECT count(*) AS n FROM review_history').get()).toEqual({ n: 0 });
    } finally {
      await browser.close();
      await server.close();
      db.close();
    }
  }, 60_000);
});

describe('an ingest whose store is deleted under it', () => {
  it('stops at the next write with one error, keeping what it stored', async () => {
    const base = mkdtempSync(join(tmpdir(), 'youcheng-gone-'));
    const dir = join(base, 'in');
    mkdirSync(dir);
    const cities = ['苏州', '无锡', '常州', '扬州'];
    for (const [i, city] of cities.entries()) {
      mkdirSync(join(dir, String(i)));
      writeFileSync(join(dir, String(i), 'a.txt'), release({ city, partner: '汉堡', country: '德国', date: `2023年5月${i + 1}日` }));
    }
    const path = join(base, 's.db');
    const db = openStore(path);
    await ingestPaths(db, [join(dir, '0')]);
    removeStore(path);
    let errors = 0;
    await expect(
      ingestPaths(
        db,
        cities.slice(1).map((_, i) => join(dir, String(i + 1))),
        { onError: () => errors++ },
      ),
    ).rejects.toThrow(StoreReplacedError);
    expect(errors).toBe(0);
    expect(db.prepare('SELECT count(*) AS n FROM documents').get()).toEqual({ n: 1 });
    db.close();
  });
});

describe('output that would be the store', () => {
  it('refuses `export --out` naming the store, its -wal or -shm, or a link to it, in one line; the store is unchanged', async () => {
    const { db, path } = articleStore();
    db.close();
    const before = readFileSync(path);
    const link = join(tmpdir(), `youcheng-link-${process.pid}.db`);
    rmSync(link, { force: true });
    symlinkSync(path, link);
    for (const out of [path, `${path}-wal`, `${path}-shm`, link]) {
      const r = await youcheng(['export', '--all', '--format', 'csv', '--db', path, '--out', out]);
      expect(r.code).toBe(2);
      const file = out === link ? path : out;
      expect(r.stderr).toBe(`error: --out ${out}: that is the store's file ${file}; nothing was written (choose another file)\n`);
      expect(readFileSync(path)).toEqual(before);
    }
    rmSync(link);
    const elsewhere = join(tmpdir(), `youcheng-export-${process.pid}.csv`);
    expect((await youcheng(['export', '--all', '--format', 'csv', '--db', path, '--out', elsewhere])).code).toBe(0);
    rmSync(elsewhere);
  });

  it('refuses a command whose standard output is the store (`sql … >> store`), writing nothing to it', () => {
    const { db, path } = articleStore();
    db.close();
    const before = readFileSync(path);
    for (const args of [
      ['sql', 'SELECT id FROM documents'],
      ['facts', '--all'],
    ]) {
      const out = openSync(path, 'a');
      try {
        const r = spawnSync('node', ['bin/youcheng.js', ...args, '--db', path], { cwd: root, stdio: ['ignore', out, 'pipe'], encoding: 'utf8' });
        expect(r.status).toBe(1);
        expect(r.stderr).toBe(`error: ${path}: standard output is the store's file ${path}; nothing is written to it (send the output elsewhere)\n`);
      } finally {
        closeSync(out);
      }
      expect(readFileSync(path)).toEqual(before);
    }
  });
});
