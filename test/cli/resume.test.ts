import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../support/http-server.ts';

const root = new URL('../..', import.meta.url).pathname;
const bin = join(root, 'bin/youcheng.js');
let server: TestServer;
const dir = mkdtempSync(join(tmpdir(), 'youcheng-resume-'));

beforeAll(async () => {
  server = await startServer({ slowMs: 250 });
  writeFileSync(join(dir, 'urls.txt'), Array.from({ length: 12 }, (_, i) => `${server.url}/slow/${i}.html`).join('\n'));
});
afterAll(() => server.close());

const args = (db: string) => [bin, 'ingest', '--urls-file', join(dir, 'urls.txt'), '--db', db, '--concurrency', '2', '--per-host', '2', '--min-interval', '0'];

function snapshot(path: string) {
  const db = new Database(path, { readonly: true });
  const q = (sql: string) => db.prepare(sql).all();
  const snap = {
    documents: q('SELECT id, source, title, published, original, normalized, warnings FROM documents ORDER BY id'),
    sources: q('SELECT document_id, source FROM document_sources ORDER BY document_id, source'),
    facts: q('SELECT id, document_id, type, key, fields, method, confidence, status FROM facts ORDER BY id'),
    evidence: q('SELECT fact_id, start, end, quote FROM evidence ORDER BY fact_id, start'),
    urls: q('SELECT url, state, document_id FROM urls ORDER BY url'),
  };
  db.close();
  return snap;
}

function count(path: string): number {
  try {
    const db = new Database(path, { readonly: true });
    const n = (db.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n;
    db.close();
    return n;
  } catch {
    return 0;
  }
}

describe('an interrupted ingest', () => {
  it('killed halfway and run again ends with the same database as an uninterrupted run', async () => {
    const killed = join(dir, 'killed.db');
    const child = spawn('node', args(killed), { stdio: 'ignore' });
    const exited = new Promise((r) => child.on('exit', r));
    const deadline = Date.now() + 30_000;
    while (count(killed) < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGKILL');
    await exited;
    const partial = count(killed);
    expect(partial).toBeGreaterThanOrEqual(3);
    expect(partial).toBeLessThan(12);

    await promisify(execFile)('node', args(killed));
    const whole = join(dir, 'whole.db');
    await promisify(execFile)('node', args(whole));
    const a = snapshot(killed);
    const b = snapshot(whole);
    expect(a.documents).toHaveLength(12);
    expect(a).toEqual(b);
  }, 120_000);
});
