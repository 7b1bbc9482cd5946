import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractDocument, extractRules, guarded, validFacts } from '../../src/extract/document.ts';
import { RecordLine, type Fact } from '../../src/records.ts';
import { THROWERS } from '../support/throwers.ts';

const samples = new URL('../../samples/', import.meta.url);
const gold = JSON.parse(readFileSync(new URL('gold.json', samples), 'utf8')) as { docs: Record<string, { published: string | null }> };

describe('extractDocument on every sample', () => {
  for (const name of readdirSync(samples).filter((f) => f.endsWith('.txt'))) {
    it(`${name}: every evidence item cites the original exactly, and the line follows the spec`, () => {
      const original = readFileSync(new URL(name, samples), 'utf8');
      const line = extractDocument(original, { source: name, published: gold.docs[name]?.published });
      expect(RecordLine.safeParse(line).success).toBe(true);
      expect(line.facts.length).toBeGreaterThan(5);
      for (const fact of line.facts) {
        for (const e of fact.evidence) expect(original.slice(e.start, e.end)).toBe(e.quote);
      }
      expect(line.doc.chars).toBe(original.length);
    });
  }

  it('merges repeated mentions into one record with several evidence items', () => {
    const text = '标题\n\n签署12项友好合作协议。又签署12项友好合作协议。4月16日开幕，4月16日闭幕。';
    const line = extractDocument(text, { source: 't', published: '2025-04-20' });
    const count = line.facts.filter((f) => f.type === 'count');
    const date = line.facts.filter((f) => f.type === 'date');
    expect(count).toHaveLength(1);
    expect(count[0]?.evidence).toHaveLength(2);
    expect(date).toHaveLength(1);
    expect(date[0]?.evidence.map((e) => e.quote)).toEqual(['4月16日', '4月16日']);
  });

  it('tells the script and the headline, and cites traditional text in traditional characters', () => {
    const text = '成都國際友城增至244個\n\n成都已與244個城市締結友好關係。';
    const line = extractDocument(text, { source: 't' });
    expect(line.doc).toMatchObject({ script: 'traditional', title: '成都國際友城增至244個', published: null, chars: text.length });
    expect(line.facts.find((f) => f.type === 'count' && f.of === '城市')?.evidence[0]?.quote).toBe('244個城市');
  });

  it('warns about a month-day that nothing lets it place', () => {
    const line = extractDocument('会议于5月22日举行。', { source: 't' });
    expect(line.facts.filter((f) => f.type === 'date')).toEqual([]);
    expect(line.warnings.join(' ')).toContain('5月22日');
  });
});

describe('an extractor error or a value out of range never loses the document', () => {
  it.each(THROWERS.map((t) => [t.slice(0, 30), t]))('%s: a valid line, every warning one line', (_, text) => {
    const { line, failed } = extractRules(text, { source: 't' });
    expect(RecordLine.safeParse(line).success).toBe(true);
    for (const f of line.facts) for (const e of f.evidence) expect(text.slice(e.start, e.end)).toBe(e.quote);
    for (const w of line.warnings) expect(w).not.toMatch(/\n/);
    // A failure is named in a warning (pairs.ts threw on the first two when this was written).
    for (const name of failed) expect(line.warnings.some((w) => w.startsWith(`${name} extractor failed`))).toBe(true);
  });

  it("keeps the other extractors' facts next to a failing one", () => {
    const { line } = extractRules('2024年5月，成都市长会见了来访的日本友城市长一行，双方签署12项友好合作协议。', { source: 't' });
    expect(line.facts.some((f) => f.type === 'date' && f.start === '2024-05')).toBe(true);
    expect(line.facts.some((f) => f.type === 'count' && f.value === 12)).toBe(true);
  });

  it('reads no count out of a numeral too large to be exact, or one that overflows', () => {
    const counts = (text: string) => extractDocument(text, { source: 't' }).facts.filter((f) => f.type === 'count' || f.type === 'agreement');
    expect(counts(THROWERS[2]!).every((f) => (f.type === 'count' ? Number.isSafeInteger(f.value) : f.count === null || Number.isSafeInteger(f.count)))).toBe(true);
    expect(counts(THROWERS[3]!)).toEqual([]);
  });

  it('names a failing step and its error in one warning, and goes on with the fallback', () => {
    const warnings: string[] = [];
    const failed: string[] = [];
    const result = guarded(
      'events',
      ['fallback'],
      () => {
        throw new TypeError("Cannot read properties of undefined (reading 'at')\n    at somewhere");
      },
      warnings,
      failed,
    );
    expect(result).toEqual(['fallback']);
    expect(failed).toEqual(['events']);
    expect(warnings).toEqual([`events extractor failed, its facts are missing (please report it): TypeError: Cannot read properties of undefined (reading 'at') at somewhere`]);
    expect(guarded('dates', [], () => [1], warnings, failed)).toEqual([1]);
    expect(failed).toEqual(['events']);
  });

  it('skips a fact whose value the contract does not allow, with a one-line warning', () => {
    const evidence = [{ start: 0, end: 2, quote: '结好' }];
    const base = { evidence, method: 'rules', confidence: 0.6 } as const;
    const facts: Fact[] = [
      { type: 'count', value: Infinity, approx: 'exact', unit: '个', of: '城市', holder: null, ...base },
      // biome-ignore lint/correctness/noPrecisionLoss: the unsafe integer '签署协议12331704665838069项' parses to, which the contract refuses.
      { type: 'agreement', title: null, kind: '协议', parties: [], count: 12331704665838069, fields: [], date: null, ...base },
      { type: 'city_pair', a: { name: '山东', country: '中国' }, b: { name: '布列塔尼大区', country: '法国' }, relation: 'sister', since: '785', ...base },
      { type: 'count', value: 12, approx: 'exact', unit: '项', of: '协议', holder: null, ...base },
    ];
    const warnings: string[] = [];
    expect(validFacts(facts, warnings)).toEqual([facts[3]]);
    expect(warnings).toEqual([
      'count 「结好」 skipped: value: Invalid input: expected number, received Infinity',
      'agreement 「结好」 skipped: count: Too big: expected int to be <=9007199254740991',
      'city_pair 「结好」 skipped: since: a date as YYYY, YYYY-MM or YYYY-MM-DD',
    ]);
  });
});
