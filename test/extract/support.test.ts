/** Whether a quote states the fact it is evidence for: the check `add` and the review page run on facts added by hand. */
import { describe, expect, it } from 'vitest';
import type { Fact } from '../../src/records.ts';
import { unsupported } from '../../src/extract/support.ts';

const common = { evidence: [] as Fact['evidence'], method: 'manual' as const, confidence: 1 };
const pair = (a: string, b: string, country: string | null): Fact => ({ type: 'city_pair', a: { name: a, country: '中国' }, b: { name: b, country }, relation: 'sister', since: null, ...common });

describe('unsupported', () => {
  it('takes a pair named by name, kind word, alias or nickname, in either script', () => {
    expect(unsupported(pair('成都', '蒙彼利埃', '法国'), '蓉城与法國蒙彼利埃市結好')).toBeNull();
    expect(unsupported(pair('湖州', '轻井泽', '日本'), '湖州市同輕井澤町')).toBeNull();
    expect(unsupported(pair('重庆', '西雅图', '美国'), '渝西两地')).toMatch(/does not name 西雅图/);
    expect(unsupported(pair('湖州', '轻井泽', '日本'), '简讯\n今年')).toBe('the evidence 「简讯\n今年」 does not name 湖州 nor 轻井泽 (by name, alias or nickname)');
  });

  it('takes a count whose number the quote states, in figures or characters', () => {
    const count = (value: number): Fact => ({ type: 'count', value, approx: 'exact', unit: '个', of: '城市', holder: null, ...common });
    expect(unsupported(count(100), '数百名学生')).toBeNull();
    expect(unsupported(count(32000), '3.2万人次')).toBeNull();
    expect(unsupported(count(120), '一百二十个')).toBeNull();
    expect(unsupported(count(12), '１２个国家')).toBeNull();
    expect(unsupported(count(13), '12个国家')).toBe('the evidence 「12个国家」 does not state the number 13');
  });

  it("takes a date the quote states within the fact's bounds", () => {
    const date = (start: string, end = start): Fact => ({ type: 'date', text: 'x', start, end, granularity: start.length === 4 ? 'year' : 'month', anchored: false, ...common });
    expect(unsupported(date('1987-03'), '1987年3月')).toBeNull();
    expect(unsupported(date('1987'), '1987年3月签署')).toBeNull();
    expect(unsupported(date('2024-05'), '今年5月', '2024-06-01')).toBeNull();
    expect(unsupported(date('1998'), '2024年5月20日')).toBe('the evidence 「2024年5月20日」 does not state the date 1998');
  });
});
