/**
 * Releases from one template are documents of their own (other cities, country or date), while a
 * copy of one text under a site's junk stays one document; a cleaner copy replaces a damaged one.
 */
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestPaths } from '../../src/pipeline/files.ts';
import { openStore, type Store } from '../../src/store/db.ts';
import { decide, historyOf } from '../../src/store/review.ts';
import { launchChromium } from '../support/browser.ts';
import { mirror } from '../support/mirrors.ts';
import { newspaperHtml, pagesHtml, printPdf } from '../support/pdf.ts';
import { type Fill, gazetteerCities, release } from '../support/templates.ts';

function setUp(files: Record<string, string | Buffer>): { dir: string; db: Store } {
  const base = mkdtempSync(join(tmpdir(), 'youcheng-templates-'));
  const dir = join(base, 'in');
  mkdirSync(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return { dir, db: openStore(join(base, 't.db')) };
}

const count = (db: Store, sql: string) => (db.prepare(sql).get() as { n: number }).n;
const documents = (db: Store) => count(db, 'SELECT count(*) AS n FROM documents');
const pairs = (db: Store) => count(db, "SELECT count(*) AS n FROM facts WHERE type = 'city_pair'");

/** Every stored evidence span cites its document's original text. */
function citationsHold(db: Store): void {
  const rows = db.prepare('SELECT e.start, e.end, e.quote, d.original FROM evidence e JOIN facts f ON f.id = e.fact_id JOIN documents d ON d.id = f.document_id').all() as Array<{
    start: number;
    end: number;
    quote: string;
    original: string;
  }>;
  expect(rows.length).toBeGreaterThan(0);
  for (const r of rows) expect(r.original.slice(r.start, r.end)).toBe(r.quote);
}

const POOL = gazetteerCities(12);
const fill = (i: number, date = '2023年5月12日'): Fill => ({ city: POOL.cities[i]!, ...POOL.partners[i]!, date });

describe('releases from one template', () => {
  it('stores five releases that differ in the cities, the country and the date as five documents with five pairs', async () => {
    const fills = [fill(0), fill(1), fill(2), fill(3, '2024年3月8日'), fill(0, '2022年11月30日')];
    const { dir, db } = setUp(Object.fromEntries(fills.map((f, i) => [`${i}.txt`, release(f)])));
    const summary = await ingestPaths(db, [dir]);
    expect(summary).toMatchObject({ new: 5, duplicates: 0, failed: 0 });
    expect(documents(db)).toBe(5);
    expect(pairs(db)).toBe(5);
    // Each file is the one source of its own document.
    expect(count(db, 'SELECT count(*) AS n FROM document_sources')).toBe(5);
    citationsHold(db);
    db.close();
  });

  it("still takes a release under two sites' junk for one document", async () => {
    const text = release(fill(4));
    const { dir, db } = setUp({ 'a.txt': text, 'b.txt': mirror(text, '东方资讯网', 1), 'c.txt': mirror(text, '今日头条号', 6), 'd.txt': release(fill(5)) });
    const summary = await ingestPaths(db, [dir]);
    expect(summary).toMatchObject({ new: 2, duplicates: 2, failed: 0 });
    expect(pairs(db)).toBe(2);
    db.close();
  });

  it('property: n distinct fills give n documents and n pairs; junk around one of them adds a source, not a document', async () => {
    const dates = ['2019年4月2日', '2021年9月18日', '2023年5月12日', '2024年10月9日'];
    const anyFill = fc.record({ i: fc.nat({ max: POOL.cities.length - 1 }), j: fc.nat({ max: POOL.partners.length - 1 }), d: fc.constantFrom(...dates) });
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(anyFill, { minLength: 1, maxLength: 5, selector: (f) => `${f.i}/${f.j}/${f.d}` }), fc.nat(), async (chosen, seed) => {
        const fills = chosen.map(({ i, j, d }): Fill => ({ city: POOL.cities[i]!, ...POOL.partners[j]!, date: d }));
        const files: Record<string, string> = Object.fromEntries(fills.map((f, k) => [`${k}.txt`, release(f)]));
        files['m.txt'] = mirror(release(fills[seed % fills.length]!), '东方资讯网', seed % 10);
        const { dir, db } = setUp(files);
        try {
          const summary = await ingestPaths(db, [dir]);
          expect(summary).toMatchObject({ new: fills.length, duplicates: 1, failed: 0 });
          expect(documents(db)).toBe(fills.length);
          expect(pairs(db)).toBe(fills.length);
        } finally {
          db.close();
        }
      }),
      { numRuns: 12 },
    );
  }, 300_000);
});

describe('a PDF of releases from one template', () => {
  it('stores each page as a document of its own, never as a copy of another page', async () => {
    const fills = POOL.cities.map((_, i) => fill(i));
    const pages = fills.map((f, i) => {
      const [headline, , body] = release(f).split('\n');
      return newspaperHtml([{ headline: headline!, columns: 1, paragraphs: [body!] }], i + 1);
    });
    const { dir, db } = setUp({});
    const browser = await launchChromium();
    try {
      await printPdf(browser, pagesHtml(pages), join(dir, 'releases.pdf'));
    } finally {
      await browser.close();
    }
    const summary = await ingestPaths(db, [dir]);
    expect(summary).toMatchObject({ new: fills.length, duplicates: 0, failed: 0 });
    expect(pairs(db)).toBe(fills.length);
    expect(db.prepare('SELECT page FROM documents ORDER BY page').all()).toEqual(fills.map((_, i) => ({ page: i + 1 })));
    citationsHold(db);
    // Read again, each page stays with its own document.
    expect(await ingestPaths(db, [dir])).toMatchObject({ new: 0, unchanged: fills.length, duplicates: 0 });
    db.close();
  }, 120_000);
});

describe('a cleaner copy of a stored text', () => {
  /** The release with `n` of its characters (none of a name or the date; two in the agreement's title) lost to bad bytes in UTF-8. */
  function damaged(text: string, n: number): { text: string; bytes: Buffer } {
    const chars = [...text];
    const spots = chars.flatMap((c, i) => (/[建立经贸文化教育旅游青少年交流务实合作平台深化参观]/.test(c) ? [i] : [])).slice(0, n);
    expect(spots).toHaveLength(n);
    const bytes = Buffer.concat(chars.map((c, i) => (spots.includes(i) ? Buffer.from([0xff]) : Buffer.from(c))));
    return { text: chars.map((c, i) => (spots.includes(i) ? '\ufffd' : c)).join(''), bytes };
  }

  it('replaces a damaged UTF-8 copy: the text and facts are the clean one, the review history stays', async () => {
    const clean = release(fill(6));
    // The damaged copy is also a mirror's page: its evidence moves as well as reads otherwise.
    const bad = damaged(mirror(clean, '东方资讯网', 3), 9);
    const { dir, db } = setUp({ '1-damaged.txt': bad.bytes });
    await ingestPaths(db, [dir]);
    const id = (db.prepare('SELECT id FROM documents').get() as { id: string }).id;
    // Reviewed: the pair, and every fact citing a damaged character.
    const reviewed = db.prepare("SELECT DISTINCT f.id, f.version FROM facts f JOIN evidence e ON e.fact_id = f.id WHERE f.type = 'city_pair' OR instr(e.quote, char(65533)) > 0").all() as Array<{
      id: string;
      version: number;
    }>;
    expect(reviewed.length).toBeGreaterThan(1);
    for (const f of reviewed) expect(decide(db, { factId: f.id, action: 'approve', reviewer: 'alice', version: f.version })).toMatchObject({ ok: true });

    writeFileSync(join(dir, '2-clean.txt'), iconv.encode(clean, 'gb18030'));
    const summary = await ingestPaths(db, [dir]);
    expect(summary).toMatchObject({ new: 0, failed: 0 });
    expect(summary.warnings).toContainEqual(expect.stringContaining(`2-clean.txt: its text replaced that of document ${id}, a copy with 9 damaged character(s) (this one has 0)`));
    expect(db.prepare('SELECT id, original, charset, source FROM documents').all()).toEqual([{ id, original: clean, charset: 'gb18030', source: join(dir, '2-clean.txt') }]);
    expect(count(db, 'SELECT count(*) AS n FROM document_sources')).toBe(2);
    for (const f of reviewed) {
      expect(db.prepare('SELECT status FROM facts WHERE id = ?').get(f.id)).toEqual({ status: 'approved' });
      expect(historyOf(db, f.id)).toEqual([expect.objectContaining({ action: 'approve', reviewer: 'alice' })]);
    }
    expect(count(db, 'SELECT count(*) AS n FROM evidence WHERE instr(quote, char(65533)) > 0')).toBe(0);
    citationsHold(db);

    // Both copies again: nothing changes, the damaged one stays a source.
    const again = await ingestPaths(db, [dir]);
    expect(again).toMatchObject({ new: 0, reextracted: 0, failed: 0 });
    expect(db.prepare('SELECT original FROM documents').get()).toEqual({ original: clean });
    db.close();
  });
});
