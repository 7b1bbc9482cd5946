import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normalize } from '../../src/extract/normalize.ts';
import { parseNumeral, readNumber } from '../../src/extract/numbers.ts';

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
  ])('%s is %d', (text, value) => {
    expect(parseNumeral(text)).toBe(value);
  });

  it('is no number beyond what a double holds exactly, and never Infinity', () => {
    expect(parseNumeral('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
    expect(parseNumeral('12331704665838069')).toBeNull();
    expect(parseNumeral('1'.repeat(310))).toBeNull();
    expect(parseNumeral('9'.repeat(300) + '亿')).toBeNull();
    expect(parseNumeral('一'.repeat(20))).toBeNull();
    expect(parseNumeral('九千万亿亿')).toBeNull();
    expect(readNumber(`${'1'.repeat(310)}个城市`)).toBeNull();
  });

  it('passes at least 95 % of the peer parsers\' cases (Duckling, JioNLP)', () => {
    const failures = peer.filter((c) => readNumber(normalize(c.text).text)?.value !== c.value);
    if (failures.length) console.log(`number cases failed (${failures.length}/${peer.length}):\n${failures.map((f) => `  ${f.text} → expected ${f.value}, got ${readNumber(normalize(f.text).text)?.value}`).join('\n')}`);
    expect(1 - failures.length / peer.length).toBeGreaterThanOrEqual(0.95);
  });
});
