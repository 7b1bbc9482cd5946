import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractDocument } from '../../src/extract/document.ts';
import { RecordLine } from '../../src/records.ts';

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
    expect(count[0].evidence).toHaveLength(2);
    expect(date).toHaveLength(1);
    expect(date[0].evidence.map((e) => e.quote)).toEqual(['4月16日', '4月16日']);
  });

  it('tells the script and the headline, and cites traditional text in traditional characters', () => {
    const text = '成都國際友城增至244個\n\n成都已與244個城市締結友好關係。';
    const line = extractDocument(text, { source: 't' });
    expect(line.doc).toMatchObject({ script: 'traditional', title: '成都國際友城增至244個', published: null, chars: text.length });
    expect(line.facts.find((f) => f.type === 'count' && f.of === '城市')?.evidence[0].quote).toBe('244個城市');
  });

  it('warns about a month-day that nothing lets it place', () => {
    const line = extractDocument('会议于5月22日举行。', { source: 't' });
    expect(line.facts.filter((f) => f.type === 'date')).toEqual([]);
    expect(line.warnings.join(' ')).toContain('5月22日');
  });
});
