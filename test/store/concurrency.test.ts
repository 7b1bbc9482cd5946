/**
 * The ordinary way a team works, all on one store file at once: two `ingest` processes, a script
 * deciding facts with `approve`/`reject`, and a reviewer deciding in the review page.
 */
import Database from 'better-sqlite3';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { minhash, NEAR_DUPLICATE, similarity } from '../../src/extract/text/shingles.ts';
import { normalize } from '../../src/extract/text/normalize.ts';
import { startReviewServer } from '../../src/review/review-server.ts';
import { openStore } from '../../src/store/db.ts';
import { youchengProcess, type CliResult } from '../support/cli.ts';
import { ALL_TEXTS } from '../support/samples.ts';

const SOURCES = ALL_TEXTS;

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/** Article `i`: one sample's sentences, a fifth dropped, with a few of another sample's mixed in. */
function article(i: number): string {
  const r = random(i + 1);
  const sentences = (t: string) => t.split(/(?<=[。！？\n])/).filter((s) => s.trim());
  // Indices modulo SOURCES.length; every sample has a first sentence.
  const [head, ...body] = sentences(SOURCES[i % SOURCES.length]!);
  const kept = body.filter(() => r() < 0.8);
  for (const s of sentences(SOURCES[(i * 7 + 3) % SOURCES.length]!).filter(() => r() < 0.3)) kept.splice(Math.floor(r() * (kept.length + 1)), 0, s);
  return `${head!.trim()}（第${i + 1}稿）\n${kept.join('')}`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Each article from a sample of its own, so that none is a mirror of another. */
const PER_INGEST = Math.floor(SOURCES.length / 2);

describe('concurrent writers on one store', () => {
  it('two ingests, CLI decisions and page decisions at once: nothing lost, no 500, no lock errors', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'youcheng-concurrent-'));
    const files: string[] = [];
    for (const [k, sub] of ['a', 'b'].entries()) {
      mkdirSync(join(dir, sub));
      for (let i = k * PER_INGEST; i < (k + 1) * PER_INGEST; i++) {
        const file = join(dir, sub, `${String(i).padStart(3, '0')}.txt`);
        writeFileSync(file, article(i));
        files.push(file);
      }
    }
    // Every article is its own document: none is a near-duplicate of another.
    const signatures = files.map((f) => minhash(normalize(readFileSync(f, 'utf8')).text));
    for (const [i, a] of signatures.entries()) for (const b of signatures.slice(0, i)) expect(similarity(a, b)).toBeLessThan(NEAR_DUPLICATE);

    const path = join(dir, 'shared.db');
    let ingesting = true;
    // Both create and migrate the new store at the same moment, too.
    const ingests = Promise.all([youchengProcess(['ingest', join(dir, 'a'), '--db', path]), youchengProcess(['ingest', join(dir, 'b'), '--db', path])]).finally(() => {
      ingesting = false;
    });

    const db = openStore(path);
    const server = await startReviewServer({ db, port: 0, reviewer: 'page' });
    const call = async (method: string, url: string, body?: unknown) => {
      const res = await fetch(new URL(url, server.url), {
        method,
        headers: { 'x-youcheng-token': server.token, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      return { status: res.status, data: await res.json() };
    };
    const pending = async () => (await call('GET', '/api/queue')).data.facts as Array<{ id: string; version: number }>;

    // The reviewer: decisions one after another, as the page posts them.
    const page: Array<{ id: string; action: string; status: number; error?: string }> = [];
    const reviewer = (async () => {
      for (let n = 0; ingesting || page.length < 10; n++) {
        const queue = await pending();
        for (const f of queue.slice(n % 7, (n % 7) + 3)) {
          const action = page.length % 3 === 2 ? 'reject' : 'approve';
          const r = await call('POST', `/api/facts/${f.id}/decision`, { action, version: f.version });
          page.push({ id: f.id, action, status: r.status, error: r.data.error });
        }
        await sleep(queue.length ? 20 : 100);
      }
    })();

    // The script: approve/reject processes on facts it finds pending, some the page decides too.
    const script: Array<{ ids: string[]; action: string; run: CliResult }> = [];
    const scripted = (async () => {
      while (ingesting || script.length < 2) {
        const ids = (await pending()).slice(-4).map((f) => f.id);
        if (!ids.length) {
          await sleep(200);
          continue;
        }
        const action = script.length % 2 ? 'reject' : 'approve';
        script.push({ ids, action, run: await youchengProcess([action, ...ids, '--db', path, '--reviewer', 'script']) });
      }
    })();

    const [a, b] = await ingests;
    await Promise.all([reviewer, scripted]);
    await server.close();
    db.close();

    for (const run of [a, b]) {
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`documents: ${PER_INGEST} new, 0 re-extracted, 0 unchanged, 0 duplicates, 0 skipped, 0 failed`);
    }
    const store = new Database(path, { readonly: true });
    const sources = (store.prepare('SELECT source FROM document_sources').all() as Array<{ source: string }>).map((r) => r.source).sort();
    expect(sources).toEqual([...files].sort());
    expect((store.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n).toBe(2 * PER_INGEST);

    // Every page decision is recorded, or answered with a conflict; never a 500 or a busy store.
    expect(page.filter((d) => d.status !== 200 && d.status !== 409)).toEqual([]);
    const recorded = store.prepare('SELECT fact_id AS id, action FROM review_history h WHERE reviewer = ? ORDER BY h.rowid');
    expect(recorded.all('page')).toEqual(page.filter((d) => d.status === 200).map(({ id, action }) => ({ id, action })));

    // Every scripted decision is recorded, or refused as decided meanwhile by the page.
    const decided: Array<{ id: string; action: string }> = [];
    for (const { ids, action, run } of script) {
      for (const line of run.stderr.trim().split('\n').filter(Boolean)) expect(line).toMatch(/^error: [0-9a-f]{16}: (already (approved|rejected) by page at|changed meanwhile)/);
      expect(run.code).toBe(run.stderr ? 1 : 0);
      for (const line of run.stdout.trim().split('\n').filter(Boolean)) {
        const [id = '', status] = line.split(': '); // split gives one part at least
        expect(ids).toContain(id);
        expect(status).toBe(action === 'approve' ? 'approved' : 'rejected');
        decided.push({ id, action });
      }
    }
    expect(recorded.all('script')).toEqual(decided);
    expect(page.filter((d) => d.status === 200).length).toBeGreaterThan(0);
    expect(decided.length).toBeGreaterThan(0);
    store.close();
  });
});
