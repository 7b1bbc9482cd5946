/**
 * Bounds on reading PDFs (made here byte by byte): a page tree of ten million pages, a stream that
 * inflates a hundredfold past the file, a PDF that takes too long or too much memory are each
 * refused in one line, and the files and pages beside them are still stored.
 */
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestPaths } from '../../src/pipeline/files.ts';
import { ingestWeb } from '../../src/pipeline/web.ts';
import { readArticles } from '../../src/sources/files.ts';
import { balancedPageTree, DEFAULT_PDF_LIMITS } from '../../src/sources/pdf-limits.ts';
import { openStore } from '../../src/store/db.ts';
import { root } from '../support/cli.ts';
import { inflateBomb, manyPagesPdf, pageTreeBomb } from '../support/pdf-bombs.ts';

const dir = mkdtempSync(join(tmpdir(), 'youcheng-pdf-bounds-'));
const file = (name: string, bytes: Buffer) => {
  writeFileSync(join(dir, name), bytes);
  return join(dir, name);
};
const TREE = `has 10000000 pages, over the ${DEFAULT_PDF_LIMITS.maxPages}-page cap; raise it with --pdf-max-pages`;
const INFLATED = `has a stream that inflates past ${DEFAULT_PDF_LIMITS.maxStreamBytes} bytes (a compression bomb?); raise the cap with --pdf-max-stream`;

describe('PDF bombs in a batch', () => {
  it('refuses the page-tree bomb and the inflate bomb in a line each; the good PDF and text beside them are stored', async () => {
    const batch = mkdtempSync(join(tmpdir(), 'youcheng-pdf-batch-'));
    writeFileSync(join(batch, 'a-tree.pdf'), pageTreeBomb());
    writeFileSync(join(batch, 'b-inflate.pdf'), inflateBomb(DEFAULT_PDF_LIMITS.maxStreamBytes + 2 ** 20));
    writeFileSync(join(batch, 'c-good.pdf'), manyPagesPdf(3));
    copyFileSync(join(root, 'samples/001_a244d62fa48749ef.txt'), join(batch, 'd-good.txt'));
    const db = openStore(join(dir, 'batch.db'));
    const errors: string[] = [];
    const summary = await ingestPaths(db, [batch], { onError: (m) => errors.push(m) });
    expect(errors).toEqual([`${join(batch, 'a-tree.pdf')}: ${TREE}`, `${join(batch, 'b-inflate.pdf')}: ${INFLATED}`]);
    expect(summary).toMatchObject({ failed: 2 });
    // (The good PDF's pages differ in their page number only: stored as one document and its mirrors.)
    const sources = db.prepare('SELECT source, original FROM documents ORDER BY source').all() as Array<{ source: string; original: string }>;
    expect([...new Set(sources.map((s) => s.source))]).toEqual([join(batch, 'c-good.pdf'), join(batch, 'd-good.txt')]);
    expect(sources[0]!.original).toContain('Shanghai and Yokohama');
    db.close();
  }, 300_000);

  it('gives up on a PDF past the time limit, and on one past the memory limit, in one line each', async () => {
    const tree = file('tree.pdf', pageTreeBomb());
    // With the page cap lifted the bomb would read ten million pages: the time limit stops it.
    await expect(readArticles(tree, undefined, { ...DEFAULT_PDF_LIMITS, maxPages: 10 ** 8, timeoutMs: 2000 })).rejects.toThrow(
      `${tree}: took over 2 s to read and was given up on; raise the limit with --pdf-timeout`,
    );
    // Two million lines of text in a 40 MB stream: more text items than 64 MB of heap holds.
    const lines = file('lines.pdf', inflateBomb(40 * 2 ** 20, '0 -1 Td (x) Tj\n'));
    await expect(readArticles(lines, undefined, { ...DEFAULT_PDF_LIMITS, memoryMb: 64, timeoutMs: 600_000 })).rejects.toThrow(
      `${lines}: needs over 64 MB of memory to read; raise the limit with --pdf-memory`,
    );
  });

  it('reads a PDF of many pages within the defaults, a page an article, its flat page tree balanced for pdf.js', async () => {
    const pdf = manyPagesPdf(200);
    expect(balancedPageTree(pdf)).not.toBeNull();
    // A tree already shallow is left as it is.
    expect(balancedPageTree(manyPagesPdf(20))).toBeNull();
    const articles = await readArticles(file('pages.pdf', pdf));
    expect(articles).toHaveLength(200);
    expect(articles[199]!.original).toBe('Page 200: Shanghai and Yokohama are sister cities since 1973.');
  });
});

describe('PDF bombs fetched', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    const bodies: Record<string, [string, Buffer]> = {
      '/tree.pdf': ['application/pdf', pageTreeBomb()],
      '/good.pdf': ['application/pdf', manyPagesPdf(2)],
    };
    server = createServer((req, res) => {
      const [type, body] = bodies[req.url ?? ''] ?? ['text/plain', Buffer.from('')];
      res.writeHead(body.length ? 200 : 404, { 'content-type': type });
      res.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('refuses the bomb by URL in one line and stores the other PDF', async () => {
    const db = openStore(join(dir, 'web.db'));
    const errors: string[] = [];
    const summary = await ingestWeb(db, { urls: [`${base}/tree.pdf`, `${base}/good.pdf`], feeds: [], fetch: { minIntervalMs: 0, ignoreRobots: true }, onError: (m) => errors.push(m) });
    expect(errors).toEqual([expect.stringContaining(`${base}/tree.pdf: ${TREE}`)]);
    expect(summary.failed).toBe(1);
    const rows = db.prepare('SELECT source FROM documents').all() as Array<{ source: string }>;
    expect([...new Set(rows.map((r) => r.source))]).toEqual([`${base}/good.pdf`]);
    db.close();
  });
});
