/**
 * Real PDFs for the PDF tests: newspaper-like HTML pages printed to PDF by headless Chromium
 * (fonts-noto-cjk), and the bad ones: an image-only page, an encrypted copy (qpdf), a copy
 * without Unicode maps, a truncated copy and a PDF of no pages.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { ALL_TEXTS } from './samples.ts';

export interface PageArticle {
  headline: string;
  columns: number;
  paragraphs: string[];
  /** A photo with this caption after the paragraph of this index. */
  caption?: { after: number; text: string };
}

/** What the article says, in reading order: headline, paragraphs, then the caption (read last). */
export function articleText(a: PageArticle): string {
  return [a.headline, ...a.paragraphs, a.caption?.text ?? ''].join('');
}

/** Sentences of the repository's articles that state sister-city facts (a relation word and a number). */
export const FACT_SENTENCES = [
  ...new Set(
    ALL_TEXTS.flatMap((t) => t.split(/(?<=。)|\n/))
      .map((s) => s.trim())
      .filter((s) => /友好城市|友城|结为|缔结/.test(s) && /\d/.test(s) && s.length >= 30 && s.length <= 150 && /^[^\s|｜\t]+$/.test(s)),
  ),
];

/** Paragraphs of three sentences, taken from `from` on. */
export function paragraphs(count: number, from: number): string[] {
  return Array.from({ length: count }, (_, i) => [0, 1, 2].map((k) => FACT_SENTENCES[(from + i * 3 + k) % FACT_SENTENCES.length]).join(''));
}

const esc = (s: string) => s.replace(/[<>&]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;' })[c]!);

/** A newspaper page: a running head, articles in columns under their headlines (a rule between them), a page number. */
export function newspaperHtml(articles: PageArticle[], pageNumber: number, head = `友城日报 2024年5月22日 星期三 第${pageNumber}版`): string {
  const body = articles
    .map((a) => {
      const parts = a.paragraphs.map((p, i) => {
        const photo = a.caption?.after === i ? `<figure><div class="photo"></div><figcaption>${esc(a.caption.text)}</figcaption></figure>` : '';
        return `<p>${esc(p)}</p>${photo}`;
      });
      return `<article><h1>${esc(a.headline)}</h1><div class="cols" style="column-count:${a.columns}">${parts.join('')}</div></article>`;
    })
    .join('');
  return `<!doctype html><html><head><meta charset="utf-8"><style>
    body { font-family: "Noto Serif CJK SC", serif; font-size: 10.5pt; line-height: 1.5; margin: 0; }
    .head { font-size: 8pt; border-bottom: 1px solid #000; margin-bottom: 8pt; }
    h1 { font-size: 20pt; margin: 6pt 0; }
    article + article { border-top: 2px solid #000; margin-top: 14pt; }
    .cols { column-gap: 1.8em; }
    p { text-indent: 2em; margin: 0; text-align: justify; }
    figure { margin: 6pt 0; break-inside: avoid; }
    .photo { height: 60pt; background: #999; }
    figcaption { font-size: 8pt; }
    .num { position: fixed; bottom: 0; width: 100%; text-align: center; font-size: 8pt; }
  </style></head><body><div class="head">${esc(head)}</div>${body}<div class="num">${pageNumber}</div></body></html>`;
}

/** Several pages of newspaperHtml as one document, each on a page of its own. */
export function pagesHtml(pages: string[]): string {
  const inner = (html: string) => html.replace(/^[\s\S]*<body>|<\/body>[\s\S]*$/g, '');
  return `${pages[0]!.split('<body>')[0]}<body>${pages.map((p) => `<section style="break-after: page">${inner(p)}</section>`).join('')}</body></html>`;
}

/** A page holding only an image (text drawn on a canvas): what a scan looks like to a reader. */
export const IMAGE_ONLY_HTML = `<!doctype html><html><body><canvas id="c" width="600" height="300"></canvas><script>
  const g = document.getElementById('c').getContext('2d');
  g.fillStyle = '#fff'; g.fillRect(0, 0, 600, 300); g.fillStyle = '#000'; g.font = '28px serif';
  g.fillText('成都与法国蒙彼利埃市缔结友好城市', 20, 100);
</script></body></html>`;

export async function printPdf(browser: Browser, html: string, path: string): Promise<void> {
  const page = await browser.newPage();
  try {
    await page.setContent(html, { waitUntil: 'load' });
    writeFileSync(path, await page.pdf({ format: 'A4', margin: { top: '15mm', bottom: '15mm', left: '15mm', right: '15mm' } }));
  } finally {
    await page.close();
  }
}

/** An encrypted copy that needs a password to open (qpdf, which .ci/run installs). */
export function encryptPdf(from: string, to: string): void {
  execFileSync('qpdf', ['--encrypt', 'reader-secret', 'owner-secret', '256', '--', from, to]);
}

/**
 * A copy whose fonts lose their Unicode maps (ToUnicode renamed in qpdf's uncompressed QDF form,
 * same length so every offset holds): its text reads as glyph numbers, as some typesetters' PDFs do.
 */
export function unmapPdf(from: string, to: string): void {
  const qdf = `${to}.qdf`;
  execFileSync('qpdf', ['--qdf', '--object-streams=disable', from, qdf]);
  writeFileSync(to, Buffer.from(readFileSync(qdf).toString('latin1').replaceAll('/ToUnicode', '/ToUnicodX'), 'latin1'));
}

/** The first 60 % of a PDF, as a download cut short leaves it. */
export function truncatePdf(from: string, to: string): void {
  const bytes = readFileSync(from);
  writeFileSync(to, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
}

/** A well-formed PDF whose page tree holds no page. */
export function zeroPagePdf(): Buffer {
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [] /Count 0 >>'];
  let out = '%PDF-1.4\n';
  const offsets = objects.map((o, i) => {
    const at = out.length;
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
    return at;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
