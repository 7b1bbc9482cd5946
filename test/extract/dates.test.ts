import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findDates } from '../../src/extract/dates.ts';
import { normalize } from '../../src/extract/normalize.ts';

const peer = JSON.parse(readFileSync(new URL('./fixtures/peer-dates.json', import.meta.url), 'utf8')) as Array<{ text: string; ref: string; start: string; end: string; granularity: string }>;

function dates(text: string, published?: string) {
  const norm = normalize(text);
  return findDates(norm.text, { published }).dates.map((d) => ({ text: norm.text.slice(d.start, d.end), start: d.startDate, end: d.endDate, granularity: d.granularity, anchored: d.anchored }));
}

describe('dates', () => {
  it('passes at least 85 % of the peer parsers\' cases (Duckling, JioNLP)', () => {
    const failures: string[] = [];
    for (const c of peer) {
      const found = dates(c.text, c.ref).sort((a, b) => b.text.length - a.text.length)[0];
      if (!found || found.start !== c.start || found.end !== c.end || found.granularity !== c.granularity) {
        failures.push(`  ${c.text} (ref ${c.ref}) → expected ${c.start}..${c.end} ${c.granularity}, got ${found ? `${found.start}..${found.end} ${found.granularity}` : 'nothing'}`);
      }
    }
    if (failures.length) console.log(`date cases failed (${failures.length}/${peer.length}):\n${failures.join('\n')}`);
    expect(1 - failures.length / peer.length).toBeGreaterThanOrEqual(0.85);
  });

  it('reads full, partial and Chinese-numeral dates', () => {
    expect(dates('二〇一四年十月二十一日，学校开校')).toMatchObject([{ start: '2014-10-21', granularity: 'day', anchored: false }]);
    expect(dates('1982年10月，四川与美国华盛顿州缔结了友好省州关系')).toMatchObject([{ start: '1982-10', end: '1982-10', granularity: 'month' }]);
    expect(dates('自2017年以来')).toMatchObject([{ start: '2017', granularity: 'year' }]);
  });

  it('takes a bare year after 从 as a year, but not a year opening an event name', () => {
    expect(dates('从1981成都与法国蒙彼利埃市正式签署缔结友好城市关系')).toMatchObject([{ text: '1981', start: '1981' }]);
    expect(dates('记者从2024重庆国际友好城市合作大会情况介绍会上获悉')).toEqual([]);
    expect(dates('《2025-2030年友城合作备忘录》')).toEqual([]);
  });

  it('reads ranges, inheriting what the end leaves out', () => {
    expect(dates('5月27日至30日', '2025-05-20')).toMatchObject([{ start: '2025-05-27', end: '2025-05-30', granularity: 'day' }]);
    expect(dates('2017年8月11日至8月22日')).toMatchObject([{ start: '2017-08-11', end: '2017-08-22' }]);
    expect(dates('4月21日至25日', '2025-04-17')).toMatchObject([{ start: '2025-04-21', end: '2025-04-25' }]);
  });

  it('places relative dates from the publication date', () => {
    expect(dates('去年9月，成都在日本举办推介活动', '2025-04-18')).toMatchObject([{ start: '2024-09', granularity: 'month', anchored: true }]);
    expect(dates('今年2月，四川国际友城馆揭牌', '2023-05-19')).toMatchObject([{ start: '2023-02' }]);
    expect(dates('明年将举办', '2023-05-19')).toMatchObject([{ start: '2024', granularity: 'year' }]);
    expect(dates('前年', '2023-05-19')).toMatchObject([{ start: '2021' }]);
  });

  it('anchors a month-day to the year opening an event name before it, without a publication date', () => {
    const found = dates('2025山东国际友城合作交流周亮点抢先看。2019年举办国际友城合作发展大会。5月24日，开幕式在济南举办。');
    expect(found.find((d) => d.text === '5月24日')).toMatchObject({ start: '2025-05-24', anchored: true });
  });

  it('takes the month of a day written alone from the date before it', () => {
    const found = dates('2025成都国际友城合作与发展大会。4月17日，代表团参观。成都的创新活力已在16日开幕式现场外展露无遗。');
    expect(found.find((d) => d.text === '16日')).toMatchObject({ start: '2025-04-16', granularity: 'day' });
  });

  it('leaves out what cannot be placed on the calendar', () => {
    expect(dates('每年七月，东郊记忆的舞台')).toEqual([]);
    expect(dates('近几年来，四川累计接待了36批外国政要团组')).toEqual([]);
    expect(dates('经过40多年的深耕细作，46年来')).toEqual([]);
  });
});
