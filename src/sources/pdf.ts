/**
 * PDF sources: the text layer of each page (pdfjs-dist) in reading order, split into articles.
 *
 * Text items become lines (same baseline, no wide gap), lines become blocks (a column's run of
 * lines in one type size), and blocks are put in reading order by Breuel's two rules: a block
 * comes before one below it that it overlaps horizontally, and before one entirely to its right
 * unless something spanning both lies between them (a headline across the columns, a drawn rule,
 * a wide gap). Running heads and page numbers in the page's top and bottom bands are dropped.
 * Lines wrapped by the column are joined, a paragraph continued across a column or past a caption
 * is joined again, and captions (smaller type inside the body) move to the end of their article,
 * each on its own line. A page is split into articles at its headlines (type at least 1.3 times
 * the body's); a page without any at its rules and gaps; with neither it is one document, with a
 * warning saying so. Scans and text that cannot be decoded are refused, page by page.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { PDFPageProxy, TextItem } from 'pdfjs-dist/types/src/display/api.js';
import { InputError } from '../errors.ts';
import type { Region } from '../records.ts';
import { CONTINUED_FROM, CONTINUED_ON } from './layout.ts';
import { chinaDate } from './published.ts';

export interface PdfArticle {
  /** 1-based page number. */
  page: number;
  region: Region;
  title: string | null;
  /** Headline, then one paragraph a line, captions last. */
  text: string;
  /** Its page not split into articles; the first article also names the pages left out. */
  warnings: string[];
  /** YYYY-MM-DD: the dateline of its page (or of the paper's other pages), null when none is printed. */
  published: string | null;
}

const PDFJS = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
/** Type this much larger than the body's is a headline. */
const HEADLINE = 1.3;
/** Running heads and page numbers sit in this share of the page at its top and bottom. */
const BAND = 0.12;
/** Text before a page's first headline longer than this (a story continued from an earlier page) is a document of its own. */
const LEAD_IN = 40;
/** A part of a page without headlines shorter than this is no article of its own. */
const ARTICLE_MIN = 100;

interface Line {
  text: string;
  /** A table's row: its cells joined by ` | `, a paragraph of its own. */
  cells?: boolean;
  x0: number;
  x1: number;
  top: number;
  bottom: number;
  size: number;
}

/** A block of lines, or a separator (a drawn rule, a wide gap: no lines) that orders the blocks around it. */
interface Block {
  lines: Line[];
  x0: number;
  x1: number;
  top: number;
  bottom: number;
  size: number;
}

/**
 * Fonts that share a glyph between an ideograph and its radical map it to the radical in their
 * ToUnicode tables (Chromium's subsets of Noto CJK write 大 as ⼤ U+2F24): radicals back to the
 * ideographs. Kangxi radicals have compatibility decompositions; the supplement's need a table
 * (Unicode's EquivalentUnifiedIdeograph.txt, the radicals that are characters of their own).
 */
const SUPPLEMENT = new Map(
  Array.from('⺟母⺠民⺩王⻄西⻅见⻆角⻉贝⻋车⻑長⻓长⻔门⻗雨⻘青⻙韦⻚页⻛风⻜飞⻝食⻢马⻣骨⻤鬼⻥鱼⻦鸟⻧卤⻨麦⻩黄⻪黾⻬齐⻮齿⻰龙⻱龜⻳龟'.matchAll(/(.)(.)/gu), (m) => [m[1]!, m[2]!]),
);
/** Also the two- and three-em dashes a font draws for —— and ———. */
function ideographs(s: string): string {
  return s.replace(/[\u2e3a\u2e3b\u2e80-\u2fdf]/g, (c) => (c === '\u2e3a' ? '——' : c === '\u2e3b' ? '———' : (SUPPLEMENT.get(c) ?? (c >= '\u2f00' ? c.normalize('NFKC') : c))));
}

/**
 * A space between Chinese characters, or between one and a digit: spacing of justified or
 * letter-spaced type that pdf.js writes as a space (`21个国 家`), never a word break in Chinese.
 */
const CJK_SPACE = /(?<=[\u3000-\u303f\u3400-\u9fff\uff00-\uffef\d]) (?=[\u3000-\u303f\u3400-\u9fff\uff00-\uffef])|(?<=[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]) (?=\d)/g;
/** Single digits one space apart (`1 9 8 1`): a number in letter-spaced type. */
const SPACED_DIGITS = /(?<![\d.,])\d(?: \d)+(?![\d.,])/g;
const PAGE_NUMBER = /^[-–—\s]*(?:第\s*)?[\d一二三四五六七八九十]{1,4}\s*(?:页|版|頁)?(?:\s*(?:\/|of|共)\s*\d+\s*页?)?[-–—\s]*$|^(?:page|p\.)\s*\d+/i;
/** What a running head says: the paper's page and day (第3版, 星期三), its editor. */
const RUNNING_HEAD = /第\s*[\d一二三四五六七八九十]+\s*[版页頁]|星期[一二三四五六日天]|版面|责任编辑|責任編輯/;
/** A date, which a running head in small type is too (in body type it may be an article's dateline). */
const DATE = /\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日/;

function dominantSize(lines: Line[]): number {
  const weight = new Map<number, number>();
  for (const l of lines) weight.set(Math.round(l.size * 2) / 2, (weight.get(Math.round(l.size * 2) / 2) ?? 0) + l.text.length);
  return [...weight].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0;
}

/** Text items on one baseline, cut where a gap is wide enough to be a gutter between columns. */
function linesOf(items: TextItem[], pageHeight: number): Line[] {
  const glyphs = items
    // Rotated and vertical text (a margin note, a sideways label) is no part of the running text.
    .filter((it) => it.str.trim() && it.transform[1] === 0 && it.transform[2] === 0 && it.transform[3] > 0)
    .map((it) => {
      const size = it.transform[3];
      const baseline = pageHeight - it.transform[5];
      return { text: ideographs(it.str), x0: it.transform[4], x1: it.transform[4] + it.width, top: baseline - size, bottom: baseline + size * 0.2, size, baseline };
    })
    .sort((a, b) => a.baseline - b.baseline || a.x0 - b.x0);
  const rows: (typeof glyphs)[] = [];
  for (const g of glyphs) {
    const row = rows[rows.length - 1];
    if (row && Math.abs(row[0]!.baseline - g.baseline) < 0.3 * Math.min(row[0]!.size, g.size)) row.push(g);
    else rows.push([g]);
  }
  for (const row of rows) row.sort((a, b) => a.x0 - b.x0);
  // A wide gap is a gutter unless a neighbouring line in the same type runs across it: then it is a
  // space stretched by justification (记者 赵强 in a justified line).
  const crossed = (r: number, from: number, to: number, size: number) =>
    rows.some(
      (other, k) =>
        k !== r &&
        Math.abs(k - r) <= 2 &&
        Math.abs(other[0]!.size - size) < 0.1 * size &&
        Math.abs(other[0]!.baseline - rows[r]![0]!.baseline) < 2.5 * size &&
        other.some((o) => o.x0 < from && o.x1 > to),
    );
  const lines: Line[] = [];
  for (const [r, row] of rows.entries()) {
    let line: Line | null = null;
    for (const g of row) {
      const gap = line ? g.x0 - line.x1 : Infinity;
      if (line && (gap < 0.8 * Math.max(line.size, g.size) || (gap < 2 * g.size && crossed(r, line.x1, g.x0, g.size)))) {
        const space = gap > 0.15 * g.size && !/\s$/.test(line.text) && !/^\s/.test(g.text);
        line.text += (space ? ' ' : '') + g.text;
        line.x1 = Math.max(line.x1, g.x1);
        line.top = Math.min(line.top, g.top);
        line.bottom = Math.max(line.bottom, g.bottom);
        line.size = Math.max(line.size, g.size);
      } else {
        line = { text: g.text, x0: g.x0, x1: g.x1, top: g.top, bottom: g.bottom, size: g.size };
        lines.push(line);
      }
    }
  }
  for (const l of lines)
    l.text = l.text
      .trim()
      .replace(/\s+/g, ' ')
      .replace(CJK_SPACE, '')
      .replace(SPACED_DIGITS, (run) => run.replace(/ /g, ''));
  return lines;
}

/**
 * Page numbers and running heads: a block of one or two short lines in the top or bottom band,
 * in body type or smaller, that reads like one or stands in the same place on other pages.
 */
function isFurniture(b: Block, pageHeight: number, bodySize: number, repeated: Set<string>): boolean {
  const inBand = b.bottom < pageHeight * BAND || b.top > pageHeight * (1 - BAND);
  if (!inBand || b.lines.length > 2 || b.size >= bodySize * HEADLINE) return false;
  const small = b.size < bodySize * 0.95;
  return b.lines.every((l) => l.text.length <= 60 && (PAGE_NUMBER.test(l.text) || RUNNING_HEAD.test(l.text) || (small && DATE.test(l.text)) || repeated.has(furnitureKey(l))));
}

/** A paper's name: short, ending as Chinese papers' names do (日报, 晚报, 周刊 …). */
const PAPER_NAME = /^[\u4e00-\u9fff·\s]{2,12}(?:报|刊)$/;

/**
 * A page's furniture read as metadata: its dateline (the date a running head or the masthead's
 * line gives) and its masthead (the paper's name in headline type at the top, beside or above a
 * running head), which is then no part of any article.
 */
function pageMetadata(blocks: Block[], furniture: Block[], pageHeight: number, bodySize: number): { dateline: string | null; masthead: Block | undefined } {
  const dated = furniture.flatMap((b) => b.lines).find((l) => DATE.test(l.text));
  const masthead = blocks.find(
    (b) =>
      b.bottom < pageHeight * BAND &&
      b.size >= bodySize * HEADLINE &&
      b.lines.length === 1 &&
      b.lines[0]!.text.length <= 12 &&
      (PAPER_NAME.test(b.lines[0]!.text) || furniture.some((f) => f.top >= b.top - b.size && f.top - b.bottom < 2 * b.size && overlapX(f, b) > 0)),
  );
  return { dateline: dated ? chinaDate(DATE.exec(dated.text)![0]) : null, masthead };
}

/** A line as it would repeat on every page: its place and its words, page numbers aside. */
function furnitureKey(l: Line): string {
  return `${Math.round(l.top / 4)}:${l.text.replace(/\d+/g, '#')}`;
}

const overlapX = (a: Block, b: Block) => Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);

/** Rows of a table this short or longer are read as one. */
const TABLE_ROWS = 3;

/**
 * Tables: runs of at least TABLE_ROWS rows, each of the same number of cells (lines on one
 * baseline) standing in the same columns, either ruled apart or with ragged cell ends (justified
 * text in columns ends every full line at the column's edge). Each row becomes one line, its
 * cells joined by ` | `, so that the table is read row by row and not column by column.
 */
function tableRows(lines: Line[], rules: Block[]): Line[] {
  const rows: Line[][] = [];
  for (const l of [...lines].sort((a, b) => a.top - b.top || a.x0 - b.x0)) {
    const row = rows.at(-1);
    if (row && Math.abs(row[0]!.top - l.top) < 0.3 * l.size && Math.abs(row[0]!.size - l.size) < 0.15 * l.size) row.push(l);
    else rows.push([l]);
  }
  for (const row of rows) row.sort((a, b) => a.x0 - b.x0);
  const aligned = (a: Line[], b: Line[]) =>
    a.length === b.length && a.length >= 2 && b[0]!.top - a[0]!.bottom < 3 * b[0]!.size && a.every((c, j) => Math.min(c.x1, b[j]!.x1) - Math.max(c.x0, b[j]!.x0) > -c.size);
  const ruled = (a: Line[], b: Line[]) => rules.some((r) => r.top >= a[0]!.bottom - 2 && r.bottom <= b[0]!.top + 2 && r.x0 <= a[0]!.x0 && r.x1 >= a.at(-1)!.x1);
  const out: Line[] = [];
  for (let i = 0; i < rows.length; ) {
    let j = i + 1;
    while (j < rows.length && aligned(rows[j - 1]!, rows[j]!)) j++;
    const run = rows.slice(i, j);
    const edges = run[0]!.map((_, k) => Math.max(...run.map((r) => r[k]!.x1)));
    const justified = run.filter((r) => r.every((c, k) => c.x1 > edges[k]! - 0.5 * c.size)).length;
    // Columns of running text: lines ending at the column's edge, and sentences in most lines.
    const sentences = run.filter((r) => r.some((c) => /[，。；！？]./.test(c.text))).length;
    const table = run.length >= TABLE_ROWS && (run.slice(1).every((r, k) => ruled(run[k]!, r)) || (justified < run.length / 2 && sentences < run.length / 2));
    if (table)
      for (const r of run)
        out.push({
          text: r.map((c) => c.text).join(' | '),
          cells: true,
          x0: r[0]!.x0,
          x1: Math.max(...r.map((c) => c.x1)),
          top: Math.min(...r.map((c) => c.top)),
          bottom: Math.max(...r.map((c) => c.bottom)),
          size: r[0]!.size,
        });
    else out.push(...run.flat());
    i = j;
  }
  return out;
}

/** Consecutive lines of one column in one type size. */
function blocksOf(lines: Line[]): Block[] {
  const blocks: Block[] = [];
  for (const l of [...lines].sort((a, b) => a.top - b.top || a.x0 - b.x0)) {
    const block = blocks.find((b) => {
      const last = b.lines[b.lines.length - 1]!;
      const width = Math.min(l.x1 - l.x0, last.x1 - last.x0);
      return (
        Math.abs(last.size - l.size) < 0.1 * l.size &&
        // A table's rows stand further apart than a paragraph's lines.
        l.top - last.bottom < (l.cells && last.cells ? 2 : 0.8) * l.size &&
        l.top > last.top &&
        Math.min(l.x1, b.x1) - Math.max(l.x0, b.x0) > 0.5 * width &&
        Math.abs(l.x0 - b.x0) < 4 * l.size
      );
    });
    if (block) {
      block.lines.push(l);
      block.x0 = Math.min(block.x0, l.x0);
      block.x1 = Math.max(block.x1, l.x1);
      block.bottom = Math.max(block.bottom, l.bottom);
    } else blocks.push({ lines: [l], x0: l.x0, x1: l.x1, top: l.top, bottom: l.bottom, size: l.size });
  }
  return blocks;
}

type Matrix = [number, number, number, number, number, number];
const apply = (m: Matrix, x: number, y: number) => [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]] as const;
/** The matrix of p ↦ m(n(p)): n drawn inside m. */
const compose = (m: Matrix, n: Matrix): Matrix => [...apply(m, n[0], n[1]).map((v, i) => v - m[4 + i]!), ...apply(m, n[2], n[3]).map((v, i) => v - m[4 + i]!), ...apply(m, n[4], n[5])] as Matrix;
const IMAGES = new Set([OPS.paintImageXObject, OPS.paintInlineImageXObject, OPS.paintImageMaskXObject]);

/**
 * What the page draws besides text, in its top-down coordinates: horizontal rules (thin filled or
 * stroked paths) and figures (images, and filled shapes, short of a page-wide background).
 */
async function drawingsOf(page: PDFPageProxy, width: number, height: number): Promise<{ rules: Block[]; figures: Block[] }> {
  const ops = await page.getOperatorList();
  const rules: Block[] = [];
  const figures: Block[] = [];
  const stack: Matrix[] = [];
  let ctm: Matrix = [1, 0, 0, 1, 0, 0];
  const box = (x0: number, y0: number, x1: number, y1: number): Block => {
    const corners = [apply(ctm, x0, y0), apply(ctm, x1, y1)];
    const xs = corners.map((c) => c[0]);
    const ys = corners.map((c) => height - c[1]);
    return { lines: [], x0: Math.min(...xs), x1: Math.max(...xs), top: Math.min(...ys), bottom: Math.max(...ys), size: 0 };
  };
  ops.fnArray.forEach((fn, i) => {
    const args = ops.argsArray[i];
    if (fn === OPS.save) stack.push(ctm);
    else if (fn === OPS.restore) ctm = stack.pop() ?? ctm;
    else if (fn === OPS.transform) ctm = compose(ctm, args as Matrix);
    else if (fn === OPS.paintFormXObjectBegin) {
      stack.push(ctm);
      if (args[0]) ctm = compose(ctm, Array.from(args[0] as number[]) as Matrix);
    } else if (fn === OPS.paintFormXObjectEnd) ctm = stack.pop() ?? ctm;
    else if (IMAGES.has(fn)) figures.push(box(0, 0, 1, 1));
    else if (fn === OPS.constructPath && args[0] !== OPS.endPath && args[2]) {
      const [x0, y0, x1, y1] = args[2] as number[];
      const b = box(x0!, y0!, x1!, y1!);
      if (b.bottom - b.top <= 3) rules.push(b);
      else if ((b.x1 - b.x0) * (b.bottom - b.top) < 0.8 * width * height) figures.push(b);
    }
  });
  return { rules, figures };
}

/**
 * Separators: rules across at least a third of the text's width, and gaps across all of it at
 * least 2.5 lines of body type high (between articles set without a rule) where no figure stands.
 */
function separatorsOf(lines: Line[], drawn: { rules: Block[]; figures: Block[] }, bodySize: number): Block[] {
  if (!lines.length) return [];
  const x0 = Math.min(...lines.map((l) => l.x0));
  const x1 = Math.max(...lines.map((l) => l.x1));
  const separators = drawn.rules.filter((r) => r.x1 - r.x0 >= (x1 - x0) / 3);
  let bottom = Infinity;
  for (const l of [...lines].sort((a, b) => a.top - b.top)) {
    const gap = { lines: [], x0, x1, top: bottom, bottom: l.top, size: 0 };
    if (l.top - bottom >= 2.5 * bodySize && !drawn.figures.some((f) => f.top < gap.bottom && f.bottom > gap.top && overlapX(f, gap) > 0)) separators.push(gap);
    bottom = bottom === Infinity ? l.bottom : Math.max(bottom, l.bottom);
  }
  return separators;
}

/** Blocks a page may hold for Breuel's order, whose cost grows with the cube of their number. */
const ORDERED_MAX = 400;

/**
 * Breuel's reading order ("High performance document layout analysis", 2003), as a topological
 * sort. A page of more blocks (a large table, cells scattered) is read top to bottom, left to right.
 */
function readingOrder(blocks: Block[]): Block[] {
  const n = blocks.length;
  if (n > ORDERED_MAX) return [...blocks].sort((a, b) => a.top - b.top || a.x0 - b.x0);
  const after = blocks.map(() => [] as number[]);
  const waiting = blocks.map(() => 0);
  const between = (a: Block, b: Block) => {
    const [upper, lower] = a.top <= b.top ? [a, b] : [b, a];
    return blocks.some((c) => c !== a && c !== b && c.top >= upper.bottom - 1 && c.bottom <= lower.top + 1 && overlapX(c, a) > 0 && overlapX(c, b) > 0);
  };
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      const a = blocks[i]!;
      const b = blocks[j]!;
      const first = overlapX(a, b) > 0 ? a.top < b.top || (a.top === b.top && a.x0 < b.x0) : a.x1 <= b.x0 && !between(a, b);
      if (first) {
        after[i]!.push(j);
        waiting[j]!++;
      }
    }
  const order: Block[] = [];
  const done = new Set<number>();
  const byPosition = (x: number, y: number) => blocks[x]!.top - blocks[y]!.top || blocks[x]!.x0 - blocks[y]!.x0;
  while (order.length < n) {
    const open = [...blocks.keys()].filter((i) => !done.has(i));
    const ready = open.filter((i) => waiting[i] === 0);
    // A cycle (a layout the two rules cannot order) is broken at its topmost block.
    const next = (ready.length ? ready : open).sort(byPosition)[0]!;
    done.add(next);
    order.push(blocks[next]!);
    for (const j of after[next]!) waiting[j]!--;
  }
  return order;
}

const LATIN_END = /[A-Za-z0-9]$/;
const LATIN_START = /^[A-Za-z0-9]/;
const SENTENCE_END = /[。！？!?…；;：:」』”）)】]$/;

/**
 * A block's lines as paragraphs: a line short of the column's edge ends one, an indented line starts
 * one. The block is open when its last line runs to the edge without ending a sentence.
 */
function paragraphsOf(block: Block): { paragraphs: string[]; open: boolean } {
  const paragraphs: string[] = [];
  let current = '';
  const full = (l: Line) => l.x1 > block.x1 - 1.5 * l.size;
  // A line a character or two short without ending a sentence was wrapped early (a mark that may not end a line pulled a character down).
  const ends = (l: Line) => !full(l) && (SENTENCE_END.test(l.text) || l.x1 < block.x1 - 4 * l.size);
  block.lines.forEach((l, i) => {
    const indented = l.x0 > block.x0 + 0.8 * l.size;
    const before = block.lines[i - 1];
    if (before && (indented || l.cells || before.cells || ends(before))) {
      paragraphs.push(current);
      current = '';
    }
    current = joinLines(current, l.text);
  });
  paragraphs.push(current);
  const last = block.lines[block.lines.length - 1]!;
  return { paragraphs, open: !last.cells && full(last) && !SENTENCE_END.test(last.text) };
}

function joinLines(before: string, after: string): string {
  if (!before) return after;
  return LATIN_END.test(before) && LATIN_START.test(after) ? `${before} ${after}` : before + after;
}

/**
 * The article's text: headline, paragraphs (continued across blocks when a block ends
 * mid-paragraph, in the same type: a subtitle or a byline is a paragraph of its own), captions.
 */
function articleText(headline: Block[], body: Block[], captions: Block[]): string {
  const paragraphs: string[] = headline.map((b) => b.lines.map((l) => l.text).reduce(joinLines, ''));
  let open = false;
  for (const [i, b] of body.entries()) {
    const p = paragraphsOf(b);
    if (open && paragraphs.length && Math.abs(body[i - 1]!.size - b.size) < 0.1 * b.size) {
      paragraphs[paragraphs.length - 1] = joinLines(paragraphs[paragraphs.length - 1]!, p.paragraphs[0]!);
      paragraphs.push(...p.paragraphs.slice(1));
    } else paragraphs.push(...p.paragraphs);
    open = p.open;
  }
  for (const c of captions) paragraphs.push(c.lines.map((l) => l.text).reduce(joinLines, ''));
  return paragraphs.filter((p) => p.trim()).join('\n');
}

function regionOf(blocks: Block[]): Region {
  const x0 = Math.min(...blocks.map((b) => b.x0));
  const top = Math.min(...blocks.map((b) => b.top));
  const round = (v: number) => Math.round(v * 10) / 10;
  return { x: round(x0), y: round(top), width: round(Math.max(...blocks.map((b) => b.x1)) - x0), height: round(Math.max(...blocks.map((b) => b.bottom)) - top) };
}

/**
 * One page's blocks in reading order as articles: cut at each headline, or where the page has
 * none at its separators; with neither, the page is one document.
 */
function articlesOf(page: number, blocks: Block[], separators: Block[], bodySize: number): PdfArticle[] {
  const warnings: string[] = [];
  const isHeadline = (b: Block) => b.size >= bodySize * HEADLINE;
  // Captions: a few lines in smaller type than the body's, among the body's blocks.
  const isCaption = (b: Block) => b.size < bodySize * 0.95 && b.lines.length <= 3;
  const byHeadline = blocks.some(isHeadline);
  let leadWarning: string | undefined;
  const groups: Array<{ headline: Block[]; body: Block[] }> = [];
  let cut = true;
  for (const b of readingOrder([...blocks, ...separators])) {
    const last = groups[groups.length - 1];
    if (!b.lines.length) cut ||= !byHeadline;
    else if (isHeadline(b) && last?.headline.length && !last.body.length) last.headline.push(b);
    else if (isHeadline(b) || cut || !last) groups.push(isHeadline(b) ? { headline: [b], body: [] } : { headline: [], body: [b] });
    else last.body.push(b);
    if (b.lines.length) cut = false;
  }
  const chars = (g: { body: Block[] }) => g.body.reduce((n, b) => n + b.lines.reduce((m, l) => m + l.text.length, 0), 0);
  // Without headlines, rules and gaps cut articles only when every part is one (a table's rules cut rows).
  if (!byHeadline && groups.some((g) => chars(g) < ARTICLE_MIN)) groups.splice(0, groups.length, { headline: [], body: groups.flatMap((g) => g.body) });
  if (groups.length === 1 && !byHeadline) warnings.push(`page ${page}: no headline in larger type and no rule or gap to split the page by; the page is one document`);
  // A short lead-in before the first headline (a kicker) belongs to the article below it.
  const lead = groups[0];
  if (byHeadline && lead && !lead.headline.length && groups.length > 1) {
    if (chars(lead) <= LEAD_IN) {
      groups.shift();
      groups[0]!.body.unshift(...lead.body);
    } else leadWarning = `page ${page}: the text before the first headline (continued from an earlier page?) is a document of its own`;
  }
  return groups.map((g, n) => {
    // Small type before the body's first block is a byline (本报记者 …), read where it stands.
    const opening = g.body.findIndex((b) => !isCaption(b));
    const caption = (b: Block, i: number) => i > opening && isCaption(b);
    const text = articleText(
      g.headline,
      g.body.filter((b, i) => !caption(b, i)),
      g.body.filter(caption),
    );
    const title = g.headline.length ? articleText(g.headline, [], []).replace(/\n/g, ' ') : null;
    // The lead-in's warning is its own; one continued from another page says so itself (linkContinued).
    const own = n === 0 && leadWarning && !CONTINUED_FROM.test(text) ? [leadWarning] : [];
    return { page, region: regionOf([...g.headline, ...g.body]), title, text, warnings: [...warnings, ...own], published: null };
  });
}

/**
 * A story continued from another page (no headline of its own, opening with 上接第N版) keeps no
 * title and says where it began: the story on an earlier page of the file that goes on elsewhere
 * (下转…), else that its first part is not in the file.
 */
function linkContinued(articles: PdfArticle[]): void {
  for (const a of articles) {
    const from = CONTINUED_FROM.exec(a.text);
    if (!from || a.title) continue;
    const first = articles.filter((b) => b.page < a.page && CONTINUED_ON.test(b.text)).at(-1);
    const where = first ? `its first part is 「${first.title ?? first.text.slice(0, 20)}」 on page ${first.page}` : `its first part (第${from[1]}版) is not in this file`;
    a.warnings = [...a.warnings, `page ${a.page}: a story continued from another page (${from[0]}); ${where}; read as a document of its own without a title`];
  }
}

const NO_TEXT = 'no text layer; OCR is not supported';
const UNDECODABLE = 'its text cannot be decoded (fonts without a Unicode map); OCR is not supported';
/**
 * What text reads as: ASCII, Latin, punctuation, common CJK ideographs and full-width forms. A
 * font without a Unicode map gives glyph numbers, spread over the whole of Unicode (rare
 * ideographs, Yi, Hangul, controls, private use): well under this share of a page.
 */
const READABLE = /[\s\u0020-\u024f\u2000-\u206f\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/gu;
const READABLE_SHARE = 0.6;

function pdfProblem(err: unknown): string {
  const name = (err as Error)?.name;
  if (name === 'PasswordException') return 'is encrypted (needs a password); decrypt it first, e.g. qpdf --decrypt --password=… in.pdf out.pdf';
  if (name === 'InvalidPDFException') return `is not a readable PDF (broken or truncated): ${(err as Error).message}`;
  return `is a broken PDF: ${(err as Error)?.message ?? String(err)}`;
}

/** Reads a PDF's text layer; a PDF that cannot be read, holds no text at all or more than `maxPages` pages, is an InputError naming `input`. */
export async function readPdf(bytes: Uint8Array, input: string, maxPages = Number.POSITIVE_INFINITY): Promise<PdfArticle[]> {
  if (!Buffer.from(bytes.subarray(0, 1024)).includes('%PDF-')) throw new InputError(input, 'is not a PDF (no %PDF- header)');
  // A PDF ends with %%EOF (within its last KiB): without it, the file was cut short.
  if (!Buffer.from(bytes.subarray(Math.max(0, bytes.length - 1024))).includes('%%EOF')) throw new InputError(input, 'is truncated (no %%EOF at its end); fetch or copy it again');
  const task = getDocument({
    data: new Uint8Array(bytes),
    cMapUrl: join(PDFJS, 'cmaps/'),
    cMapPacked: true,
    standardFontDataUrl: join(PDFJS, 'standard_fonts/'),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: 0,
  });
  try {
    let doc;
    try {
      doc = await task.promise;
    } catch (err) {
      throw new InputError(input, pdfProblem(err));
    }
    if (doc.numPages === 0) throw new InputError(input, 'has no pages');
    if (doc.numPages > maxPages) throw new InputError(input, `has ${doc.numPages} pages, over the ${maxPages}-page cap; raise it with --pdf-max-pages`);
    const pages: Array<{ page: number; height: number; lines: Line[]; drawn: { rules: Block[]; figures: Block[] } }> = [];
    const left: Array<[number, string]> = [];
    for (let n = 1; n <= doc.numPages; n++) {
      try {
        const page = await doc.getPage(n);
        const [, , right, top] = page.view;
        const content = await page.getTextContent();
        const lines = linesOf(
          content.items.filter((i): i is TextItem => 'str' in i),
          top!,
        );
        const text = lines.map((l) => l.text).join('');
        if (!lines.length) left.push([n, NO_TEXT]);
        else if ((text.match(READABLE)?.length ?? 0) < text.length * READABLE_SHARE) left.push([n, UNDECODABLE]);
        else pages.push({ page: n, height: top!, lines, drawn: await drawingsOf(page, right!, top!) });
      } catch (err) {
        left.push([n, `cannot be read (${pdfProblem(err).replace(/^is /, '')})`]);
      }
    }
    const bodySize = dominantSize(pages.flatMap((p) => p.lines));
    const seen = new Map<string, number>();
    for (const p of pages) for (const key of new Set(p.lines.map(furnitureKey))) seen.set(key, (seen.get(key) ?? 0) + 1);
    const repeated = new Set([...seen].filter(([, count]) => count > 1).map(([key]) => key));
    const articles: PdfArticle[] = [];
    let paperDate: string | null = null;
    for (const p of pages) {
      const all = blocksOf(tableRows(p.lines, p.drawn.rules));
      const furniture = all.filter((b) => isFurniture(b, p.height, bodySize, repeated));
      const { dateline, masthead } = pageMetadata(all, furniture, p.height, bodySize);
      paperDate ??= dateline;
      const blocks = all.filter((b) => b !== masthead && !furniture.includes(b));
      // A scanned page may still carry a page number as text.
      if (!blocks.length) left.push([p.page, NO_TEXT]);
      else {
        const separators = separatorsOf(
          blocks.flatMap((b) => b.lines),
          p.drawn,
          bodySize,
        );
        articles.push(...articlesOf(p.page, blocks, separators, bodySize).map((a) => ({ ...a, published: dateline })));
      }
    }
    // A page without a dateline of its own was printed the day the paper's others were.
    for (const a of articles) a.published ??= paperDate;
    linkContinued(articles);
    left.sort((a, b) => a[0] - b[0]);
    // Nothing readable: a scan, or else a broken file.
    if (!articles.length) throw new InputError(input, left.find(([, why]) => why === NO_TEXT || why === UNDECODABLE)?.[1] ?? 'is a broken PDF: no page could be read');
    const warnings = left.map(([n, why]) => `page ${n}: ${why}; the page was left out`);
    articles[0]!.warnings.unshift(...warnings);
    return articles;
  } finally {
    await task.destroy();
  }
}
