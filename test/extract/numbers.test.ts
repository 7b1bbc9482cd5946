import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normalize } from '../../src/extract/text/normalize.ts';
import { parseNumeral, readNumber } from '../../src/extract/numbers/numbers.ts';

const peer = JSON.parse(readFileSync(new URL('./fixtures/peer-numbers.json', import.meta.url), 'utf8')) as Array<{ text: string; value: number; source: string }>;

describe('numbers', () => {
  it.each([
    ['一百二十', 120],
    ['两万', 20000],
    ['3.2万', 32000],
    ['二〇一四', 2014],
    ['廿', 20],
    ['百', 100],
    ['一千零五', 1005],
    ['1,040,000', 1040000],
    ['十', 10],
    // A last digit straight after 百/千/万/亿 is the next unit down.
    ['万五', 15000],
    ['千二', 1200],
    ['百八', 180],
    ['一万二', 12000],
    ['两千五', 2500],
    ['三万五千五', 35500],
    ['一亿二', 120000000],
    ['一万二千', 12000],
    ['一万零五', 10005],
    ['一万亿', 1e12],
    ['3万5千', 35000],
    ['1万2', 12000],
    ['一点五万', 15000],
  ])('%s is %d', (text, value) => {
    expect(parseNumeral(text)).toBe(value);
  });

  it('is no number beyond what a double holds exactly, and never Infinity', () => {
    expect(parseNumeral('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
    expect(parseNumeral('12331704665838069')).toBeNull();
    expect(parseNumeral('1'.repeat(310))).toBeNull();
    expect(parseNumeral(`${'9'.repeat(300)}亿`)).toBeNull();
    expect(parseNumeral('一'.repeat(20))).toBeNull();
    expect(parseNumeral('九千万亿亿')).toBeNull();
    expect(readNumber(`${'1'.repeat(310)}个城市`)).toBeNull();
  });

  it('reads a numeral mixing Arabic digits and units, but not into a following run of digits', () => {
    expect(readNumber('3万5千人')).toEqual({ value: 35000, length: 4 });
    expect(readNumber('1万2019年')).toEqual({ value: 10000, length: 2 });
  });

  it("passes at least 95 % of the peer parsers' cases (Duckling, JioNLP)", () => {
    const failures = peer.filter((c) => readNumber(normalize(c.text).text)?.value !== c.value);
    if (failures.length)
      console.log(`number cases failed (${failures.length}/${peer.length}):\n${failures.map((f) => `  ${f.text} → expected ${f.value}, got ${readNumber(normalize(f.text).text)?.value}`).join('\n')}`);
    expect(1 - failures.length / peer.length).toBeGreaterThanOrEqual(0.95);
  });
});
