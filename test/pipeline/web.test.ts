import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { emptySummary } from '../../src/pipeline/summary.ts';
import { ingestWeb } from '../../src/pipeline/web.ts';
import { openStore, type Store } from '../../src/store/db.ts';
import { startServer, type TestServer } from '../support/http-server.ts';

let server: TestServer;
/** A second host for the misbehaving routes: an abandoned (timed-out) request stays open on the server's side a moment after the client gives up, which must not blur the in-flight count of the first. */
let rough: TestServer;
let db: Store;
let summary: ReturnType<typeof emptySummary>;
const fast = { backoffMs: 20, minIntervalMs: 0, timeoutMs: 4000, retries: 2, maxBytes: 200_000, perHost: 2, concurrency: 4 };

function doc(source: string) {
  return db.prepare('SELECT d.* FROM documents d JOIN document_sources s ON s.document_id = d.id WHERE s.source = ?').get(source) as
    | { id: string; original: string; title: string; published: string | null; charset: string; source: string }
    | undefined;
}

beforeAll(async () => {
  server = await startServer();
  rough = await startServer();
  db = openStore(join(mkdtempSync(join(tmpdir(), 'youcheng-web-')), 'web.db'));
  const u = (p: string) => `${server.url}${p}`;
  summary = await ingestWeb(db, {
    urls: [
      ...['/flaky.html', '/limited.html', '/gone.html', '/hang.html', '/huge.html', '/loop1'].map((p) => `${rough.url}${p}`),
      ...['/moved.html', '/doc.pdf', '/pic.png', '/private/secret.html', ...Array.from({ length: 8 }, (_, i) => `/slow/${i}.html`)].map(u),
    ],
    feeds: [{ url: u('/rss.xml') }, { url: u('/atom.xml') }, { url: u('/broken.xml') }],
    fetch: fast,
  });
}, 90_000);

afterAll(async () => {
  db.close();
  await server.close();
  await rough.close();
});

describe('web ingestion against a real server', () => {
  it('decodes a GBK page whose meta tag says UTF-8, and a Big5 page', () => {
    const gbk = doc(`${server.url}/gbk.html`)!;
    expect(gbk.charset).toBe('gb18030');
    expect(gbk.original).toContain('绵阳市与德国某某堡市在绵阳签署协议，正式缔结友好城市关系。');
    expect(gbk.original).not.toContain('版权所有');
    const big5 = doc(`${server.url}/big5.html`)!;
    expect(big5.charset).toBe('big5');
    expect(big5.original).toContain('台中市與日本某某市簽署合作備忘錄');
    expect(big5.published).toBe('2024-03-15');
  });

  it('takes the article out of heavy navigation, share bars, comments, related lists and link farms', () => {
    const heavy = doc(`${server.url}/heavy.html`)!;
    for (const body of ['5月27日上午，2025山东国际友城合作交流周启动仪式在济南举行。', '1979年10月，青岛市与日本下关市缔结国际友好城市关系', '将举办友城企业对接洽谈会等20多场活动'])
      expect(heavy.original).toContain(body);
    for (const junk of ['首页', '分享到', '网友评论', '相关新闻', '热门排行', '友情链接', '备案号', '统计代码', '搜索']) expect(heavy.original).not.toContain(junk);
    expect(heavy.title).toBe('2025山东国际友城合作交流周在济南开幕');
    // 2025-05-26T18:30:00Z is 27 May in China.
    expect(heavy.published).toBe('2025-05-27');
    const facts = db.prepare("SELECT count(*) AS n FROM facts WHERE document_id = ? AND type = 'city_pair'").get(heavy.id) as { n: number };
    expect(facts.n).toBe(1);
  });

  it('stores an article reached through two mirrors once, with both URLs', () => {
    const a = doc(`${server.url}/mirror-a/2025/04/17/article.html`)!;
    const b = doc(`${server.url}/mirror-b/t20250417_123.html`)!;
    expect(a.id).toBe(b.id);
    expect(a.published).toBe('2025-04-17');
    const sources = db.prepare('SELECT source FROM document_sources WHERE document_id = ?').all(a.id);
    expect(sources).toHaveLength(2);
  });

  it('retries 5xx and 429 (honouring Retry-After), and records every attempt', () => {
    expect(rough.requests.get('/flaky.html')).toBe(3);
    expect(doc(`${rough.url}/flaky.html`)).toBeDefined();
    expect(rough.requests.get('/limited.html')).toBe(2);
    const limited = db.prepare('SELECT status, started_at FROM fetches WHERE url = ? ORDER BY attempt').all(`${rough.url}/limited.html`) as Array<{ status: number; started_at: string }>;
    expect(limited.map((f) => f.status)).toEqual([429, 200]);
    expect(Date.parse(limited[1]!.started_at) - Date.parse(limited[0]!.started_at)).toBeGreaterThanOrEqual(900);
    const flaky = db.prepare('SELECT attempt, status FROM fetches WHERE url = ? ORDER BY attempt').all(`${rough.url}/flaky.html`);
    expect(flaky).toEqual([
      { attempt: 1, status: 503 },
      { attempt: 2, status: 503 },
      { attempt: 3, status: 200 },
    ]);
  });

  it('records failures by reason and gives up on what retrying cannot mend', () => {
    const state = (p: string) =>
      db.prepare('SELECT state, last_error FROM urls WHERE url = ?').get(`${p.startsWith('/private') ? server.url : rough.url}${p}`) as { state: string; last_error: string };
    expect(state('/gone.html')).toMatchObject({ state: 'gave-up', last_error: expect.stringContaining('HTTP 404') });
    expect(rough.requests.get('/gone.html')).toBe(1);
    expect(state('/hang.html')).toMatchObject({ state: 'failed', last_error: expect.stringContaining('no answer within 4000 ms') });
    expect(state('/huge.html')).toMatchObject({ state: 'gave-up', last_error: expect.stringContaining('cap') });
    expect(state('/loop1')).toMatchObject({ state: 'gave-up', last_error: expect.stringContaining('redirects') });
    expect(state('/private/secret.html')).toMatchObject({ state: 'gave-up', last_error: expect.stringContaining('robots.txt') });
    expect(server.requests.get('/private/secret.html')).toBeUndefined();
    expect(summary.failures).toMatchObject({ http: 1, timeout: 1, 'too-large': 1, redirects: 1, robots: 1 });
    expect(doc(`${server.url}/moved.html`)?.id).toBe(doc(`${server.url}/heavy.html`)?.id);
  });

  it('skips an image with a warning; a PDF cut short fails in one line (PDFs are read: test/pipeline/pdf-ingest.test.ts)', () => {
    expect(summary.skipped).toBe(1);
    expect(summary.warnings.join('\n')).toMatch(/pic\.png: skipped: the response is an image/);
    expect(summary.errors).toContain(`${server.url}/doc.pdf: is truncated (no %%EOF at its end); fetch or copy it again`);
  });

  it('reports broken feed items and keeps the good ones', () => {
    expect(summary.warnings.join('\n')).toMatch(/broken\.xml: item 1 \(没有链接的条目\) has no link/);
    expect(summary.warnings.join('\n')).toMatch(/broken\.xml: item 2 links to ftp: URL/);
  });

  it('never has more requests in flight to the host than the per-host limit', () => {
    expect(server.maxInFlight()).toBeLessThanOrEqual(fast.perHost);
    for (let i = 0; i < 8; i++) expect(doc(`${server.url}/slow/${i}.html`)).toBeDefined();
  });

  it('fetches nothing twice on a rerun: done URLs are skipped, feeds asked conditionally', async () => {
    const before = new Map(server.requests);
    const hangBefore = rough.requests.get('/hang.html')!;
    const again = await ingestWeb(db, { urls: [`${server.url}/slow/0.html`, `${server.url}/heavy.html`], feeds: [{ url: `${server.url}/rss.xml` }], fetch: fast });
    expect(again.new).toBe(0);
    expect(server.requests.get('/slow/0.html')).toBe(before.get('/slow/0.html'));
    expect(server.requests.get('/heavy.html')).toBe(before.get('/heavy.html'));
    const rss = db.prepare('SELECT status FROM fetches WHERE url = ? ORDER BY id DESC LIMIT 1').get(`${server.url}/rss.xml`) as { status: number };
    expect(rss.status).toBe(304);
    // The URL that timed out is tried again on the next run.
    expect(rough.requests.get('/hang.html')!).toBeGreaterThan(hangBefore);
  }, 30_000);
});
