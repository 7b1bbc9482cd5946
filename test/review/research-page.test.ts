/** The research page in real headless Chromium. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifacts, type PageServer, servePages } from '../support/page-server.ts';
import { ingestPaths } from '../../src/pipeline/files.ts';
import type { ReviewServer } from '../../src/review/review-server.ts';
import { openStore, type Store } from '../../src/store/db.ts';
import { queryRelationships } from '../../src/store/relationships.ts';
import { approveAll } from '../../src/store/review.ts';
import { SAMPLE_FILES } from '../support/samples.ts';

let db: Store;
let server: ReviewServer;
let browser: Browser;
let close: PageServer['close'] | undefined;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'youcheng-research-page-'));
  // Two sources that disagree on a date, for the review page's conflicts.
  writeFileSync(join(dir, 'a.txt'), '绵阳市与法国图卢兹市于2021年正式缔结友好城市关系。');
  writeFileSync(join(dir, 'b.txt'), '据介绍，绵阳市与法国图卢兹市于2022年缔结友好城市关系。');
  // Six partners of 德阳 established in 1975, 1981–1984 and 2024: years too close to label each.
  const deyang = [
    '德阳市与法国里昂市于1975年缔结友好城市关系。',
    '据悉，德阳市和法国南特市1981年结为友好城市。',
    '早在1982年，德阳市就与法国波尔多市缔结了友好城市关系，双方交往密切。',
    '德阳市与法国马赛市于1983年正式建立友好城市关系，两市在教育领域合作。',
    '记者了解到，1984年德阳市与法国尼斯市签署协议，结为友好城市。',
    '2024年5月，德阳市与法国里尔市缔结友好城市关系，这是德阳的第十个国际友城。',
  ].map((text, i) => {
    writeFileSync(join(dir, `deyang-${i}.txt`), text);
    return join(dir, `deyang-${i}.txt`);
  });
  db = openStore(join(dir, 'r.db'));
  await ingestPaths(db, [...SAMPLE_FILES, join(dir, 'a.txt'), join(dir, 'b.txt'), ...deyang], { published: '2024-06-01' });
  approveAll(db, { type: 'city_pair', minConfidence: 0 }, 'tester');
  // A place name is untrusted text: markup in it must show as text everywhere the page puts it.
  db.prepare("UPDATE places SET name = '<img src=x onerror=\"window.__xss = 1\">首尔' WHERE id = 'KR:首尔'").run();
  ({ server, browser, close } = await servePages(db));
}, 120_000);

afterAll(() => close?.());

describe('research page', () => {
  it("opens on a place's relationships: table, map with a circle per partner, network, readable timeline; no request leaves 127.0.0.1", async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`${server.url}research?place=${encodeURIComponent('成都')}`);

    // The partners of 成都 with coordinates, as the store has them.
    const partners = queryRelationships(db, { placeIds: ['cn:5101'], reviews: ['approved'] })
      .map((r) => (r.a.id === 'cn:5101' ? r.b : r.a))
      .filter((p) => p.lat !== null);
    expect(partners.length).toBeGreaterThanOrEqual(5);
    await expect.poll(() => page.locator('#map circle[data-place]').count()).toBe(partners.length);
    const drawn = await page.locator('#map circle[data-place]').evaluateAll((cs) => cs.map((c) => c.getAttribute('data-place')));
    expect(drawn.sort()).toEqual(partners.map((p) => p.id).sort());
    expect(await page.locator('#map circle[data-focus="cn:5101"]').count()).toBe(1);
    expect(await page.locator('#map path.country').count()).toBeGreaterThan(100);
    expect(await page.locator('#map path.arc').count()).toBe(partners.length);

    const rows = page.locator('#relationships tbody tr');
    const cells = await rows.evaluateAll((trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)));
    expect(cells).toContainEqual(expect.arrayContaining(['蒙彼利埃', '法国', 'sister', '1981']));
    expect(cells).toContainEqual(expect.arrayContaining(['<img src=x onerror="window.__xss = 1">首尔']));
    expect(await page.locator('#network text', { hasText: '<img src=x' }).count()).toBe(1);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.locator('img').count()).toBe(0);
    await expect.poll(() => page.locator('#network line').count()).toBeGreaterThan(0);
    expect(await page.locator('#network circle').count()).toBe(partners.length + 1);

    // Timeline labels: some drawn, none overlapping another.
    await expect.poll(() => page.locator('#timeline rect').count()).toBeGreaterThan(0);
    const boxes = await page.locator('#timeline text').evaluateAll((ts) => ts.map((t) => (t as SVGGraphicsElement).getBBox()).map((b) => [b.x, b.x + b.width]));
    expect(boxes.length).toBeGreaterThan(0);
    for (let i = 1; i < boxes.length; i++) expect(boxes[i]![0]).toBeGreaterThanOrEqual(boxes[i - 1]![1]!);

    await page.screenshot({ path: `${artifacts}research-page.png` });
    // A relationship's citations, shown in their article.
    await rows.filter({ hasText: '蒙彼利埃' }).locator('a').click();
    await expect.poll(() => page.locator('#support li').count()).toBe(2);
    await expect.poll(() => page.locator('#ev-text mark').count()).toBeGreaterThan(0);

    // Search still works, in either script.
    await page.locator('#q').fill('蒙彼利埃市締結');
    await page.locator('#search-form button').click();
    await expect.poll(() => page.locator('.hit').count()).toBeGreaterThan(0);

    for (const url of requests) expect(new URL(url).hostname).toBe('127.0.0.1');
    expect(requests.length).toBeGreaterThan(3);
    await page.close();
  });

  it('labels the timeline only where a year keeps clear of the last one', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(`${server.url}research?place=${encodeURIComponent('德阳')}`);
    await expect.poll(() => page.locator('#timeline rect').count()).toBe(6);
    const labels = await page.locator('#timeline text').evaluateAll((ts) =>
      ts.map((t) => {
        const b = (t as SVGGraphicsElement).getBBox();
        return { year: t.textContent, box: { x: b.x, width: b.width } };
      }),
    );
    expect(labels.length).toBeGreaterThan(2);
    expect(labels.length).toBeLessThan(6);
    expect(labels[0]?.year).toBe('1975');
    expect(labels.at(-1)!.year).toBe('2024');
    for (let i = 1; i < labels.length; i++) expect(labels[i]!.box.x).toBeGreaterThanOrEqual(labels[i - 1]!.box.x + labels[i - 1]!.box.width);
    // Every bar still names its year in its tooltip.
    expect(await page.locator('#timeline rect title').allTextContents()).toEqual(['1975', '1981', '1982', '1983', '1984', '2024'].map((y) => `${y}: 1 relationship(s)`));
    await page.close();
  });

  it('lists a conflict on the review page with both citations side by side, and records the resolution shown on the relationship', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(server.url);
    await page.locator('#reviewer').fill('ana');
    await expect.poll(() => page.locator('#conflicts .conflict-item').count()).toBe(1);
    await page.locator('#conflicts summary').click();
    const sides = page.locator('#conflicts .conflict-side');
    expect(await sides.count()).toBe(2);
    expect(await sides.nth(0).textContent()).toContain('2021');
    expect(await sides.nth(1).textContent()).toContain('2022');
    expect(await sides.nth(1).locator('blockquote').textContent()).toContain('绵阳市与法国图卢兹市');
    await sides.nth(1).locator('input').check();
    await page.locator('#conflicts .conflict-item input[placeholder^="note"]').fill('市外办网站');
    await page.locator('#conflicts .conflict-item button').click();
    await expect.poll(() => page.locator('#conflicts .conflict-item').textContent()).toContain('resolved, since 2022 (ana)');

    await page.goto(`${server.url}research?place=${encodeURIComponent('绵阳')}`);
    await expect.poll(() => page.locator('#relationships tbody tr').count()).toBe(1);
    expect(await page.locator('#relationships tbody td.conflict').textContent()).toBe('2022 (resolved by ana; sources: 2021 ≠ 2022)');
    await page.close();
  });
});
