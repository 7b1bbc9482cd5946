/** RSS 2.0, Atom and RDF (RSS 1.0) feeds: the items' links, titles and dates. */
import * as cheerio from 'cheerio';
import { InputError } from '../errors.ts';
import { chinaDate } from './published.ts';

export interface FeedItem {
  url: string;
  title: string | null;
  published: string | null;
}

export interface ParsedFeed {
  items: FeedItem[];
  /** Items left out, each with the reason (no link, a link that is not http(s)). */
  broken: string[];
}

export function parseFeed(xml: string, feedUrl: string): ParsedFeed {
  const $ = cheerio.load(xml, { xml: true });
  const root = $.root().children().first();
  const rootName = root.prop('tagName')?.toLowerCase() ?? '';
  if (!/^(?:rss|feed|rdf:rdf|rdf)$/.test(rootName)) throw new InputError(feedUrl, `is not an RSS, Atom or RDF feed (its root element is <${rootName || 'none'}>)`);
  const items: FeedItem[] = [];
  const broken: string[] = [];
  const entries = rootName === 'feed' ? $('entry') : $('item');
  entries.each((i, el) => {
    const e = $(el);
    const title = e.children('title').first().text().trim() || null;
    const link =
      rootName === 'feed'
        ? (e.children('link[rel="alternate"]').attr('href') ?? e.children('link').not('[rel]').attr('href') ?? e.children('link').first().attr('href'))
        : e.children('link').first().text().trim() || e.attr('rdf:about') || e.children('guid[isPermaLink!="false"]').text().trim();
    const date = e.children('pubDate, published, updated, dc\\:date, date').first().text().trim();
    if (!link) {
      broken.push(`item ${i + 1}${title ? ` (${title})` : ''} has no link`);
      return;
    }
    let url: URL;
    try {
      url = new URL(link.trim(), feedUrl);
    } catch {
      broken.push(`item ${i + 1} has a link that is not a URL: ${link}`);
      return;
    }
    if (!/^https?:$/.test(url.protocol)) {
      broken.push(`item ${i + 1} links to ${url.protocol} URL ${url.href}`);
      return;
    }
    url.hash = '';
    items.push({ url: url.href, title, published: chinaDate(date) });
  });
  return { items, broken };
}
