/**
 * The research page of a place with 800 partners in real headless Chromium: the network drawn
 * grouped by country with no two labels overlapping (read from the SVG's own label boxes), a
 * legend, arcs inside the map, and a note of the relationships that await review. The store is
 * written directly (as the research bench does), not extracted: 800 pair facts of 青岛.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifacts, type PageServer, servePages } from '../support/page-server.ts';
import type { ReviewServer } from '../../src/review/review-server.ts';
import { openStore, type Store } from '../../src/store/db.ts';
import { rebuildRelationships } from '../../src/store/relationships.ts';

const COUNTRIES = [
  '美国',
  '日本',
  '韩国',
  '法国',
  '德国',
  '英国',
  '意大利',
  '俄罗斯',
  '澳大利亚',
  '加拿大',
  '巴西',
  '墨西哥',
  '西班牙',
  '葡萄牙',
  '荷兰',
  '比利时',
  '瑞典',
  '挪威',
  '芬兰',
  '丹麦',
  '波兰',
  '捷克',
  '匈牙利',
  '奥地利',
  '瑞士',
  '希腊',
  '土耳其',
  '以色列',
  '埃及',
  '南非',
  '肯尼亚',
  '印度',
  '泰国',
  '越南',
  '马来西亚',
  '印度尼西亚',
  '菲律宾',
  '新西兰',
  '阿根廷',
  '智利',
  '秘鲁',
  '哥伦比亚',
  '蒙古国',
  '哈萨克斯坦',
];
const PARTNERS = 800;
const PENDING = 7;

let db: Store;
let server: ReviewServer;
let browser: Browser;
let close: PageServer['close'] | undefined;

/** 青岛 and 800 partners in 44 countries (a few countries hold most, as in the real registry), each with a point. */
function bigStore(path: string): Store {
  const store = openStore(path);
  store.transaction(() => {
    const place = store.prepare("INSERT INTO places (id, name, kind, country, country_code, aliases, source, lat, lon) VALUES (?, ?, 'city', ?, ?, '[]', 'test', ?, ?)");
    place.run('cn:3702', '青岛', '中国', 'CN', 36.07, 120.38);
    const doc = store.prepare(`INSERT INTO documents (id, source, title, published, script, chars, original, normalized, normalizer_version, extractor_version, ingested_at, extracted_at)
      VALUES (?, ?, ?, NULL, 'simplified', ?, ?, ?, 'n', 'test', '2025-01-01', '2025-01-01')`);
    const fact = store.prepare(
      "INSERT INTO facts (id, document_id, type, key, fields, method, confidence, status, extractor_version, created_at, updated_at) VALUES (?, ?, 'city_pair', ?, ?, 'rules', 0.9, ?, 'test', '2025-01-01', '2025-01-01')",
    );
    const ev = store.prepare("INSERT INTO evidence (fact_id, start, end, quote, method) VALUES (?, 0, 2, '青岛', 'rules')");
    const link = store.prepare('INSERT INTO fact_places (fact_id, role, place_id) VALUES (?, ?, ?)');
    for (let i = 0; i < PARTNERS + PENDING; i++) {
      // Country k takes about 1/(k+1) of the partners: a long tail of small countries.
      const country = COUNTRIES[Math.min(COUNTRIES.length - 1, Math.floor(COUNTRIES.length * (i / (PARTNERS + PENDING)) ** 2))]!;
      const name = `伙伴${i}`;
      place.run(`XX:${name}`, name, country, 'XX', -50 + ((i * 37) % 110), -180 + ((i * 71) % 360));
      const text = `青岛市与${country}${name}市缔结友好城市关系。`;
      const id = i.toString(16).padStart(16, '0');
      doc.run(id, `big/${i}.txt`, `青岛 ${i}`, text.length, text, text);
      fact.run(
        id,
        id,
        `p${id}`,
        JSON.stringify({ a: { name: '青岛', country: '中国' }, b: { name, country }, relation: i % 3 ? 'sister' : 'friendly', since: String(1980 + (i % 40)) }),
        i < PARTNERS ? 'approved' : 'pending',
      );
      ev.run(id);
      link.run(id, 'a', 'cn:3702');
      link.run(id, 'b', `XX:${name}`);
    }
  })();
  rebuildRelationships(store);
  return store;
}

beforeAll(async () => {
  db = bigStore(join(mkdtempSync(join(tmpdir(), 'youcheng-research-big-')), 'big.db'));
  ({ server, browser, close } = await servePages(db));
}, 120_000);

afterAll(() => close?.());

describe('research page of a place with 800 partners', () => {
  it('draws the network grouped by country, no label over another, with a legend; arcs stay in the map; pending ones are counted', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(`${server.url}research?place=${encodeURIComponent('青岛')}`);
    await expect.poll(() => page.locator('#place-title').textContent(), { timeout: 20_000 }).toBe(`青岛: ${PARTNERS} relationship(s)`);
    await expect.poll(() => page.locator('#waiting').textContent()).toMatch(new RegExp(`^${PENDING} more relationship\\(s\\) of 青岛 await review \\(pending\\)`));
    await expect.poll(() => page.locator('#network.grouped').count(), { timeout: 20_000 }).toBe(1);
    // Every partner is a dot; the labels are the place's and its countries' (or "N other countries").
    expect(await page.locator('#network circle:not(.group):not(.focus)').count()).toBe(PARTNERS);
    const labels = await page.locator('#network text').allTextContents();
    expect(labels[0]).toBe('青岛');
    expect(labels.length).toBeGreaterThan(10);
    expect(labels.slice(1).every((l) => / · \d+$/.test(l))).toBe(true);
    const counted = labels.slice(1).reduce((n, l) => n + Number(/ · (\d+)$/.exec(l)![1]), 0);
    expect(counted).toBe(PARTNERS);
    // The labels' boxes as the browser laid them out: none overlaps another, all inside the drawing.
    const { boxes, frame } = await page.evaluate(() => {
      const svg = document.getElementById('network')!.getBoundingClientRect();
      return {
        frame: { left: svg.left, top: svg.top, right: svg.right, bottom: svg.bottom },
        boxes: [...document.querySelectorAll('#network text')].map((t) => {
          const b = t.getBoundingClientRect();
          return { left: b.left, top: b.top, right: b.right, bottom: b.bottom };
        }),
      };
    });
    for (const [i, a] of boxes.entries()) {
      expect(a.left >= frame.left && a.right <= frame.right && a.top >= frame.top && a.bottom <= frame.bottom).toBe(true);
      for (const b of boxes.slice(i + 1)) expect(a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom, `${JSON.stringify(a)} ${JSON.stringify(b)}`).toBe(false);
    }
    await expect.poll(() => page.locator('.legend').first().textContent()).toContain('sister');
    // Every arc's points lie inside the map's frame.
    const outside = await page.locator('#map path.arc').evaluateAll(
      (paths) =>
        paths.filter((p) => {
          const b = (p as SVGGraphicsElement).getBBox();
          return b.x < -1 || b.y < -1 || b.x + b.width > 961 || b.y + b.height > 471;
        }).length,
    );
    expect(outside).toBe(0);
    await page.screenshot({ path: `${artifacts}research-800.png` });
    await page.locator('#network').screenshot({ path: `${artifacts}research-800-network.png` });
    // The pending ones, shown on request with their state.
    await page.locator('#show-pending').click();
    await expect.poll(() => page.locator('#place-title').textContent()).toBe(`青岛: ${PARTNERS + PENDING} relationship(s)`);
    expect(await page.locator('#relationships tbody tr', { hasText: 'pending' }).count()).toBe(PENDING);
    await page.close();
  });

  it('keeps both halves usable at 1024×768: results and drawings at 400 px or more', async () => {
    const page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
    await page.goto(`${server.url}research?place=${encodeURIComponent('青岛')}`);
    await expect.poll(() => page.locator('#network.grouped').count(), { timeout: 20_000 }).toBe(1);
    for (const pane of ['#results', '#drawings']) expect((await page.locator(pane).boundingBox())!.width).toBeGreaterThanOrEqual(400);
    await page.locator('#q').fill('青岛');
    await page.locator('#search-form button').click();
    await expect.poll(() => page.locator('#hits h3').textContent()).toMatch(/article\(s\) holding/);
    const hits = (await page.locator('#hits').boundingBox())!;
    expect(hits.x + hits.width).toBeLessThanOrEqual(1024);
    await page.screenshot({ path: `${artifacts}research-1024.png` });
    await page.close();
  });
});
