/** The review page in real headless Chromium (Debian's, driven by playwright-core). */
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReviewServer, type ReviewServer } from '../../src/review/review-server.ts';
import type { Store } from '../../src/store/db.ts';
import { filledStore } from './fixtures.ts';

let db: Store;
let server: ReviewServer;
let browser: Browser;
const artifacts = new URL('../artifacts/', import.meta.url).pathname;

beforeAll(async () => {
  ({ db } = await filledStore());
  server = await startReviewServer({ db, port: 0, reviewer: 'ana' });
  browser = await launchChromium();
  mkdirSync(artifacts, { recursive: true });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  db?.close();
});

async function open(query = ''): Promise<{ page: Page; dialogs: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    d.accept();
  });
  // The name this browser keeps, as after a first vote (the page asks it then).
  await page.addInitScript(() => localStorage.setItem('youcheng-reviewer', 'ana'));
  await page.goto(server.url + query);
  await page.locator('#summary').waitFor();
  await page.waitForFunction(() => document.querySelector('#summary')?.textContent !== '');
  return { page, dialogs };
}

function status(id: string): string {
  return (db.prepare('SELECT status FROM facts WHERE id = ?').get(id) as { status: string }).status;
}

async function currentId(page: Page): Promise<string> {
  const meta = await page.locator('#meta').textContent();
  return /([0-9a-f]{16})$/.exec(meta ?? '')![1]!;
}

async function filterTo(page: Page, type: string, doc = '') {
  await page.locator('#f-doc').fill(doc);
  await page.locator('#f-type').selectOption(type);
  await page.waitForFunction((t) => document.querySelector('#meta')?.textContent?.startsWith(t), type);
  // Esc leaves a filter field for the keys, as a reviewer does.
  await page.locator('#f-doc').press('Escape');
}

describe('review page', () => {
  it('shows the fact with its evidence highlighted, and keeps a screenshot', async () => {
    const { page } = await open();
    await filterTo(page, 'count');
    const marks = page.locator('#text mark');
    await expect.poll(() => marks.count()).toBeGreaterThan(0);
    const id = await currentId(page);
    const quote = (db.prepare('SELECT quote FROM evidence WHERE fact_id = ? ORDER BY start LIMIT 1').get(id) as { quote: string }).quote;
    expect(await marks.first().textContent()).toBe(quote);
    expect(await page.locator('footer').textContent()).toMatch(/a.*approve.*x.*reject.*e.*edit/);
    await page.screenshot({ path: `${artifacts}review-fact-view.png`, fullPage: false });
    await page.close();
  });

  it('approves with the keyboard and brings up the next fact', async () => {
    const { page } = await open();
    await filterTo(page, 'count');
    const first = await currentId(page);
    await page.keyboard.press('a');
    await page.waitForFunction((id) => !document.querySelector('#meta')?.textContent?.endsWith(id), first);
    expect(status(first)).toBe('approved');
    const history = db.prepare('SELECT reviewer, action, at FROM review_history WHERE fact_id = ?').all(first);
    expect(history).toEqual([{ reviewer: 'ana', action: 'approve', at: expect.any(String) }]);
    await page.close();
  });

  it('refuses an invalid edit with its reason, then takes a valid one', async () => {
    const { page } = await open();
    await filterTo(page, 'date');
    const id = await currentId(page);
    await page.keyboard.press('e');
    const editor = page.locator('#edit-text');
    const fields = JSON.parse(await editor.inputValue());
    await editor.fill(JSON.stringify({ ...fields, granularity: 'week' }));
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => page.locator('#message').textContent()).toMatch(/Refused: granularity/);
    expect(status(id)).toBe('pending');
    await editor.fill(JSON.stringify({ ...fields, start: fields.start, end: fields.end, text: `${fields.text}`, anchored: true }));
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => status(id)).toBe('edited');
    await page.close();
  });

  it('undoes the last decision', async () => {
    const { page } = await open();
    await filterTo(page, 'event');
    const id = await currentId(page);
    await page.keyboard.press('x');
    await expect.poll(() => page.locator('#message').textContent()).toMatch(/^Rejected/);
    expect(status(id)).toBe('rejected');
    await page.keyboard.press('u');
    await expect.poll(() => status(id)).toBe('pending');
    await expect.poll(() => page.locator('#message').textContent()).toMatch(/Undone/);
    await page.close();
  });

  it('renders an article holding <script> and <img onerror> as text, running none of it', async () => {
    const doc = (db.prepare("SELECT id FROM documents WHERE original LIKE '%<script>%'").get() as { id: string }).id;
    const { page, dialogs } = await open();
    await filterTo(page, 'agreement', doc);
    // The filter answers asynchronously: wait for that article, never read whatever is shown now.
    await expect.poll(() => page.locator('#text').textContent()).toContain('<script>window.__xss = 1</script>');
    expect(await page.locator('#text').textContent()).toContain('<img src=x onerror="window.__xss = 2">');
    expect(await page.locator('#text script, #text img').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(dialogs).toEqual([]);
    await page.close();
  });

  it('tells the second of two pages deciding one fact that it changed meanwhile', async () => {
    const one = await open();
    const two = await open();
    await filterTo(one.page, 'agreement');
    await filterTo(two.page, 'agreement');
    const id = await currentId(one.page);
    expect(await currentId(two.page)).toBe(id);
    await one.page.keyboard.press('a');
    await expect.poll(() => status(id)).toBe('approved');
    await two.page.keyboard.press('x');
    await expect.poll(() => two.page.locator('#message').textContent()).toMatch(/Conflict/);
    expect(status(id)).toBe('approved');
    await one.page.close();
    await two.page.close();
  });
});
