import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { xml } from '../src/query/export.ts';
import { controlCharacter, jsonText, printable, printableLine } from '../src/printable.ts';

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this looks for.
const RAW = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

describe('printable text', () => {
  it('shows control and bidi characters as escapes, keeping tabs and line breaks unless one line', () => {
    expect(printable('标题\x1b]0;pwned\x07\x1b[31m\u202e\x9b\r\n\t好')).toBe('标题\\x1b]0;pwned\\x07\\x1b[31m\\u202e\\x9b\\r\n\t好');
    expect(printableLine('a\nb\tc\u2066')).toBe('a\\nb\\tc\\u2066');
    expect(controlCharacter('湖州')).toBeNull();
    expect(controlCharacter('湖\n州')).toBe('\n');
    expect(controlCharacter('湖\n州', false)).toBeNull();
  });

  it('leaves nothing raw, whatever the text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => !RAW.test(printable(s).replace(/[\t\n]/g, '')) && !RAW.test(printableLine(s)) && !/[\t\n]/.test(printableLine(s))));
  });

  it('writes JSON that reads back as the same value, with no raw C1 or bidi control', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string({ unit: 'binary' }), (v, s) => {
        const value = { v, s: `${s}\x9b\u202e` };
        const text = jsonText(value, 2);
        return !RAW.test(text) && JSON.stringify(JSON.parse(text)) === JSON.stringify(value);
      }),
    );
  });
});

describe('XML text', () => {
  it('escapes what XML forbids, lone surrogates too', () => {
    expect(xml('a\x00b\x1b\ud800c\udc00\uffff<&\r')).toBe('a\\x00b\\x1b\\ud800c\\udc00\\uffff&lt;&amp;&#13;');
    expect(xml('𡃁')).toBe('𡃁');
  });
});
