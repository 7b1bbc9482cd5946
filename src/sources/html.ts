/**
 * The article in an HTML page: its main text without navigation, share bars, comments,
 * related-link lists and footers, paragraph breaks kept; its title; its publication date.
 *
 * The generic extractor scores each container by the Chinese text of the paragraphs directly in
 * it, penalised by the share of that text inside links, and takes the best. When that finds too
 * little (under MIN_ARTICLE_CHARS), Mozilla's Readability (over linkedom) gets a second look.
 */
import { Readability } from '@mozilla/readability';
import * as cheerio from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { parseHTML } from 'linkedom';
import { CONTINUED_FROM } from './layout.ts';
import { chinaDate, datelineIn, publishedInText, publishedInUrl } from './published.ts';

const JUNK_TAGS = 'script, style, noscript, template, iframe, nav, header, footer, aside, form, button, select, svg, canvas, video, audio, object';
const JUNK_NAMES =
  /(?:^|[-_\s])(?:nav|navbar|menu|share|sharing|social|comment|comments|reply|related|recommend|hot|rank|footer|header|sidebar|side|breadcrumb|crumb|toolbar|advert|ads?|banner|copyright|friendlink|links?|login|search|pager|pagination|qrcode)(?:$|[-_\s\d])/i;
const BLOCK = new Set([
  'p',
  'div',
  'br',
  'li',
  'ul',
  'ol',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'tr',
  'table',
  'section',
  'article',
  'blockquote',
  'pre',
  'dd',
  'dt',
  'figcaption',
  'hr',
  'main',
  'center',
]);
const CJK = /[\u4e00-\u9fff]/g;
export const MIN_ARTICLE_CHARS = 80;
/** Nesting kept: real pages stay under a hundred levels; deeper ones are cut (see boundNesting). */
export const MAX_DEPTH = 100;
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
// Often left unclosed (<p>, <li> …), and closed implicitly by the parser: they do not deepen the nesting counted.
const OPTIONAL_END = new Set(['p', 'li', 'dt', 'dd', 'tr', 'td', 'th', 'thead', 'tbody', 'tfoot', 'option', 'optgroup', 'colgroup', 'rb', 'rt', 'rp']);
// A comment's start, or a tag (attributes without '<', so a stray '<' never makes the scan look far ahead).
const TAG = /<!--|<(\/?)([a-zA-Z][\w:-]*)[^<>]*>/g;
// Elements whose content is text, not markup.
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title']);

export interface PageArticle {
  text: string;
  title: string | null;
  /** YYYY-MM-DD from the page's metadata, its URL or its text; null when none says. */
  published: string | null;
  /** Which extractor produced the text. */
  extractor: 'generic' | 'readability' | 'whole-page';
  /** What of the page was left out, or could not be told apart. */
  warnings: string[];
}

/** The charset a page declares in a meta tag, read from its first bytes. */
export function declaredCharset(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.subarray(0, 4096)).toString('latin1');
  const m = /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(head);
  return m?.[1] ?? null;
}

function cjkLength(s: string): number {
  return s.match(CJK)?.length ?? 0;
}

/**
 * The page with tags nested deeper than MAX_DEPTH left out (a block one leaves a line break), their
 * text kept, in one linear pass over the markup. Thousands of nested elements would otherwise
 * take the HTML parser quadratic time (parse5 needs 7 s for 20,000 levels, htmlparser2 minutes
 * for a million) and overflow the stack in the libraries that walk the tree recursively (text,
 * serialisation, Readability).
 */
export function boundNesting(html: string): string {
  const open: string[] = [];
  const dropped = new Map<string, number>();
  const parts: string[] = [];
  let copied = 0;
  const cut = (from: number, to: number, name: string) => {
    parts.push(html.slice(copied, from), BLOCK.has(name) ? ' ' : '');
    copied = to;
  };
  const tags = new RegExp(TAG.source, 'g');
  for (let m = tags.exec(html); m; m = tags.exec(html)) {
    const end = m.index + m[0].length;
    if (m[0] === '<!--') {
      const close = html.indexOf('-->', end);
      if (close < 0) break;
      tags.lastIndex = close + 3;
      continue;
    }
    const name = m[2]!.toLowerCase(); // the tag name always participates
    if (VOID.has(name) || OPTIONAL_END.has(name)) continue;
    if (!m[1] && RAW_TEXT.has(name)) {
      const closing = new RegExp(`</${name}`, 'gi');
      closing.lastIndex = end;
      const close = closing.exec(html);
      if (!close) break;
      tags.lastIndex = closing.lastIndex;
      continue;
    }
    if (!m[1]) {
      if (open.length < MAX_DEPTH) open.push(name);
      else {
        dropped.set(name, (dropped.get(name) ?? 0) + 1);
        cut(m.index, end, name);
      }
      continue;
    }
    const pending = dropped.get(name) ?? 0;
    if (pending > 0) {
      dropped.set(name, pending - 1);
      cut(m.index, end, name);
      continue;
    }
    const at = open.lastIndexOf(name);
    if (at >= 0) open.length = at; // it closes whatever was left open inside it too
  }
  parts.push(html.slice(copied));
  return parts.join('');
}

/** Marks (private-use characters, dropped from the page's own text) of a table cell's start and of a story's (a headline it is split at). */
const CELL = '\ue000';
const STORY = '\ue001';
/** Cells of a grid of blocks: short text without a sentence in it. */
const GRID_CELL_MAX = 40;

/**
 * Cells of grids made of blocks (<div> rows of <div> cells, as tables are drawn with CSS): a
 * parent of at least three rows, each of the same number (two or more) of childless short cells.
 */
function gridCells($: cheerio.CheerioAPI, root: AnyNode[]): Set<Element> {
  const cells = new Set<Element>();
  $(root)
    .find('div, ul, ol, section, tbody')
    .addBack('div, ul, ol, section, tbody')
    .each((_, parent) => {
      const rows = $(parent).children().toArray();
      if (rows.length < 3) return;
      const width = $(rows[0]!).children().length;
      const grid =
        width >= 2 &&
        rows.every((r) => {
          const kids = $(r).children().toArray();
          return kids.length === width && kids.every((c) => $(c).children().length === 0 && $(c).text().trim().length <= GRID_CELL_MAX && !/[。；！？]/.test($(c).text()));
        });
      if (grid) for (const r of rows) for (const c of $(r).children().toArray()) cells.add(c);
    });
  return cells;
}

/**
 * Text with a line break around every block element, a table row's cells (<td>, a grid's cells)
 * on one line joined by ` | `, and a STORY line before each element of `stories`; walked with a
 * stack, whatever the nesting.
 */
function blockLines(nodes: AnyNode[], cells: Set<Element> = new Set(), stories: Set<Element> = new Set()): string[] {
  const parts: string[] = [];
  // A string on the stack is a line break owed when a block element ends.
  const stack: Array<AnyNode | string> = [...nodes].reverse();
  while (stack.length) {
    const node = stack.pop()!;
    if (typeof node === 'string') parts.push(node);
    else if (node.type === 'text') parts.push(node.data.replace(/[\s\ue000\ue001]+/g, ' '));
    else if (node.type === 'tag') {
      if (stories.has(node)) parts.push(`\n${STORY}\n`);
      if (node.name === 'td' || node.name === 'th' || cells.has(node)) parts.push(CELL);
      else if (BLOCK.has(node.name)) {
        parts.push('\n');
        stack.push('\n');
      }
      for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
    }
  }
  return parts
    .join('')
    .split('\n')
    .map((l) =>
      l.includes(CELL)
        ? l
            .split(CELL)
            .map((c) => c.trim())
            .filter((c) => c.length > 0)
            .join(' | ')
        : l.trim(),
    )
    .filter((l) => l.length > 0);
}

function blockText(nodes: AnyNode[], cells?: Set<Element>): string {
  return blockLines(nodes, cells).join('\n\n');
}

function metaPublished($: cheerio.CheerioAPI): string | null {
  const selectors = [
    'meta[property="article:published_time"]',
    'meta[name="PubDate"]',
    'meta[name="pubdate"]',
    'meta[name="publishdate"]',
    'meta[name="PublishDate"]',
    'meta[name="publish_date"]',
    'meta[itemprop="datePublished"]',
    'meta[name="date"]',
    'meta[name="dc.date"]',
    'meta[name="DC.date.issued"]',
  ];
  for (const sel of selectors) {
    const d = chinaDate($(sel).attr('content'));
    if (d) return d;
  }
  return chinaDate($('time[datetime]').first().attr('datetime'));
}

function titleOf($: cheerio.CheerioAPI): string | null {
  const t = $('meta[property="og:title"]').attr('content')?.trim() || $('h1').first().text().trim() || $('title').first().text().trim();
  return t ? t.replace(/\s+/g, ' ') : null;
}

function removeJunk($: cheerio.CheerioAPI): void {
  $(JUNK_TAGS).remove();
  $('[class], [id]').each((_, el) => {
    const names = `${$(el).attr('class') ?? ''} ${$(el).attr('id') ?? ''}`;
    if (JUNK_NAMES.test(names) && !/content|article|main|text|body|detail/i.test(names)) $(el).remove();
  });
  // Lists that are mostly links are link farms or related-article lists, not article text.
  $('ul, ol, table, div').each((_, el) => {
    const all = cjkLength($(el).text());
    const linked = cjkLength($(el).find('a').text());
    if (all > 0 && linked / all > 0.6 && $(el).find('a').length >= 3) $(el).remove();
  });
}

/** The container whose own paragraphs hold the most unlinked Chinese text. */
function bestContainer($: cheerio.CheerioAPI): Element | null {
  const scores = new Map<Element, number>();
  $('p, div, td, section, article, span, font').each((_, el) => {
    const own = $(el)
      .contents()
      .toArray()
      .filter((n) => n.type === 'text' || (n.type === 'tag' && !BLOCK.has(n.name) && n.name !== 'a'))
      .map((n) => $(n).text())
      .join('');
    const len = cjkLength(own);
    if (len < 10) return;
    const parent = el.parent?.type === 'tag' ? (el.parent as Element) : null;
    const target = el.name === 'p' || el.name === 'span' || el.name === 'font' ? parent : el;
    if (!target) return;
    scores.set(target, (scores.get(target) ?? 0) + len);
    const grand = target.parent?.type === 'tag' ? (target.parent as Element) : null;
    if (grand) scores.set(grand, (scores.get(grand) ?? 0) + len / 3);
  });
  let best: Element | null = null;
  let bestScore = 0;
  for (const [el, score] of scores) {
    const text = $(el).text();
    const linkShare = cjkLength($(el).find('a').text()) / Math.max(1, cjkLength(text));
    const s = score * (1 - linkShare);
    if (s > bestScore) {
      best = el;
      bestScore = s;
    }
  }
  return best;
}

function readability(html: string): string {
  const { document } = parseHTML(html);
  const parsed = new Readability(document as unknown as Document).parse();
  if (!parsed?.content) return '';
  return blockText(cheerio.load(parsed.content).root().contents().toArray());
}

/** Text of its own, not in links, enough to be an article or a column of one. */
function holdsText($: cheerio.CheerioAPI, el: AnyNode): boolean {
  return cjkLength($(el).text()) - cjkLength($(el).find('a').text()) >= MIN_ARTICLE_CHARS;
}

/**
 * The container of the main content: the best one, widened to its parent while a sibling holds
 * text of its own too (the other columns of a page, the other stories of a list).
 */
function mainContent($: cheerio.CheerioAPI, best: Element): { main: Element; parts: number } {
  let main = best;
  let parts = 1;
  let child: Element = best;
  for (let up = best.parent; up?.type === 'tag' && up.name !== 'body' && up.name !== 'html'; up = up.parent) {
    const others = $(up)
      .children()
      .toArray()
      .filter((c) => c !== child && holdsText($, c));
    child = up as Element;
    if (!others.length) continue;
    parts += others.length;
    main = child;
  }
  return { main, parts };
}

/** A numbered heading (一、 （二） 3.) heads a section of one article, not a story. */
const SECTION_HEADING = /^[（(]?[一二三四五六七八九十\d]{1,3}[）)、.．]/;

/**
 * The headings the main content's stories are headed by: of the highest level it holds at least
 * twice, none when it holds its highest once (one article's title over its sections).
 */
function storyHeadings($: cheerio.CheerioAPI, main: Element): Element[] {
  const headings = $(main)
    .find('h1, h2, h3, h4, h5, h6')
    .toArray()
    .filter((h) => !SECTION_HEADING.test($(h).text().trim()));
  const top = Math.min(...headings.map((h) => Number(h.name[1])));
  const stories = headings.filter((h) => Number(h.name[1]) === top);
  return stories.length >= 2 ? stories : [];
}

/** A story's body this short (in Chinese characters) makes a heading a section label, not a story. */
const STORY_MIN = 30;
/** Text before a page's first headline longer than this (a story continued from elsewhere) is a document of its own. */
const LEAD_IN = 40;
/** Paragraphs outside the main content this long are article text a warning names when it is left out. */
const LEFT_OUT_MIN = 40;

/**
 * The articles of an HTML page: usually one; a page whose main content holds several stories under
 * headlines of one level (an e-paper page, a list of news with their full text, columns) gives one
 * each, in reading order. What the page holds that is not read is named in a warning.
 */
export function extractArticles(html: string, url?: string): PageArticle[] {
  const $ = cheerio.load(boundNesting(html));
  const title = titleOf($);
  const wholeText = () => blockText(($('body').length ? $('body').contents() : $.root().contents()).toArray());
  // Read before the junk goes: the 发布时间 line often sits in a header bar.
  const pageText = wholeText();
  const published = metaPublished($) ?? (url ? publishedInUrl(url) : null) ?? publishedInText(pageText) ?? datelineIn(pageText);
  const article = (text: string, extractor: PageArticle['extractor'], warnings: string[] = [], own = title): PageArticle => ({ text, title: own, published, extractor, warnings });
  removeJunk($);
  const best = bestContainer($);
  if (!best) return [whole()];
  const { main, parts } = mainContent($, best);
  const cells = gridCells($, [main]);
  const warnings = leftOut($, main);
  const headings = storyHeadings($, main);
  const lines = blockLines($(main).contents().toArray(), cells, new Set(headings));
  const stories = splitStories(lines);
  if (stories.length > 1 && stories.slice(1).every((st) => cjkLength(st.body.join('')) >= STORY_MIN)) {
    const out = stories.flatMap((st, i) => {
      if (i === 0 && !st.headline) {
        const text = st.body.join('\n\n');
        if (cjkLength(text) <= LEAD_IN) return [];
        return [
          article(
            text,
            'generic',
            [...warnings, `the text before the page's first headline is a document of its own${CONTINUED_FROM.test(text) ? ' (a story continued from another page)' : ''}`],
            null,
          ),
        ];
      }
      return [article([st.headline!, ...st.body].join('\n\n'), 'generic', warnings, st.headline)];
    });
    // A short lead-in (a kicker, a date) is part of the first story.
    if (!stories[0]!.headline && cjkLength(stories[0]!.body.join('')) <= LEAD_IN && stories[0]!.body.length) out[0]!.text = [...stories[0]!.body, out[0]!.text].join('\n\n');
    return out;
  }
  const generic = lines.filter((l) => l !== STORY).join('\n\n');
  if (parts > 1) warnings.push(`the main content holds ${parts} blocks of text (columns or stories) and no headlines to split it by; read as one document`);
  if (cjkLength(generic) >= MIN_ARTICLE_CHARS) return [article(generic, 'generic', warnings)];
  const fallback = readability($.html());
  if (cjkLength(fallback) > cjkLength(generic)) return [article(fallback, 'readability')];
  return [generic ? article(generic, 'generic', warnings) : whole()];

  function whole(): PageArticle {
    return article(wholeText(), 'whole-page');
  }
}

/** Lines cut into stories at each STORY mark: the line after a mark is the story's headline. */
function splitStories(lines: string[]): Array<{ headline: string | null; body: string[] }> {
  const stories: Array<{ headline: string | null; body: string[] }> = [{ headline: null, body: [] }];
  for (const [i, l] of lines.entries()) {
    if (l === STORY) stories.push({ headline: null, body: [] });
    else if (lines[i - 1] === STORY) stories.at(-1)!.headline = l;
    else stories.at(-1)!.body.push(l);
  }
  return stories[0]!.body.length ? stories : stories.slice(1);
}

/** A warning naming the paragraphs of article text outside the main content, if any. */
function leftOut($: cheerio.CheerioAPI, main: Element): string[] {
  const inside = new Set($(main).find('*').addBack().toArray());
  const left = $('body p, body td, body li')
    .toArray()
    .filter(
      (el) =>
        !inside.has(el) &&
        !$(el)
          .parents()
          .toArray()
          .some((p) => inside.has(p)),
    )
    .map((el) => $(el).text().replace(/\s+/g, ' ').trim())
    .filter((t) => cjkLength(t) >= LEFT_OUT_MIN);
  if (!left.length) return [];
  return [`${left.length} paragraph(s) outside the main content were left out (${left.reduce((n, t) => n + t.length, 0)} characters, from 「${left[0]!.slice(0, 20)}…」)`];
}
