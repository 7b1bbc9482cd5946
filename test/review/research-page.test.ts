/** The research page in real headless Chromium. */
import { mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestPaths } from '../../src/pipeline/files.ts';
import { startReviewServer, type ReviewServer } from '../../src/review/review-server.ts';
import { openStore, type Store } from '../../src/store/db.ts';
import { approveAll } from '../../src/store/review.ts';
import { SAMPLE_FILES } from '../support/samples.ts';

let db: Store;
let server: ReviewServer;
let browser: Browser;
const artifacts = new URL('../artifacts/', import.meta.url).pathname;

beforeAll(async () => {
  db = openStore(join(mkdtempSync(join(tmpdir(), 'youcheng-research-page-')), 'r.db'));
  await ingestPaths(db, SAMPLE_FILES);
  approveAll(db, { type: 'city_pair', minConfidence: 0 }, 'tester');
  server = await startReviewServer({ db, port: 0 });
  browser = await launchChromium();
  mkdirSync(artifacts, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  db?.close();
});

describe('research page', () => {
  it("searches, lists a place's pairs by any alias with a timeline, and shows a fact's evidence", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}research`);
    await page.locator('#q').fill('蒙彼利埃市締結');
    await page.locator('#search-form button').click();
    await expect.poll(() => page.locator('.hit').count()).toBeGreaterThan(0);
    expect(await page.locator('.hit p').first().textContent()).toContain('【蒙彼利埃市缔结】');

    await page.locator('#place').fill('蓉城');
    await page.locator('#filters button').click();
    await expect.poll(() => page.locator('#pairs-title').textContent()).toMatch(/^\d+ pair\(s\)$/);
    const rows = page.locator('#pairs tbody tr');
    const partners = await rows.evaluateAll((trs) => trs.map((tr) => tr.children[1].textContent));
    expect(partners).toEqual(expect.arrayContaining(['蒙彼利埃', '首尔', '约翰内斯堡']));
    expect(await page.locator('#timeline rect').count()).toBeGreaterThan(0);

    await rows.first().locator('a').click();
    await expect.poll(() => page.locator('#ev-text mark').count()).toBeGreaterThan(0);
    expect(await page.locator('#ev-summary').textContent()).toMatch(/成都 — /);
    await page.screenshot({ path: `${artifacts}research-page.png` });
    await page.close();
  });
});
