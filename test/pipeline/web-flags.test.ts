/** Web failures a flag mends are retried when the flag changes; a server that answers but too slowly is called too slow. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestWeb } from '../../src/pipeline/web.ts';
import { openStore, type Store } from '../../src/store/db.ts';
import { startServer, type TestServer } from '../support/http-server.ts';

let server: TestServer;
let db: Store;
const fast = { backoffMs: 20, minIntervalMs: 0, timeoutMs: 1500, retries: 0 };

beforeAll(async () => {
  server = await startServer();
  db = openStore(join(mkdtempSync(join(tmpdir(), 'youcheng-flags-')), 'web.db'));
});

afterAll(async () => {
  db.close();
  await server.close();
});

describe('flags that change a failure', () => {
  it('tries a URL refused by robots.txt again when run with --ignore-robots, and names --refresh otherwise', async () => {
    const url = `${server.url}/private/secret.html`;
    const first = await ingestWeb(db, { urls: [url], feeds: [], fetch: fast });
    expect(first.errors).toEqual([expect.stringMatching(/robots\.txt .* disallows \/private\/secret\.html \(use --ignore-robots to override\) — given up/)]);
    const again = await ingestWeb(db, { urls: [url], feeds: [], fetch: fast });
    expect(again.warnings).toEqual([expect.stringMatching(/given up after 1 failures .*; not tried again unless --refresh$/)]);
    expect(server.requests.get('/private/secret.html')).toBeUndefined();
    const ignoring = await ingestWeb(db, { urls: [url], feeds: [], fetch: { ...fast, ignoreRobots: true } });
    expect(ignoring).toMatchObject({ new: 1, failed: 0, warnings: [] });
    expect(server.requests.get('/private/secret.html')).toBe(1);
  });

  it('reports a server that answers but does not finish in time as too slow, one that never answers as silent', async () => {
    const summary = await ingestWeb(db, { urls: [`${server.url}/trickle.html`, `${server.url}/hang.html`], feeds: [], fetch: fast, maxFailures: 1 });
    expect(summary.failures).toEqual({ timeout: 2 });
    expect(summary.errors.sort()).toEqual([
      `${server.url}/hang.html: no answer within 1500 ms — given up`,
      `${server.url}/trickle.html: too slow: the server answered but the response was not complete within 1500 ms — given up`,
    ]);
    // A longer --timeout is a reason to try both again.
    const longer = await ingestWeb(db, { urls: [`${server.url}/trickle.html`], feeds: [], fetch: { ...fast, timeoutMs: 1600 }, maxFailures: 1 });
    expect(longer.errors).toEqual([expect.stringContaining('not complete within 1600 ms')]);
    expect(server.requests.get('/trickle.html')).toBe(2);
  }, 30_000);
});
