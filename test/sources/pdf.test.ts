/** PDF pages as Chromium prints them: columns in reading order, articles split by headline, bad PDFs refused in one line. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import { extractDocument } from '../../src/extract/document.ts';
import { factKey } from '../../src/records.ts';
import { readArticles } from '../../src/sources/files.ts';
import { launchChromium } from '../support/browser.ts';
import { articleText, encryptPdf, IMAGE_ONLY_HTML, newspaperHtml, type PageArticle, pagesHtml, paragraphs, printPdf, truncatePdf, unmapPdf, zeroPagePdf } from '../support/pdf.ts';

const dir = mkdtempSync(join(tmpdir(), 'youcheng-pdf-'));
const pdf = (name: string) => join(dir, `${name}.pdf`);
const squeeze = (s: string) => s.replace(/\s+/g, '');

const TWO: PageArticle = { headline: '大庆市与韩国堤川市缔结友好城市', columns: 2, paragraphs: paragraphs(6, 35), caption: { after: 1, text: '图为签约仪式现场。记者 王晨曦 摄' } };
const THREE: PageArticle = { headline: '江苏友城数量位居全国前列', columns: 3, paragraphs: paragraphs(7, 75), caption: { after: 2, text: '图为友城代表参观园区。' } };
const FIRST: PageArticle = { headline: '四川与法国地方政府友城交流密切', columns: 2, paragraphs: paragraphs(2, 40) };
const SECOND: PageArticle = { headline: '云南边境友城合作不断深化', columns: 3, paragraphs: paragraphs(3, 50) };

// Letter-spaced type, which pdf.js reads with a space between every two characters.
const SPACED: PageArticle = { headline: '成都国际友城合作', columns: 1, paragraphs: ['1981年，成都与法国蒙彼利埃市缔结友好城市。此后成都的国际友城遍布五大洲。'] };

beforeAll(async () => {
  const browser = await launchChromium();
  try {
    await printPdf(browser, newspaperHtml([TWO], 3), pdf('two'));
    await printPdf(browser, newspaperHtml([THREE], 4), pdf('three'));
    await printPdf(browser, newspaperHtml([FIRST, SECOND], 5), pdf('both'));
    // No headline: every line in the body's type; then two such articles with a rule between them.
    const bodyType = (html: string) => html.replace('h1 { font-size: 20pt;', 'h1 { font-size: 10.5pt;');
    await printPdf(browser, bodyType(newspaperHtml([{ ...FIRST, headline: '' }], 6)), pdf('plain'));
    // A photo with a caption between the paragraphs: a gap that a figure fills is no separator.
    await printPdf(browser, bodyType(newspaperHtml([{ ...FIRST, headline: '', columns: 1, caption: { after: 0, text: '图为会谈现场。' } }], 6)), pdf('photo'));
    await printPdf(browser, bodyType(newspaperHtml([FIRST, SECOND], 7)), pdf('ruled'));
    await printPdf(browser, IMAGE_ONLY_HTML, pdf('scan'));
    // A running head with neither date nor page, told by standing on every page; a dateline in body type at the foot of a page.
    const weekly = (articles: PageArticle[], n: number) => newspaperHtml(articles, n, '友城周刊 · 要闻');
    await printPdf(browser, pagesHtml([weekly([FIRST], 1), weekly([SECOND], 2)]), pdf('weekly'));
    const dateline = '<p style="position: fixed; bottom: 8mm; text-indent: 0">（2024年5月22日）</p>';
    await printPdf(browser, newspaperHtml([SPACED], 10).replace('</body>', `${dateline}</body>`), pdf('dateline'));
    await printPdf(browser, newspaperHtml([SPACED], 9).replace('p { text-indent: 2em;', 'p { letter-spacing: 0.3em; text-indent: 2em;'), pdf('spaced'));
    // Page 2 a scan (its page number still text).
    const scanned = IMAGE_ONLY_HTML.replace(/^[\s\S]*<body>|<\/body>[\s\S]*$/g, '');
    await printPdf(browser, newspaperHtml([FIRST], 8).replace('</body>', `<div style="break-before: page">${scanned}</div></body>`), pdf('mixed'));
  } finally {
    await browser.close();
  }
  encryptPdf(pdf('two'), pdf('encrypted'));
  truncatePdf(pdf('two'), pdf('truncated'));
  unmapPdf(pdf('two'), pdf('unmapped'));
  writeFileSync(pdf('zero'), zeroPagePdf());
  writeFileSync(pdf('not-really'), '<html><body>成都与法国蒙彼利埃市缔结友好城市</body></html>');
}, 120_000);

describe('columns in reading order', () => {
  it.each([
    ['two', TWO],
    ['three', THREE],
  ])('a %s-column page reads as the source: headline, paragraphs across columns, the caption last', async (name, source) => {
    const articles = await readArticles(pdf(name));
    expect(articles).toHaveLength(1);
    const [a] = articles;
    expect(squeeze(a!.original)).toBe(squeeze(articleText(source)));
    expect(a!.title).toBe(source.headline);
    expect(a!.original.split('\n')[0]).toBe(source.headline);
    // The running head (date, 第N版) and the page number are gone.
    expect(a!.original).not.toMatch(/友城日报|第\d版|\n\d+$/);
    expect(a!.location).toMatchObject({ page: 1 });
    const r = a!.location!.region;
    expect(r.x).toBeGreaterThan(0);
    expect(r.x + r.width).toBeLessThanOrEqual(596);
    expect(r.y + r.height).toBeLessThanOrEqual(842);
    expect(a!.warnings).toEqual([]);
  });

  it.each([
    ['two', TWO],
    ['three', THREE],
  ])('the %s-column page yields the facts of its source, each with valid evidence', async (name, source) => {
    const [a] = await readArticles(pdf(name));
    const line = extractDocument(a!.original, { source: a!.source, title: a!.title, location: a!.location });
    expect(line.doc).toMatchObject({ page: 1, region: a!.location!.region });
    for (const f of line.facts) for (const e of f.evidence) expect(a!.original.slice(e.start, e.end)).toBe(e.quote);
    const text = [source.headline, ...source.paragraphs, source.caption!.text].join('\n');
    const expected = extractDocument(text, { source: 'source' }).facts.filter((f) => f.type === 'city_pair');
    expect(expected.length).toBeGreaterThan(2);
    const found = new Set(line.facts.map(factKey));
    for (const f of expected) expect(found, factKey(f)).toContain(factKey(f));
  });
});

it('letter-spaced Chinese type is read without spaces between its characters', async () => {
  const [a] = await readArticles(pdf('spaced'));
  expect(a!.original).toBe(`${SPACED.headline}\n${SPACED.paragraphs[0]}`);
  const pairs = extractDocument(a!.original, { source: a!.source }).facts.filter((f) => f.type === 'city_pair');
  expect(pairs.map((f) => [f.a.name, f.b.name])).toEqual([['成都', '蒙彼利埃']]);
});

describe('page furniture', () => {
  it('drops a running head that stands on every page, and keeps a dateline in body type at the foot of a page', async () => {
    const weekly = await readArticles(pdf('weekly'));
    expect(weekly.map((a) => [a.location!.page, squeeze(a.original)])).toEqual([
      [1, squeeze(articleText(FIRST))],
      [2, squeeze(articleText(SECOND))],
    ]);
    const [dated] = await readArticles(pdf('dateline'));
    expect(dated!.original).toBe(`${SPACED.headline}\n${SPACED.paragraphs[0]}\n（2024年5月22日）`);
  });
});

describe('articles on a page', () => {
  it('splits a page of two articles at their headlines, each with its own region', async () => {
    const articles = await readArticles(pdf('both'));
    expect(articles.map((a) => a.title)).toEqual([FIRST.headline, SECOND.headline]);
    expect(articles.map((a) => squeeze(a.original))).toEqual([squeeze(articleText(FIRST)), squeeze(articleText(SECOND))]);
    const [r1, r2] = articles.map((a) => a.location!.region);
    expect(articles.map((a) => a.location!.page)).toEqual([1, 1]);
    expect(r1!.y + r1!.height).toBeLessThan(r2!.y);
  });

  it('a page whose headlines are in body type is split at the rule between its articles', async () => {
    const articles = await readArticles(pdf('ruled'));
    expect(articles.map((a) => squeeze(a.original))).toEqual([squeeze(articleText(FIRST)), squeeze(articleText(SECOND))]);
    expect(articles.map((a) => [a.title, a.warnings])).toEqual([
      [null, []],
      [null, []],
    ]);
  });

  it('a page without headlines is not cut at a photo between its paragraphs', async () => {
    const articles = await readArticles(pdf('photo'));
    expect(articles.map((a) => squeeze(a.original))).toEqual([squeeze(`${FIRST.paragraphs.join('')}图为会谈现场。`)]);
  });

  it('a page with no headline to split by is one document, with a warning saying so', async () => {
    const articles = await readArticles(pdf('plain'));
    expect(articles).toHaveLength(1);
    expect(squeeze(articles[0]!.original)).toBe(squeeze(FIRST.paragraphs.join('')));
    expect(articles[0]!.warnings).toEqual(['page 1: no headline in larger type and no rule or gap to split the page by; the page is one document']);
  });
});

describe('bad PDFs', () => {
  it('a page without text among pages with text is left out with a warning', async () => {
    const articles = await readArticles(pdf('mixed'));
    expect(articles.map((a) => [a.title, a.location!.page])).toEqual([[FIRST.headline, 1]]);
    expect(articles[0]!.warnings).toEqual(['page 2: no text layer; OCR is not supported; the page was left out']);
  });

  it.each([
    ['scan', 'no text layer; OCR is not supported'],
    ['encrypted', 'is encrypted (needs a password); decrypt it first, e.g. qpdf --decrypt --password=… in.pdf out.pdf'],
    ['truncated', 'is truncated (no %%EOF at its end); fetch or copy it again'],
    ['unmapped', 'its text cannot be decoded (fonts without a Unicode map); OCR is not supported'],
    ['zero', 'has no pages'],
    ['not-really', 'is not a PDF (no %PDF- header)'],
  ])('%s: one line naming the file and the problem', async (name, problem) => {
    const err = await readArticles(pdf(name)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toBe(`${pdf(name)}: ${problem}`);
  });

  it('a PDF over the cap is refused before it is read', async () => {
    await expect(readArticles(pdf('two'), 1000)).rejects.toThrow(/two\.pdf: is 0\.\d MB \(\d+ bytes\), over the 1000-byte cap \(raise it with --max-bytes\)/);
  });
});
