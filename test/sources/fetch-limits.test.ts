/**
 * The fetcher against servers that ask too much: a redirect to another scheme, a Retry-After of
 * days, and a feed whose items sit on many hosts in blocks. Real servers on 127.0.0.1 (one per
 * host: a host is its address and port).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ingestWeb } from '../../src/pipeline/web.ts';
import { FetchError, Fetcher } from '../../src/sources/fetcher.ts';
import { openStore } from '../../src/store/db.ts';
import { markDone, registerUrl, retryableUrls } from '../../src/store/urls.ts';
import { youcheng } from '../support/cli.ts';

interface Host {
  url: string;
  /** Requests per path, and the most answered at once. */
  requests: Map<string, number>;
  maxInFlight: number;
  close: () => Promise<void>;
}

/** A server whose `answer` writes each response (after `delayMs`), counting requests. */
async function host(answer: (req: IncomingMessage, res: ServerResponse, path: string) => void, delayMs = 0): Promise<Host> {
  const h: Host = { url: '', requests: new Map(), maxInFlight: 0, close: async () => {} };
  let inFlight = 0;
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    h.requests.set(path, (h.requests.get(path) ?? 0) + 1);
    h.maxInFlight = Math.max(h.maxInFlight, ++inFlight);
    setTimeout(() => {
      inFlight--;
      answer(req, res, path);
    }, delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  h.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  h.close = () => new Promise((resolve) => server.close(() => resolve()));
  return h;
}

const hosts: Host[] = [];
afterAll(() => Promise.all(hosts.map((h) => h.close())));
const fast = { backoffMs: 10, minIntervalMs: 0, retries: 3, ignoreRobots: true };

describe('redirects and Retry-After', async () => {
  const server = await host((_req, res, path) => {
    const redirect = { '/to-file': 'file:///etc/passwd', '/to-ftp': 'ftp://127.0.0.1/x', '/to-data': 'data:text/html,<p>x</p>' }[path];
    if (redirect) res.writeHead(302, { location: redirect }).end();
    else if (path === '/days') res.writeHead(429, { 'retry-after': '100000' }).end();
    else if (path === '/soon' && server.requests.get(path) === 1) res.writeHead(503, { 'retry-after': '0' }).end();
    else res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  });
  hosts.push(server);

  it('refuses a redirect to another scheme at once, naming the URL given and the target', async () => {
    const fetcher = new Fetcher(fast);
    for (const [path, target] of [
      ['/to-file', 'file:///etc/passwd'],
      ['/to-ftp', 'ftp://127.0.0.1/x'],
      ['/to-data', 'data:text/html,<p>x</p>'],
    ] as const) {
      const err = await fetcher.fetch(`${server.url}${path}`).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(FetchError);
      expect(err).toMatchObject({ reason: 'redirects', status: 302, message: `${server.url}${path}: redirected to ${target}, which is not an http(s) URL` });
      expect(server.requests.get(path)).toBe(1);
    }
  });

  it('gives up on a URL whose server asks for a longer pause than --max-retry-after, and waits for a short one', async () => {
    const fetcher = new Fetcher({ ...fast, maxRetryAfterMs: 60_000 });
    const err = await fetcher.fetch(`${server.url}/days`).catch((e: unknown) => e);
    expect(err).toMatchObject({
      reason: 'http',
      status: 429,
      message: `${server.url}/days: HTTP 429: the server asks to wait 100000 s (Retry-After), over the 60 s --max-retry-after; tried again on a later run`,
    });
    expect(server.requests.get('/days')).toBe(1);
    expect((await fetcher.fetch(`${server.url}/soon`)).status).toBe(200);
    expect(server.requests.get('/soon')).toBe(2);
  });

  it('says so in one line on the command line, and the URL stays due for the next run', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'youcheng-retry-after-')), 'web.db');
    const r = await youcheng(['ingest', `${server.url}/days`, '--db', db, '--max-retry-after', '5', '--ignore-robots', '--min-interval', '0']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`error: ${server.url}/days: HTTP 429: the server asks to wait 100000 s (Retry-After), over the 5 s --max-retry-after; tried again on a later run\n`);
    const store = openStore(db);
    expect(retryableUrls(store).map((u) => [u.url, u.state])).toEqual([[`${server.url}/days`, 'failed']]);
    store.close();
  });
});

describe('a feed over many hosts', () => {
  it('takes the hosts in turn, one request at a time to each, robots.txt read once per host', async () => {
    const ARTICLES = 4;
    const sites = await Promise.all(
      [0, 1, 2].map(() =>
        host((_req, res, path) => {
          if (path === '/robots.txt') res.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\nDisallow: /private/\n');
          else res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body><p>not an article</p></body></html>');
        }, 20),
      ),
    );
    hosts.push(...sites);
    // Items in blocks, one site after another, as an aggregator lists them.
    const items = sites.flatMap((s) => Array.from({ length: ARTICLES }, (_, i) => `${s.url}/a${i}.html`));
    const feed = await host((_req, res) =>
      res
        .writeHead(200, { 'content-type': 'application/rss+xml' })
        .end(`<?xml version="1.0"?><rss><channel>${items.map((u) => `<item><title>t</title><link>${u}</link></item>`).join('')}</channel></rss>`),
    );
    hosts.push(feed);
    const db = openStore(join(mkdtempSync(join(tmpdir(), 'youcheng-hosts-')), 'web.db'));
    const order = retryableOrder(db, items);
    // Each site's first article, then each one's second …
    const turns = [0, 1, 2, 3].map((i) => order.slice(i * sites.length, (i + 1) * sites.length).sort());
    expect(turns).toEqual([0, 1, 2, 3].map((i) => sites.map((s) => `${s.url}/a${i}.html`).sort()));

    const summary = await ingestWeb(db, { urls: [], feeds: [{ url: `${feed.url}/feed.xml` }], fetch: { minIntervalMs: 50, perHost: 1, concurrency: 4, retries: 0 } });
    // Each page is read and refused (it holds no article): in the order the run took them.
    expect(summary.errors).toEqual(order.map((u) => `${u}: the page holds no article text in Chinese`));
    for (const s of sites) {
      expect(s.maxInFlight).toBe(1);
      expect(s.requests.get('/robots.txt')).toBe(1);
    }
    db.close();
  });

  it('goes on in the same order after an interruption: a host keeps its turn', () => {
    const db = openStore(join(mkdtempSync(join(tmpdir(), 'youcheng-turns-')), 'web.db'));
    const items = ['a', 'b'].flatMap((h) => [1, 2, 3].map((i) => `http://${h}.example/${i}`));
    const whole = retryableOrder(db, items);
    for (const url of whole.slice(0, 3)) markDone(db, url, null, 'new', 200);
    expect(retryableUrls(db).map((u) => u.url)).toEqual(whole.slice(3));
    db.close();
  });
});

/** Registers the URLs as a feed lists them and returns the order a run takes them in. */
function retryableOrder(db: ReturnType<typeof openStore>, urls: string[]): string[] {
  for (const url of urls) registerUrl(db, url, 'article');
  return retryableUrls(db).map((u) => u.url);
}
