/**
 * The review page's additions and double review in real headless Chromium: facts added from a
 * selection of the article (mouse and keyboard), a refused span, two reviewers who disagree and a
 * third who adjudicates, and the list of keys. Screenshots go to test/artifacts/.
 */
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReviewServer, type ReviewServer } from '../../src/review/review-server.ts';
import type { Store } from '../../src/store/db.ts';
import { openStore } from '../../src/store/db.ts';
import { historyOf } from '../../src/store/review.ts';
import { setReviewSettings } from '../../src/store/settings.ts';
import { launchChromium } from '../support/browser.ts';
import { youcheng } from '../support/cli.ts';
import { ARTICLE, store, tempDbPath } from '../support/review-store.ts';

/** The fixture article and a line whose count the rules misread (百名学生 for 数百名学生). */
const TEXT = `${ARTICLE}\n迄今两地已有数百名学生参加互访。`;
const artifacts = new URL('../artifacts/', import.meta.url).pathname;
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
  mkdirSync(artifacts, { recursive: true });
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

interface Setup {
  db: Store;
  path: string;
  doc: string;
  server: ReviewServer;
}

async function setup(): Promise<Setup> {
  const path = tempDbPath();
  const db = openStore(path);
  const doc = store(db, TEXT);
  const server = await startReviewServer({ db, port: 0 });
  return { db, path, doc, server };
}

async function teardown(s: Setup | undefined) {
  await s?.server.close();
  s?.db.close();
}

async function open(s: Setup, reviewer: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(s.server.url);
  await page.locator('#reviewer').fill(reviewer);
  await page.locator('#reviewer').press('Escape');
  await expect.poll(() => page.locator('#summary').textContent()).not.toBe('');
  return page;
}

/** Opens the first fact of `type` in the queue. */
async function openType(page: Page, type: string) {
  await page.locator('#f-type').selectOption(type);
  await page.waitForFunction((t) => document.querySelector('#meta')?.textContent?.startsWith(t), type);
}

/** The viewport rectangles of the first and last character of `quote` in the article. */
async function charRects(page: Page, quote: string) {
  return page.evaluate((q) => {
    const walk = document.createTreeWalker(document.getElementById('text')!, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode() as Text | null; n; n = walk.nextNode() as Text | null) {
      const at = n.data.indexOf(q);
      if (at < 0) continue;
      const rect = (i: number) => {
        const r = document.createRange();
        r.setStart(n, i);
        r.setEnd(n, i + 1);
        const b = r.getBoundingClientRect();
        return { left: b.left, right: b.right, y: b.top + b.height / 2 };
      };
      return { first: rect(at), last: rect(at + q.length - 1) };
    }
    throw new Error(`not in one text node of the article: ${q}`);
  }, quote);
}

/** Selects `quote` in the article with the mouse, from the left half of its first character to the right half of its last. */
async function dragOver(page: Page, quote: string) {
  const { first, last } = await charRects(page, quote);
  await page.mouse.move(first.left + 2, first.y);
  await page.mouse.down();
  await page.mouse.move(last.right - 2, last.y, { steps: 8 });
  await page.mouse.up();
}

function factsOfDoc(db: Store, doc: string) {
  return db.prepare('SELECT id, type, method, status, fields FROM facts WHERE document_id = ? ORDER BY rowid').all(doc) as Array<{
    id: string;
    type: string;
    method: string;
    status: string;
    fields: string;
  }>;
}

function evidenceOf(db: Store, id: string) {
  return db.prepare('SELECT start, end, quote FROM evidence WHERE fact_id = ? ORDER BY start').all(id) as Array<{ start: number; end: number; quote: string }>;
}

describe('adding what the extractor missed', () => {
  let s: Setup;
  beforeAll(async () => {
    s = await setup();
  });
  afterAll(() => teardown(s));

  it('adds a pair from a mouse selection that starts after the highlighted evidence', async () => {
    const page = await open(s, 'ana');
    await openType(page, 'city_pair');
    // The open pair's evidence is highlighted earlier in the text: offsets must still be the original's.
    await expect.poll(() => page.locator('#text mark').count()).toBeGreaterThan(0);
    const quote = '安吉县同轻井泽町';
    await dragOver(page, quote);
    await page.keyboard.press('c');
    const fields = page.locator('#add-fields');
    await expect.poll(() => fields.isVisible()).toBe(true);
    const start = TEXT.indexOf(quote);
    await expect.poll(() => page.locator('#add-quote').textContent()).toMatch(`「${quote}」 · characters ${start}–${start + quote.length}`);
    await page.screenshot({ path: `${artifacts}review-add-form.png` });
    // The rules read nothing here: the reviewer fills the blank fields.
    const blank = JSON.parse(await fields.inputValue());
    expect(blank).toMatchObject({ relation: 'unspecified', since: null });
    await fields.fill(JSON.stringify({ a: { name: '安吉', country: '中国' }, b: { name: '轻井泽', country: '日本' }, relation: 'unspecified', since: null }));
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => page.locator('#message').textContent()).toMatch(/^Added: 安吉 — 轻井泽/);
    const added = factsOfDoc(s.db, s.doc).find((f) => f.type === 'city_pair' && f.method === 'manual');
    expect(added).toMatchObject({ status: 'approved' });
    expect(evidenceOf(s.db, added!.id)).toEqual([{ start, end: start + quote.length, quote }]);
    expect(TEXT.slice(start, start + quote.length)).toBe(quote);
    expect(historyOf(s.db, added!.id).map((h) => [h.action, h.reviewer])).toEqual([
      ['add', 'ana'],
      ['approve', 'ana'],
    ]);
    // The page shows the stored fact, the selection highlighted as its evidence.
    await expect.poll(() => page.locator('#meta').textContent()).toMatch(new RegExp(`^city_pair · approved · manual .*${added!.id}$`));
    await expect.poll(() => page.locator('#text mark').allTextContents()).toEqual([quote]);
    // In the registry like any other pair.
    const rels = await youcheng(['relationships', '--all', '--db', s.path]);
    expect(rels.code).toBe(0);
    expect(rels.stdout).toMatch(/安吉.*轻井泽/);
    await page.close();
  });

  it('adds a count from a keyboard selection, correcting what the rules read', async () => {
    const page = await open(s, 'ana');
    await openType(page, 'count');
    const quote = '数百名学生';
    // A click puts the caret before the quote; Shift+arrows extend it by characters.
    const { first } = await charRects(page, quote);
    await page.mouse.click(first.left + 2, first.y);
    for (let i = 0; i < quote.length; i++) await page.keyboard.press('Shift+ArrowRight');
    await expect.poll(() => page.evaluate(() => window.getSelection()?.toString())).toBe(quote);
    await page.keyboard.press('n');
    const fields = page.locator('#add-fields');
    await expect.poll(() => fields.isVisible()).toBe(true);
    await fields.fill(JSON.stringify({ value: 100, approx: 'over', unit: '名', of: '学生', holder: '安吉县' }));
    await page.locator('#add-form button[type="submit"]').click();
    await expect.poll(() => page.locator('#message').textContent()).toMatch(/^Added: /);
    const added = factsOfDoc(s.db, s.doc).filter((f) => f.type === 'count' && f.method === 'manual');
    expect(added).toHaveLength(1);
    expect(JSON.parse(added[0]!.fields)).toMatchObject({ value: 100, approx: 'over', holder: '安吉县' });
    const start = TEXT.indexOf(quote);
    expect(evidenceOf(s.db, added[0]!.id)).toEqual([{ start, end: start + quote.length, quote }]);
    await page.close();
  });

  it('adds the selection as evidence of the open fact', async () => {
    const page = await open(s, 'ana');
    await openType(page, 'city_pair');
    const id = /([0-9a-f]{16})$/.exec((await page.locator('#meta').textContent()) ?? '')![1]!;
    expect(await page.locator('#summary').textContent()).toMatch(/^湖州 — 轻井泽/);
    const quote = '湖州与轻井泽结好';
    await dragOver(page, quote);
    await page.keyboard.press('c');
    await expect.poll(() => page.locator('#add-target').isVisible()).toBe(true);
    await page.locator('input[name="add-target"][value="evidence"]').check();
    await page.locator('#add-form button[type="submit"]').click();
    await expect.poll(() => page.locator('#message').textContent()).toMatch(/^Evidence added to: 湖州 — 轻井泽/);
    const start = TEXT.indexOf(quote);
    expect(evidenceOf(s.db, id)).toContainEqual({ start, end: start + quote.length, quote });
    expect(historyOf(s.db, id).at(-1)).toMatchObject({ action: 'add-evidence', reviewer: 'ana' });
    await expect.poll(() => page.locator('#text mark').allTextContents()).toContain(quote);
    await page.close();
  });

  it('moves the caret by word with Ctrl+arrows', async () => {
    const page = await open(s, 'ana');
    await openType(page, 'date');
    // Focus puts the caret at the open fact's first evidence (2024年5月20日 or 1998年).
    await page.locator('#text').focus();
    const evidenceStart = await page.evaluate(() => {
      const sel = window.getSelection()!;
      const r = document.createRange();
      r.setStart(document.getElementById('text')!, 0);
      r.setEnd(sel.focusNode!, sel.focusOffset);
      return r.toString().length;
    });
    await page.keyboard.press('Control+Shift+ArrowRight');
    const word = await page.evaluate(() => window.getSelection()?.toString() ?? '');
    expect(word.length).toBeGreaterThan(0);
    expect(TEXT.slice(evidenceStart, evidenceStart + word.length)).toBe(word);
    await page.close();
  });

  it('refuses a span holding only whitespace, and fields that break the record contract, storing nothing', async () => {
    const page = await open(s, 'ana');
    await openType(page, 'city_pair');
    const before = factsOfDoc(s.db, s.doc).length;
    // The line break between two paragraphs, selected as a triple click would leave it.
    await page.evaluate(() => {
      const walk = document.createTreeWalker(document.getElementById('text')!, NodeFilter.SHOW_TEXT);
      for (let n = walk.nextNode() as Text | null; n; n = walk.nextNode() as Text | null) {
        const at = n.data.indexOf('\n');
        if (at >= 0) return window.getSelection()!.setBaseAndExtent(n, at, n, at + 1);
      }
    });
    await page.keyboard.press('c');
    await expect.poll(() => page.locator('#message').textContent()).toMatch(/^Refused: document [0-9a-f]+: span \d+-\d+ holds only whitespace$/);
    await expect.poll(() => page.locator('#add-form').isVisible()).toBe(false);
    await dragOver(page, '两地学生每年互访');
    await page.keyboard.press('c');
    await page.locator('#add-fields').fill(JSON.stringify({ a: { name: '安吉' }, b: { name: '轻井泽', country: '日本' }, relation: 'twins', since: '九十年代' }));
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => page.locator('#message').textContent()).toMatch(/^Refused: a city_pair fact with these fields breaks the record contract: .*relation/);
    await expect.poll(() => page.locator('#add-form').isVisible()).toBe(true);
    expect(factsOfDoc(s.db, s.doc)).toHaveLength(before);
    await page.close();
  });

  it('lists every key on ? and closes the list on Esc; resizes the queue with the arrow keys', async () => {
    const page = await open(s, 'ana');
    const keys = page.locator('#keys');
    await expect.poll(() => keys.isVisible()).toBe(false);
    await page.keyboard.press('?');
    await expect.poll(() => keys.isVisible()).toBe(true);
    for (const label of ['approve', 'reject', 'undo', 'add a city_pair', 'add a count', 'add a date', 'add an agreement', 'add an event', 'adjudicate', 'extend the selection']) {
      await expect.poll(() => keys.textContent()).toContain(label);
    }
    await page.keyboard.press('Escape');
    await expect.poll(() => keys.isVisible()).toBe(false);
    // The queue's handle resizes it from the keyboard too.
    const width = async () => (await page.locator('#queue-pane').boundingBox())!.width;
    const before = await width();
    await page.locator('#handle-queue').focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    await expect.poll(width).toBe(before + 60);
    await page.close();
  });
});

describe('double review in the page', () => {
  let s: Setup;
  beforeAll(async () => {
    s = await setup();
    setReviewSettings(s.db, { double: true, adjudicator: 'third' });
  });
  afterAll(() => teardown(s));

  it('hides the first vote from the second reviewer, then lets a third adjudicate their disagreement', async () => {
    const ana = await open(s, 'ana');
    await openType(ana, 'date');
    const id = /([0-9a-f]{16})$/.exec((await ana.locator('#meta').textContent()) ?? '')![1]!;
    await expect.poll(() => ana.locator('#mode').textContent()).toMatch(/double review/);
    await ana.keyboard.press('a');
    await expect.poll(() => ana.locator('#message').textContent()).toMatch(/vote recorded/);
    // ana's queue no longer holds it; the fact is still pending.
    await expect.poll(() => ana.locator('#meta').textContent()).not.toMatch(new RegExp(`${id}$`));
    await ana.locator('#f-type').selectOption('');
    await expect.poll(() => ana.locator('#queue a').count()).toBeGreaterThan(3);
    expect(await ana.locator('#queue').textContent()).not.toContain('2024-05-20');
    await ana.screenshot({ path: `${artifacts}review-queue.png` });
    expect((s.db.prepare('SELECT status FROM facts WHERE id = ?').get(id) as { status: string }).status).toBe('pending');

    const bo = await open(s, 'bo');
    await openType(bo, 'date');
    await expect.poll(() => bo.locator('#meta').textContent()).toMatch(new RegExp(`${id}$`));
    await expect.poll(() => bo.locator('#history').textContent()).toContain("another reviewer's vote (hidden until you vote)");
    await expect(await bo.locator('#history').textContent()).not.toContain('ana');
    await bo.keyboard.press('x');
    await expect.poll(() => bo.locator('#message').textContent()).toMatch(/vote recorded/);

    // The two cannot settle it themselves; a third reviewer sees both votes side by side.
    await ana.keyboard.press('l');
    await expect.poll(() => ana.locator('#empty').textContent()).toBe('No disagreement waits for you.');
    const cy = await open(s, 'cy');
    await cy.keyboard.press('l');
    await expect.poll(() => cy.locator('#tab-adjudicate').getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => cy.locator('#meta').textContent()).toMatch(new RegExp(`${id}$`));
    const votes = cy.locator('#vote-list .vote');
    await expect.poll(() => votes.count()).toBe(2);
    await expect.poll(() => votes.nth(0).textContent()).toContain('ana · approve');
    await expect.poll(() => votes.nth(1).textContent()).toContain('bo · reject');
    await expect.poll(() => cy.locator('#text mark').count()).toBeGreaterThan(0);
    await cy.screenshot({ path: `${artifacts}review-adjudication.png` });
    await cy.keyboard.press('1');
    await expect.poll(() => (s.db.prepare('SELECT status FROM facts WHERE id = ?').get(id) as { status: string }).status).toBe('approved');
    expect(historyOf(s.db, id).map((h) => [h.reviewer, h.action, h.stage])).toEqual([
      ['ana', 'approve', 'vote'],
      ['bo', 'reject', 'vote'],
      ['cy', 'approve', 'adjudication'],
    ]);
    await expect.poll(() => cy.locator('#empty').textContent()).toBe('No disagreement waits for you.');
    for (const p of [ana, bo, cy]) await p.close();
  });
});
