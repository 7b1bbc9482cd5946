/**
 * Acceptance for PDF sources: `youcheng ingest` of PDF files and of a feed whose items link PDFs
 * (a real HTTP server on 127.0.0.1) stores the articles with their page numbers; bad PDFs get one
 * line each, the run exits 1 and the rest of the batch is stored.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReviewServer } from '../../src/review/review-server.ts';
import { openStore } from '../../src/store/db.ts';
import { launchChromium } from '../support/browser.ts';
import { youcheng } from '../support/cli.ts';
import { encryptPdf, IMAGE_ONLY_HTML, newspaperHtml, type PageArticle, paragraphs, printPdf, truncatePdf, zeroPagePdf } from '../support/pdf.ts';

const dir = mkdtempSync(join(tmpdir(), 'youcheng-pdf-ingest-'));
const batch = join(dir, 'batch');
const pdf = (name: string) => join(batch, `${name}.pdf`);

const PAGE: PageArticle[] = [
  { headline: '四川与法国地方政府友城交流密切', columns: 2, paragraphs: paragraphs(2, 40) },
  { headline: '云南边境友城合作不断深化', columns: 3, paragraphs: paragraphs(3, 50) },
];
const NOTICE: PageArticle[] = [{ headline: '关于友好城市交流项目的通知', columns: 2, paragraphs: paragraphs(4, 75) }];
const NOTICE_2: PageArticle[] = [{ headline: '友城合作交流周活动安排', columns: 3, paragraphs: paragraphs(4, 30) }];

let server: Server;
let base = '';

beforeAll(async () => {
  mkdirSync(batch);
  const browser = await launchChromium();
  try {
    await printPdf(browser, newspaperHtml(PAGE, 3), pdf('page'));
    await printPdf(browser, newspaperHtml(NOTICE, 1), join(dir, 'notice.pdf'));
    await printPdf(browser, newspaperHtml(NOTICE_2, 2), join(dir, 'notice-2.pdf'));
    await printPdf(browser, IMAGE_ONLY_HTML, pdf('scan'));
  } finally {
    await browser.close();
  }
  encryptPdf(join(dir, 'notice.pdf'), pdf('encrypted'));
  truncatePdf(join(dir, 'notice.pdf'), pdf('truncated'));
  writeFileSync(pdf('zero'), zeroPagePdf());
  copyFileSync(new URL('../../eval/dev/d02.txt', import.meta.url).pathname, join(batch, 'article.txt'));

  // The feed's items: a PDF served as one, and one served as plain bytes (told by its %PDF header).
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', base).pathname;
    const send = (type: string, body: string | Buffer) => res.writeHead(200, { 'content-type': type }).end(body);
    if (path === '/rss.xml')
      return send(
        'application/rss+xml',
        `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>外事通知</title>
          <item><title>通知一</title><link>${base}/files/notice.pdf</link><pubDate>Wed, 22 May 2024 08:00:00 +0800</pubDate></item>
          <item><title>通知二</title><link>${base}/download?id=2</link></item>
        </channel></rss>`,
      );
    if (path === '/files/notice.pdf') return send('application/pdf', readFileSync(join(dir, 'notice.pdf')));
    if (path === '/download') return send('application/octet-stream', readFileSync(join(dir, 'notice-2.pdf')));
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 120_000);

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
});

function documents(db: string): Array<{ source: string; title: string; page: number | null; region: string | null; published: string | null }> {
  const store = new Database(db, { readonly: true });
  try {
    return store.prepare('SELECT source, title, page, region, published FROM documents ORDER BY source, page, title').all() as never;
  } finally {
    store.close();
  }
}

describe('ingest of PDF files', () => {
  it('stores the articles of a page with their page number; each bad PDF gets one line, the run exits 1 and the rest is stored', async () => {
    const db = join(dir, 'files.db');
    const r = await youcheng(['ingest', batch, '--db', db]);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n').filter((l) => l.startsWith('error:'))).toEqual([
      `error: ${pdf('encrypted')}: is encrypted (needs a password); decrypt it first, e.g. qpdf --decrypt --password=… in.pdf out.pdf`,
      `error: ${pdf('scan')}: no text layer; OCR is not supported`,
      `error: ${pdf('truncated')}: is truncated (no %%EOF at its end); fetch or copy it again`,
      `error: ${pdf('zero')}: has no pages`,
    ]);
    const docs = documents(db);
    expect(docs.map((d) => [d.source, d.title, d.page])).toEqual([
      [join(batch, 'article.txt'), expect.any(String), null],
      [pdf('page'), PAGE[1]!.headline, 1],
      [pdf('page'), PAGE[0]!.headline, 1],
    ]);
    for (const d of docs.filter((d) => d.page)) expect(JSON.parse(d.region!)).toMatchObject({ x: expect.any(Number), y: expect.any(Number), width: expect.any(Number), height: expect.any(Number) });

    // Citations name the page: a JSON field and a CSV column.
    const facts = await youcheng(['facts', '--all', '--format', 'jsonl', '--limit', '0', '--db', db]);
    const records = facts.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const fromPdf = records.filter((f) => f.citations[0].source === pdf('page'));
    expect(fromPdf.length).toBeGreaterThan(5);
    for (const f of fromPdf) for (const c of f.citations) expect(c.page).toBe(1);
    for (const f of records.filter((f) => f.citations[0].source !== pdf('page'))) expect(f.citations[0]).not.toHaveProperty('page');
    const table = await youcheng(['facts', '--all', '--doc', fromPdf[0].document_id, '--db', db]);
    expect(table.stdout).toContain(`${fromPdf[0].citations[0].title} · page 1`);
    await youcheng(['approve', ...fromPdf.map((f) => f.id), '--db', db]);
    const csv = (await youcheng(['export', '--format', 'csv', '--db', db])).stdout.trim().split('\n');
    expect(csv[0]).toContain(',source,page,document_title,');
    expect(csv).toHaveLength(fromPdf.length + 1);
    for (const row of csv.slice(1)) expect(row).toContain(`,${pdf('page')},1,`);
  }, 180_000);

  it('extract prints one line per article, the doc with its page and region', async () => {
    const r = await youcheng(['extract', pdf('page')]);
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.doc.title, l.doc.page])).toEqual([
      [PAGE[0]!.headline, 1],
      [PAGE[1]!.headline, 1],
    ]);
    expect(lines[0].doc.region.y + lines[0].doc.region.height).toBeLessThan(lines[1].doc.region.y);
  }, 120_000);

  it('a PDF over --max-bytes is refused in one line', async () => {
    const r = await youcheng(['ingest', pdf('page'), '--max-bytes', '1000', '--db', join(dir, 'small.db')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`error: ${pdf('page')}: is 0\\.\\d MB \\(\\d+ bytes\\), over the 1000-byte cap \\(raise it with --max-bytes\\)`));
  });
});

describe('the review page', () => {
  it('shows the page a PDF document stands on beside its source', async () => {
    const path = join(dir, 'review.db');
    expect((await youcheng(['ingest', pdf('page'), '--db', path])).code).toBe(0);
    const db = openStore(path);
    const review = await startReviewServer({ db, port: 0 });
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(review.url);
      await expect.poll(() => page.locator('#doc').textContent()).toMatch(new RegExp(`${pdf('page')} · page 1 · published`));
    } finally {
      await browser.close();
      await review.close();
      db.close();
    }
  }, 120_000);
});

describe('ingest of a feed whose items link PDFs', () => {
  it('stores each PDF article with its URL and page, told by content type or by its bytes', async () => {
    const db = join(dir, 'web.db');
    const r = await youcheng(['ingest', '--feed', `${base}/rss.xml`, '--min-interval', '0', '--db', db]);
    expect(r.stderr).not.toMatch(/error|skipped/);
    expect(r.code).toBe(0);
    expect(documents(db).map((d) => [d.source, d.title, d.page, d.published])).toEqual([
      // No date in its feed item: its page's dateline gives one.
      [`${base}/download?id=2`, NOTICE_2[0]!.headline, 1, '2024-05-22'],
      [`${base}/files/notice.pdf`, NOTICE[0]!.headline, 1, '2024-05-22'],
    ]);
  }, 120_000);
});
