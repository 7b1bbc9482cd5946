/**
 * Newspaper pages as people lay them out, printed by three engines and read as HTML: one document
 * per story in reading order, tables row by row, the page's furniture as metadata, and the same
 * facts whichever form the page comes in.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { extractDocument } from '../../src/extract/document.ts';
import { type Fact, factKey, type RecordLine } from '../../src/records.ts';
import { type Article, readArticles } from '../../src/sources/files.ts';
import { extractArticles } from '../../src/sources/html.ts';
import { launchChromium } from '../support/browser.ts';
import { DATELINE, type ExpectedPair, type FixturePage, GRID_TABLE_HTML, PAGES, PRODUCERS, printWith, UNSPLITTABLE_HTML } from '../support/newspaper.ts';

const dir = mkdtempSync(join(tmpdir(), 'youcheng-newspaper-'));
const pdf = (page: FixturePage, producer: string) => join(dir, `${page.name}-${producer}.pdf`);
const html = (page: FixturePage) => join(dir, `${page.name}.html`);
const squeeze = (s: string) => s.replace(/\s+/g, '');

beforeAll(async () => {
  const browser = await launchChromium();
  try {
    for (const page of PAGES) {
      writeFileSync(html(page), page.html);
      for (const producer of PRODUCERS) await printWith(producer, page.html, pdf(page, producer), browser);
    }
  } finally {
    await browser.close();
  }
}, 300_000);

function extracted(articles: Article[]): RecordLine[] {
  return articles.map((a) => extractDocument(a.original, { source: a.source, title: a.title, published: a.published, location: a.location, sourceWarnings: a.warnings }));
}

type Pair = Extract<Fact, { type: 'city_pair' }>;
const pairsOf = (lines: RecordLine[]) => lines.flatMap((l) => l.facts.filter((f): f is Pair => f.type === 'city_pair'));
const asExpected = (p: Pair): ExpectedPair => ({ a: p.a.name, b: p.b.name, since: p.since });
const sorted = (pairs: ExpectedPair[]) => [...pairs].sort((x, y) => `${x.a}${x.b}`.localeCompare(`${y.a}${y.b}`));

function expectEvidenceHolds(articles: Article[], lines: RecordLine[]): void {
  lines.forEach((line, i) => {
    for (const f of line.facts) for (const e of f.evidence) expect(articles[i]!.original.slice(e.start, e.end)).toBe(e.quote);
  });
}

describe.each(PRODUCERS)('PDF printed by %s', (producer) => {
  it.each(PAGES)('$name: every pair with its date, no other, evidence in the original, the page cited', async (page) => {
    const articles = await readArticles(pdf(page, producer));
    const lines = extracted(articles);
    expect(sorted(pairsOf(lines).map(asExpected))).toEqual(sorted(page.pairs));
    expectEvidenceHolds(articles, lines);
    for (const line of lines) {
      expect(line.doc.page).toBe(1);
      // The dateline is page metadata: the publication date, not text.
      expect(line.doc.published).toBe(DATELINE);
    }
    for (const a of articles) expect(a.original).not.toMatch(/友城日报|星期五|第\d版 /);
  });

  it('one document per story in reading order, each titled with its headline; subtitle, byline and opening in place', async () => {
    for (const page of PAGES.filter((p) => p.stories.length)) {
      const articles = await readArticles(pdf(page, producer));
      expect(articles.map((a) => a.title)).toEqual(page.stories.map((s) => s.headline || null));
      page.stories.forEach((story, i) => {
        const lines = articles[i]!.original.split('\n');
        const expected = [story.headline, story.subtitle, story.byline, ...story.paragraphs].filter((l): l is string => !!l);
        expect(lines.map(squeeze)).toEqual(expected.map(squeeze));
      });
    }
  });

  it('a story continued from another page is read without a title and warned about', async () => {
    const [continued] = await readArticles(pdf(PAGES[1]!, producer));
    expect(continued!.title).toBeNull();
    expect(continued!.warnings.join('\n')).toMatch(/page 1: a story continued from another page \(（上接第1版）\); its first part \(第1版\) is not in this file/);
  });

  it('the table reads row by row, its cells apart', async () => {
    const [table] = await readArticles(pdf(PAGES[2]!, producer));
    expect(table!.original).toContain('序号 | 友好城市 | 所在国家 | 结好时间\n1 | 威尼斯市 | 意大利 | 1980年3月\n');
  });
});

describe('the same pages as HTML', () => {
  it.each(PAGES)('$name: the facts of the PDFs, one document per story', async (page) => {
    const articles = await readArticles(html(page));
    const lines = extracted(articles);
    expect(sorted(pairsOf(lines).map(asExpected))).toEqual(sorted(page.pairs));
    expectEvidenceHolds(articles, lines);
    const fromPdf = extracted(await readArticles(pdf(page, 'chromium')));
    const facts = (ls: RecordLine[]) => ls.map((l) => l.facts.map(factKey).sort());
    expect(facts(lines)).toEqual(facts(fromPdf));
    expect(articles.map((a) => a.title)).toEqual(page.stories.length ? page.stories.map((s) => s.headline || null) : ['苏州市国际友好城市一览']);
    for (const line of lines) expect(line.doc.published).toBe(DATELINE);
  });

  it('a table drawn as a grid of <div>s reads as the <table> does', () => {
    const [grid] = extractArticles(GRID_TABLE_HTML);
    const [table] = extractArticles(PAGES[2]!.html);
    expect(grid!.text).toBe(table!.text);
    expect(grid!.text).toContain('1 | 威尼斯市 | 意大利 | 1980年3月');
  });

  it('a page whose main content cannot be split is one document that says so', () => {
    const pages = extractArticles(UNSPLITTABLE_HTML);
    expect(pages).toHaveLength(1);
    expect(pages[0]!.warnings).toEqual(['the main content holds 2 blocks of text (columns or stories) and no headlines to split it by; read as one document']);
    // Both columns are read, in order.
    expect(squeeze(pages[0]!.text).indexOf('本报讯')).toBeLessThan(squeeze(pages[0]!.text).indexOf('宜昌市与美国库克维尔市'));
  });

  it("an article's numbered sections under headings are not stories of their own", () => {
    const story = PAGES[0]!.stories[0]!;
    const sections = story.paragraphs.map((p, i) => `<h3>${'一二三'[i]}、${story.subtitle}</h3><p>${p}</p>`).join('');
    const pages = extractArticles(`<html><body><h1>${story.headline}</h1><div class="content">${sections}</div></body></html>`);
    expect(pages.map((p) => [p.title, p.warnings])).toEqual([[story.headline, []]]);
  });

  it('text left outside the main content is named in a warning', () => {
    const story = PAGES[0]!.stories[0]!;
    const body = `<div class="main"><article><h1>${story.headline}</h1>${story.paragraphs.map((p) => `<p>${p}</p>`).join('')}</article></div>`;
    const aside = '<div class="box"><p>另据了解，各地外事部门还将组织友城青少年夏令营、友城商品展销会等一系列活动，欢迎市民关注参与。</p></div>';
    const [page] = extractArticles(`<html><body>${body}${aside}</body></html>`);
    expect(page!.warnings.join('\n')).toMatch(/^1 paragraph\(s\) outside the main content were left out \(\d+ characters, from 「另据了解/);
  });
});

describe('relative dates', () => {
  const story = PAGES[0]!.stories[0]!;
  const text = [story.headline, ...story.paragraphs].join('\n');
  const dates = (line: RecordLine) => line.facts.filter((f) => f.type === 'date').map((f) => `${f.text}=${f.start}`);

  it('without a publication date, 今年10月 is left unplaced with a warning, not placed in a year of the story’s history', () => {
    const line = extractDocument(text, { source: 'story.txt' });
    expect(dates(line).filter((d) => d.startsWith('今年'))).toEqual([]);
    expect(line.warnings.join('\n')).toMatch(/could not be placed \(give --published\): .*今年10月/);
  });

  it('with the page’s dateline it is placed in the dateline’s year', async () => {
    const articles = await readArticles(pdf(PAGES[0]!, 'weasyprint'));
    expect(dates(extracted(articles)[0]!)).toContain('今年10月=2024-10');
  });
});
