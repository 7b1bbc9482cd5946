import { describe, expect, it } from 'vitest';
import { score, type GoldFile } from '../../src/eval/score.ts';
import type { Fact, RecordLine } from '../../src/records.ts';

const original = '成都已與244個城市締結友好關係。4月16日開幕。';

function line(facts: Fact[]): RecordLine {
  return { doc: { id: '0123456789abcdef', source: 'd.txt', title: null, published: null, script: 'traditional', chars: original.length }, facts, warnings: [] };
}

const count = (value: number, start: number, end: number): Fact => ({
  type: 'count',
  value,
  approx: 'exact',
  unit: '个',
  of: '城市',
  holder: '成都',
  method: 'rules',
  confidence: 0.9,
  evidence: [{ start, end, quote: original.slice(start, end) }],
});

const gold: GoldFile = {
  docs: {
    'd.txt': {
      published: null,
      facts: [
        { type: 'count', value: 244, approx: 'exact', unit: '个', of: '城市', near: ['244個城市'] },
        { type: 'date', start: '2025-04-16', end: '2025-04-16', granularity: 'day', near: ['4月16日'] },
        { type: 'date', start: '2025-04-16', end: '2025-04-16', granularity: 'day', near: ['16日開幕'] },
      ],
    },
  },
};

describe('score', () => {
  it('matches by value, unit and overlapping evidence; merges gold facts with equal keys', () => {
    const date: Fact = {
      type: 'date',
      text: '4月16日',
      start: '2024-04-16',
      end: '2024-04-16',
      granularity: 'day',
      anchored: true,
      method: 'rules',
      confidence: 0.8,
      evidence: [{ start: original.indexOf('4月16日'), end: original.indexOf('4月16日') + 5, quote: '4月16日' }],
    };
    const r = score(gold, new Map([['d.txt', { original, line: line([count(244, 3, 9), count(244, 16, 18), date]) }]]));
    expect(r.types.count).toMatchObject({ gold: 1, predicted: 2, matched: 1 });
    expect(r.types.date).toMatchObject({ gold: 1, predicted: 1, matched: 1 });
    expect(r.attributes['date.year']).toMatchObject({ correct: 0, total: 1 });
    expect(r.invalidEvidence).toBe(0);
  });

  it('counts evidence whose quote is not the slice as invalid', () => {
    const bad = count(244, 3, 9);
    bad.evidence[0]!.quote = '244个城市';
    const r = score(gold, new Map([['d.txt', { original, line: line([bad]) }]]));
    expect(r.invalidEvidence).toBe(1);
  });
});
