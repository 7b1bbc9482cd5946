/** The readable text of an HTML page: blocks on their own lines, page furniture left out. */
import * as cheerio from 'cheerio';
import type { AnyNode } from 'domhandler';

const JUNK = 'script, style, noscript, template, iframe, nav, header, footer, aside, form, button, select, svg';
const BLOCK = new Set(['p', 'div', 'br', 'li', 'ul', 'ol', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'tr', 'table', 'section', 'article', 'blockquote', 'pre', 'dd', 'dt', 'figcaption', 'hr', 'main']);

export interface HtmlText {
  text: string;
  title: string | null;
}

/** The charset a page declares in a meta tag, read from its first bytes. */
export function declaredCharset(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.subarray(0, 4096)).toString('latin1');
  const m = /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(head);
  return m ? m[1] : null;
}

export function htmlToText(html: string): HtmlText {
  const $ = cheerio.load(html);
  const title =
    $('meta[property="og:title"]').attr('content')?.trim() || $('h1').first().text().trim() || $('title').first().text().trim() || null;
  $(JUNK).remove();
  const parts: string[] = [];
  const walk = (nodes: AnyNode[]) => {
    for (const node of nodes) {
      if (node.type === 'text') parts.push(node.data.replace(/\s+/g, ' '));
      else if (node.type === 'tag') {
        const block = BLOCK.has(node.name);
        if (block) parts.push('\n');
        walk(node.children);
        if (block) parts.push('\n');
      }
    }
  };
  walk(($('body').length ? $('body').contents() : $.root().contents()).toArray());
  const text = parts
    .join('')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0)
    .join('\n\n');
  return { text, title };
}
