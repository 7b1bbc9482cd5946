/**
 * A feed whose items sit on many hosts, listed in blocks (each site's items together, as an
 * aggregator lists them): the web run's time next to one host's share fetched alone, measured in
 * the same run, at two sizes. Hosts are servers on 127.0.0.1 (a host is its port); pages hold no
 * article, so the run measures fetching (politeness: the default --min-interval between two
 * requests to one host, BENCH_INTERVAL_MS to change) and not extraction. Polite and concurrent across hosts, the ratio
 * stays near 1 however many hosts; one host at a time, it grows with their number.
 */
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestWeb } from '../src/pipeline/web.ts';
import { DEFAULT_FETCHER } from '../src/sources/fetch-settings.ts';
import { openStore } from '../src/store/db.ts';

const INTERVAL = Number(process.env.BENCH_INTERVAL_MS ?? DEFAULT_FETCHER.minIntervalMs);
const PER_HOST = 5;
const servers: Server[] = [];

async function serve(answer: (path: string) => { type: string; body: string }): Promise<string> {
  const server = createServer((req, res) => {
    const { type, body } = answer(new URL(req.url ?? '/', 'http://x').pathname);
    res.writeHead(200, { 'content-type': type }).end(body);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const page = () => ({ type: 'text/html', body: '<html><body><p>no article here</p></body></html>' });

/** Seconds for a feed of PER_HOST items on each of `hosts` hosts, in blocks. */
async function run(hosts: number): Promise<number> {
  const sites = await Promise.all(Array.from({ length: hosts }, () => serve(page)));
  const items = sites.flatMap((s) => Array.from({ length: PER_HOST }, (_, i) => `${s}/a${i}.html`));
  const feed = await serve(() => ({ type: 'application/rss+xml', body: `<rss><channel>${items.map((u) => `<item><link>${u}</link></item>`).join('')}</channel></rss>` }));
  const db = openStore(join(mkdtempSync(join(tmpdir(), 'youcheng-hosts-bench-')), 'web.db'));
  const t = performance.now();
  const summary = await ingestWeb(db, { urls: [], feeds: [{ url: `${feed}/feed.xml` }], fetch: { minIntervalMs: INTERVAL, ignoreRobots: true } });
  const secs = (performance.now() - t) / 1000;
  db.close();
  if (summary.failed !== items.length) throw new Error(`expected every page refused as no article, got ${JSON.stringify(summary.failures)}`);
  return secs;
}

const one = await run(1);
console.log(`1 host × ${PER_HOST} items: ${one.toFixed(1)} s (the reference)`);
for (const hosts of [10, 40]) {
  const secs = await run(hosts);
  console.log(`${hosts} hosts × ${PER_HOST} items, in blocks: ${secs.toFixed(1)} s, ${(secs / one).toFixed(1)}× one host's time (${((hosts * PER_HOST) / secs).toFixed(1)} items/s)`);
}
for (const s of servers) s.close();
