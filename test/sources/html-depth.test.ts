/** Pages nested thousands of levels deep: the article is still read, with no stack overflow. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { boundNesting, extractArticles, MAX_DEPTH } from '../../src/sources/html.ts';

const sentence = '成都市与法国蒙彼利埃市于1981年缔结友好城市关系，双方签署12项合作协议，在教育、文化和经贸领域开展交流。';

function nested(levels: number): string {
  // Text at the top, in the middle and at the bottom of the nesting.
  const half = levels / 2;
  return `<html><head><title>深层页面</title></head><body>${'<div>'.repeat(half)}<p>${sentence}</p>${'<div class="x">'.repeat(half)}<p>${sentence.replace('1981', '1982')}</p><span>${sentence.replace('1981', '1983')}</span>${'</div>'.repeat(levels)}</body></html>`;
}

describe('deeply nested pages', () => {
  for (const levels of [5_000, 20_000]) {
    it(`reads the article out of ${levels.toLocaleString('en')} nested <div>`, () => {
      const page = extractArticles(nested(levels))[0]!;
      for (const year of ['1981', '1982', '1983']) expect(page.text).toContain(sentence.replace('1981', year));
      expect(page.title).toBe('深层页面');
    });
  }

  it('leaves the markup of ordinary pages untouched', () => {
    for (const name of ['heavy.html', 'mirror-a.html', 'big5.html']) {
      const html = readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'latin1');
      expect(boundNesting(html)).toBe(html);
    }
    const unclosed = `<div>${'<p>段落'.repeat(MAX_DEPTH * 3)}</div>`;
    expect(boundNesting(unclosed)).toBe(unclosed);
  });

  it('reads markup in scripts and comments as text, and stray or unclosed tags in one pass', () => {
    const inScript = `<script>${'<div>'.repeat(MAX_DEPTH * 2)}</script><!-- ${'<div>'.repeat(MAX_DEPTH * 2)} -->`;
    expect(boundNesting(inScript)).toBe(inScript);
    // A scan that looked ahead to the end of the page from each of these would take quadratic time.
    for (const junk of ['<a'.repeat(200_000), '<script'.repeat(100_000), '<!--'.repeat(100_000)]) {
      expect(boundNesting(`<p>${sentence}</p>${junk}`)).toBe(`<p>${sentence}</p>${junk}`);
    }
  });
});
