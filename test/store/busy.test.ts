/**
 * A store whose write lock another process holds for longer than a write waits: the write fails
 * as a StoreBusyError saying so (nothing half-written), and the review server answers 503 with
 * Retry-After, not 500. Another connection holding BEGIN IMMEDIATE stands in for that process.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreBusyError } from '../../src/errors.ts';
import { startReviewServer, type ReviewServer } from '../../src/review/review-server.ts';
import { openStore, type Store } from '../../src/store/db.ts';
import { queryFacts } from '../../src/store/facts.ts';
import { decide } from '../../src/store/review.ts';
import { filledStore } from '../review/fixtures.ts';

let path: string;
let db: Store;
let other: Database.Database;
let server: ReviewServer;

beforeAll(async () => {
  const filled = await filledStore();
  filled.db.close();
  path = filled.path;
  db = openStore(path, { busyTimeoutMs: 50 });
  server = await startReviewServer({ db, port: 0, reviewer: 'ana' });
  other = new Database(path);
});
afterAll(async () => {
  if (other.inTransaction) other.exec('ROLLBACK');
  other.close();
  await server.close();
  db.close();
});

function holdingTheLock<T>(fn: () => T): T {
  other.exec('BEGIN IMMEDIATE');
  try {
    return fn();
  } finally {
    other.exec('ROLLBACK');
  }
}

describe('a busy store', () => {
  it('fails a write with one message saying the store is busy and what to do, and writes nothing', () => {
    const f = queryFacts(db, { statuses: ['pending'] })[0]!;
    const err = holdingTheLock(() => {
      try {
        decide(db, { factId: f.id, action: 'approve', reviewer: 'ana', version: f.version });
      } catch (e) {
        return e;
      }
    });
    expect(err).toBeInstanceOf(StoreBusyError);
    expect((err as Error).message).toMatch(/^.*review\.db: the store is busy: another process .* held its write lock through 3 waits of 50 ms; .*try it again/);
    expect(queryFacts(db, { ids: [f.id] })[0]).toMatchObject({ status: 'pending', version: f.version });
    // Once the lock is free, the same decision goes through.
    expect(decide(db, { factId: f.id, action: 'approve', reviewer: 'ana', version: f.version }).ok).toBe(true);
  });

  it('makes the review server answer 503 with Retry-After, never 500', async () => {
    const f = queryFacts(db, { statuses: ['pending'] })[0]!;
    // The lock is held from before the request until its answer.
    other.exec('BEGIN IMMEDIATE');
    const res = await fetch(new URL(`/api/facts/${f.id}/decision`, server.url), {
      method: 'POST',
      headers: { 'x-youcheng-token': server.token, 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'reject', version: f.version }),
    }).finally(() => other.exec('ROLLBACK'));
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('2');
    expect((await res.json()).error).toMatch(/the store is busy/);
    expect(queryFacts(db, { ids: [f.id] })[0]?.status).toBe('pending');
  });
});
