/**
 * The review page's additions and double review in real headless Chromium: facts added from a
 * selection of the article (mouse and keyboard), a refused span, two reviewers who disagree and a
 * third who adjudicates, and the list of keys. Screenshots go to test/artifacts/.
 */
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReviewServer, type ReviewServer, type ReviewServerOptions } from '../../src/review/review-server.ts';
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

async function setup(opts: Partial<ReviewServerOptions> = {}): Promise<Setup> {
  const path = tempDbPath();
  const db = openStore(path);
  const doc = store(db, TEXT);
  const server = await startReviewServer({ db, port: 0, ...opts });
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
  }, 60_000);
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
    await expect.poll(() => page.locator('#add-form').isVisible()).toBe(true);
    // The JSON view, kept as an option beside the form by field.
    await page.locator('#add-json').check();
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
    await expect.poll(() => page.locator('#add-form').isVisible()).toBe(true);
    // The JSON view, kept as an option beside the form by field.
    await page.locator('#add-json').check();
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
    await page.locator('#add-json').check();
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

/** The stored fields of the manual facts of `type`, without the type. */
const manualFields = (s: Setup, type: string) =>
  factsOfDoc(s.db, s.doc)
    .filter((f) => f.type === type && f.method === 'manual')
    .map((f) => {
      const { type: _, ...fields } = JSON.parse(f.fields);
      return fields;
    });

/** Types `text` into a field key by key, as a person does (each key an input event). */
async function typeInto(page: Page, selector: string, text: string) {
  await page.locator(selector).fill('');
  await page.locator(selector).pressSequentially(text);
}

describe('adding by field, selecting by word, evidence that states its fact', () => {
  let s: Setup;
  beforeAll(async () => {
    s = await setup();
  }, 60_000);
  afterAll(() => teardown(s));

  it('adds a pair and a count by fields only, places completed from the gazetteer in either script, a date as typed', async () => {
    const page = await open(s, 'ana');
    // A count open: its evidence is marked elsewhere in the text.
    await openType(page, 'count');
    await dragOver(page, '湖州市与日本长野县轻井泽町缔结友好城市');
    await page.keyboard.press('c');
    await expect.poll(() => page.locator('#add-by-field').isVisible()).toBe(true);
    expect(await page.locator('#add-fields').isVisible()).toBe(false);
    // The open fact is a count: no "more evidence for it" choice, hidden as it should be.
    expect(await page.locator('#add-target').isVisible()).toBe(false);
    await page.locator('#add-proposal').selectOption('');
    // The form is the record schema's: a place (name, country) for each side, the relation's menu, since.
    for (const id of ['a-name', 'a-country', 'b-name', 'b-country', 'relation', 'since']) await expect.poll(() => page.locator(`#add-f-${id}`).count()).toBe(1);
    expect(await page.locator('#add-f-relation option').allTextContents()).toEqual(['sister', 'friendly', 'unspecified']);
    await typeInto(page, '#add-f-a-name', '湖州');
    await expect.poll(() => page.locator('#add-f-a-name-list li').allTextContents()).toEqual(['湖州 · 中国 · city']);
    await page.locator('#add-f-a-name').press('Enter');
    await expect.poll(() => page.locator('#add-f-a-country').inputValue()).toBe('中国');
    // Traditional characters find the simplified name; the list shows country and kind.
    await typeInto(page, '#add-f-b-name', '長野');
    await expect.poll(() => page.locator('#add-f-b-name-list li').allTextContents()).toEqual(['长野 · 日本 · city', '长野县 · 日本 · region']);
    await page.screenshot({ path: `${artifacts}review-add-by-field.png` });
    await page.locator('#add-f-b-name-list li', { hasText: '长野县 · 日本' }).click();
    await expect.poll(() => page.locator('#add-f-b-country').inputValue()).toBe('日本');
    await page.locator('#add-f-relation').selectOption('sister');
    await page.locator('#add-f-since').fill('1998年');
    await page.locator('#add-form button[type="submit"]').click();
    await expect.poll(() => page.locator('#message').textContent()).toMatch(/^Added: 湖州 — 长野县/);
    expect(manualFields(s, 'city_pair')).toEqual([{ a: { name: '湖州', country: '中国' }, b: { name: '长野县', country: '日本' }, relation: 'sister', since: '1998' }]);
    // The new fact is the one the card shows.
    await expect.poll(() => page.locator('#meta').textContent()).toMatch(/^city_pair · approved · manual/);

    // A count: the number, a menu for approx, the holder left empty (null, as the contract says).
    await openType(page, 'count');
    await page.locator('#f-type').selectOption('');
    await openType(page, 'count');
    await dragOver(page, '数百名学生');
    await page.keyboard.press('n');
    await expect.poll(() => page.locator('#add-f-value').isVisible()).toBe(true);
    await page.locator('input[name="add-target"][value="fact"]').check();
    await page.locator('#add-f-value').fill('100');
    await page.locator('#add-f-approx').selectOption('over');
    await page.locator('#add-f-unit').fill('名');
    await page.locator('#add-f-of').fill('学生');
    await page.locator('#add-f-holder').fill('');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => page.locator('#message').textContent()).toMatch(/^Added: /);
    expect(manualFields(s, 'count')).toEqual([{ value: 100, approx: 'over', unit: '名', of: '学生', holder: null }]);
    await page.close();
  });

  it('refuses a pair whose evidence names neither place, says why, and stores it as forced once confirmed', async () => {
    const page = await open(s, 'ana');
    await openType(page, 'count');
    const before = factsOfDoc(s.db, s.doc).length;
    await dragOver(page, '2024年5月20日，浙江省代表团');
    await page.keyboard.press('c');
    await expect.poll(() => page.locator('#add-f-a-name').isVisible()).toBe(true);
    await page.locator('#add-proposal').selectOption('');
    await page.locator('#add-f-a-name').fill('安吉');
    await page.locator('#add-f-b-name').fill('轻井泽');
    await page.locator('#add-f-b-country').fill('日本');
    const dialogs: string[] = [];
    page.once('dialog', (d) => {
      dialogs.push(d.message());
      d.dismiss();
    });
    await page.locator('#add-form button[type="submit"]').click();
    await expect.poll(() => page.locator('#message').textContent()).toMatch(/^Refused: the evidence 「2024年5月20日，浙江省代表团」 does not name 安吉 nor 轻井泽/);
    expect(dialogs[0]).toMatch(/does not name 安吉 nor 轻井泽 \(by name, alias or nickname\)\.\n\nStore it anyway\?/);
    expect(factsOfDoc(s.db, s.doc)).toHaveLength(before);
    await expect.poll(() => page.locator('#add-form').isVisible()).toBe(true);
    // The same save, confirmed: stored, and the history says it was forced.
    page.once('dialog', (d) => d.accept());
    await page.locator('#add-form button[type="submit"]').click();
    await expect.poll(() => page.locator('#message').textContent()).toMatch(/^Added: 安吉 — 轻井泽.*forced\)$/);
    const forced = factsOfDoc(s.db, s.doc).find((f) => f.type === 'city_pair' && JSON.parse(f.fields).a.name === '安吉')!;
    expect((historyOf(s.db, forced.id)[0]!.after as { forced?: string }).forced).toMatch(/does not name 安吉 nor 轻井泽/);
    await page.close();
  });
});

describe('named reviewers', () => {
  it("asks a name before the first vote, never the server's --reviewer; the name stays with the browser", async () => {
    const s = await setup({ reviewer: 'boss' });
    setReviewSettings(s.db, { double: true, adjudicator: 'third' });
    try {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      await page.goto(s.server.url);
      await expect.poll(() => page.locator('#summary').textContent()).not.toBe('');
      expect(await page.locator('#reviewer').inputValue()).toBe('');
      const id = /([0-9a-f]{16})$/.exec((await page.locator('#meta').textContent()) ?? '')![1]!;
      await page.keyboard.press('a');
      await expect.poll(() => page.locator('#who').isVisible()).toBe(true);
      const box = (await page.locator('#who').boundingBox())!;
      expect(box.x >= 0 && box.y >= 0 && box.x + box.width <= 1440 && box.y + box.height <= 900).toBe(true);
      await page.locator('#who-name').fill('Cy');
      await page.locator('#who-name').press('Enter');
      await expect.poll(() => page.locator('#message').textContent()).toMatch(/vote recorded/);
      // Recorded as one identity (case-folded), shown as typed.
      expect(historyOf(s.db, id).map((h) => h.reviewer)).toEqual(['cy']);
      await page.reload();
      await expect.poll(() => page.locator('#reviewer').inputValue()).toBe('Cy');
      await page.close();
    } finally {
      await teardown(s);
    }
  });

  it('gives each listed reviewer a personal link: two browsers vote as who they are, whatever name a request states', async () => {
    const s = await setup({ reviewer: 'boss', reviewers: ['Alice', 'Bo'] });
    setReviewSettings(s.db, { double: true, adjudicator: 'third' });
    try {
      expect(s.server.links.map((l) => l.name)).toEqual(['alice', 'bo']);
      const [alice, bo] = s.server.links.map((l) => l.url);
      // Without a personal token: nothing.
      expect((await fetch(s.server.url)).status).toBe(401);
      const pa = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      await pa.goto(alice!);
      await expect.poll(() => pa.locator('#summary').textContent()).not.toBe('');
      expect(await pa.locator('#reviewer').inputValue()).toBe('alice');
      expect(await pa.locator('#reviewer').getAttribute('readonly')).not.toBeNull();
      const id = /([0-9a-f]{16})$/.exec((await pa.locator('#meta').textContent()) ?? '')![1]!;
      await pa.keyboard.press('a');
      await expect.poll(() => pa.locator('#message').textContent()).toMatch(/vote recorded/);

      const pb = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      await pb.goto(bo!);
      await expect.poll(() => pb.locator('#summary').textContent()).not.toBe('');
      // Bo asks for the fact as "alice" (and as a look-alike): the vote stays hidden, for the token says Bo.
      for (const name of ['alice', 'ＡＬＩＣＥ\u200b']) {
        const seen = await pb.evaluate(
          async ([fact, who]) => {
            const token = document.querySelector<HTMLMetaElement>('meta[name="youcheng-token"]')!.content;
            const res = await fetch(`/api/facts/${fact}?reviewer=${encodeURIComponent(who!)}`, { headers: { 'x-youcheng-token': token } });
            return (await res.json()).history;
          },
          [id, name],
        );
        expect(seen).toEqual([expect.objectContaining({ stage: 'vote', hidden: true })]);
      }
      // A vote Bo sends in Alice's name is Bo's.
      const version = (s.db.prepare('SELECT version FROM facts WHERE id = ?').get(id) as { version: number }).version;
      const cast = await pb.evaluate(
        async ([fact, v]) => {
          const token = document.querySelector<HTMLMetaElement>('meta[name="youcheng-token"]')!.content;
          const res = await fetch(`/api/facts/${fact}/decision`, {
            method: 'POST',
            headers: { 'x-youcheng-token': token, 'content-type': 'application/json' },
            body: JSON.stringify({ action: 'reject', version: v, reviewer: 'alice' }),
          });
          return res.status;
        },
        [id, version] as const,
      );
      expect(cast).toBe(200);
      expect(historyOf(s.db, id).map((h) => [h.reviewer, h.action, h.stage])).toEqual([
        ['alice', 'approve', 'vote'],
        ['bo', 'reject', 'vote'],
      ]);
      for (const p of [pa, pb]) await p.close();
    } finally {
      await teardown(s);
    }
  });
});

describe('at 1024×768', () => {
  it('keeps the fact and the article at 400 px or more and every dialog inside the viewport', async () => {
    const s = await setup();
    try {
      const page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
      await page.goto(s.server.url);
      await expect.poll(() => page.locator('#summary').textContent()).not.toBe('');
      for (const pane of ['#fact', '#article-pane']) expect((await page.locator(pane).boundingBox())!.width).toBeGreaterThanOrEqual(400);
      expect((await page.locator('#queue-pane').boundingBox())!.height).toBeGreaterThan(60);
      await page.screenshot({ path: `${artifacts}review-1024.png` });
      await page.keyboard.press('?');
      await expect.poll(() => page.locator('#keys').isVisible()).toBe(true);
      const box = (await page.locator('#keys').boundingBox())!;
      expect(box.y + box.height).toBeLessThanOrEqual(768);
      expect(box.x + box.width).toBeLessThanOrEqual(1024);
      await page.screenshot({ path: `${artifacts}review-1024-keys.png` });
      await page.close();
    } finally {
      await teardown(s);
    }
  });
});
