import { describe, expect, it } from 'vitest';
import { parseFeed } from '../../src/sources/feed.ts';
import { extractArticles } from '../../src/sources/html.ts';
import { chinaDate, publishedInText, publishedInUrl } from '../../src/sources/published.ts';
import { Robots } from '../../src/sources/robots.ts';

describe('robots.txt', () => {
  const robots = Robots.parse('User-agent: *\nDisallow: /private/\nAllow: /private/open\n\nUser-agent: youcheng\nDisallow: /no-youcheng\n', 'youcheng/0.1 (x)');
  it('uses the group naming the tool, longest match winning', () => {
    expect(robots.allows('/no-youcheng/a')).toBe(false);
    expect(robots.allows('/private/x')).toBe(true);
    const star = Robots.parse('User-agent: *\nDisallow: /private/\nAllow: /private/open\nDisallow: /*.pdf$', 'other');
    expect(star.allows('/private/x')).toBe(false);
    expect(star.allows('/private/open/1')).toBe(true);
    expect(star.allows('/a/b.pdf')).toBe(false);
    expect(star.allows('/a/b.pdf?x')).toBe(true);
  });
});

describe('publication dates', () => {
  it('reads metadata, URLs and text, in China time', () => {
    expect(chinaDate('2024-05-21T20:00:00Z')).toBe('2024-05-22');
    expect(chinaDate('2024-05-22T01:00:00+08:00')).toBe('2024-05-22');
    expect(chinaDate('2024-05-22 23:59')).toBe('2024-05-22');
    expect(chinaDate('Tue, 21 May 2024 18:00:00 GMT')).toBe('2024-05-22');
    expect(publishedInUrl('http://x.example/news/2024/05/22/abc.html')).toBe('2024-05-22');
    expect(publishedInUrl('http://x.example/zwgk/t20240522_1234.html')).toBe('2024-05-22');
    expect(publishedInText('来源：某某网 发布时间：2024-05-22 10:00')).toBe('2024-05-22');
    expect(publishedInText('發佈日期：2024年5月22日')).toBe('2024-05-22');
  });
});

describe('feeds', () => {
  it('reads RSS, Atom and RDF items, leaving out broken ones with a reason', () => {
    const rss = parseFeed(
      '<rss><channel><item><title>甲</title><link>/a.html</link><pubDate>Wed, 22 May 2024 02:00:00 GMT</pubDate></item><item><title>乙</title></item></channel></rss>',
      'http://h.example/feed',
    );
    expect(rss.items).toEqual([{ url: 'http://h.example/a.html', title: '甲', published: '2024-05-22' }]);
    expect(rss.broken).toEqual(['item 2 (乙) has no link']);
    const atom = parseFeed('<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>丙</title><link rel="alternate" href="http://h.example/c"/></entry></feed>', 'http://h.example/atom');
    expect(atom.items.map((i) => i.url)).toEqual(['http://h.example/c']);
    const rdf = parseFeed(
      '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><item rdf:about="http://h.example/d"><title>丁</title><link>http://h.example/d</link></item></rdf:RDF>',
      'http://h.example/rdf',
    );
    expect(rdf.items.map((i) => i.url)).toEqual(['http://h.example/d']);
    expect(() => parseFeed('<html><body>not a feed</body></html>', 'http://h.example/x')).toThrow(/is not an RSS, Atom or RDF feed/);
  });
});

describe('article extraction', () => {
  it('reads an article written as bare divs', () => {
    const para = '成都与法国蒙彼利埃市缔结友好城市关系，四十多年来两市在经贸、教育、文化等领域开展了广泛交流与合作，成果丰硕。';
    const page = extractArticles(`<html><body><main><article><h2>友城</h2>${Array.from({ length: 4 }, () => `<div>${para}</div>`).join('')}</article></main></body></html>`)[0]!;
    expect(page.text).toContain(para);
    expect(['generic', 'readability']).toContain(page.extractor);
  });
});
