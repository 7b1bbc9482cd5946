import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findDates } from '../../src/extract/time/dates.ts';
import { normalize } from '../../src/extract/text/normalize.ts';

const peer = JSON.parse(readFileSync(new URL('./fixtures/peer-dates.json', import.meta.url), 'utf8')) as Array<{ text: string; ref: string; start: string; end: string; granularity: string }>;

function dates(text: string, published?: string) {
  const norm = normalize(text);
  return findDates(norm.text, { published }).dates.map((d) => ({ text: norm.text.slice(d.start, d.end), start: d.startDate, end: d.endDate, granularity: d.granularity, anchored: d.anchored }));
}

describe('dates', () => {
  it("passes at least 85 % of the peer parsers' cases (Duckling, JioNLP)", () => {
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

  it('reads day ranges written with a hyphen or a dash', () => {
    expect(dates('2019年4月12-19日')).toMatchObject([{ start: '2019-04-12', end: '2019-04-19', granularity: 'day' }]);
    expect(dates('4月12日-19日', '2024-04-01')).toMatchObject([{ start: '2024-04-12', end: '2024-04-19' }]);
    expect(dates('2024年4月12—19日')).toMatchObject([{ start: '2024-04-12', end: '2024-04-19' }]);
    expect(dates('12月30日-1月2日', '2024-12-01')).toMatchObject([{ start: '2024-12-30', end: '2025-01-02' }]);
  });

  it('reads dotted year-month forms and ranges, but not a decimal with a unit', () => {
    expect(dates('2024.5')).toMatchObject([{ start: '2024-05', end: '2024-05', granularity: 'month', anchored: false }]);
    expect(dates('2003.09，签约')).toMatchObject([{ text: '2003.09', start: '2003-09' }]);
    expect(dates('2024.5.12')).toMatchObject([{ start: '2024-05-12', granularity: 'day' }]);
    expect(dates('2023.9-2024.6')).toMatchObject([{ start: '2023-09', end: '2024-06', granularity: 'month' }]);
    expect(dates('2024.12.30-2025.1.2')).toMatchObject([{ start: '2024-12-30', end: '2025-01-02', granularity: 'day' }]);
    expect(dates('2015-3-3-2015-3-5')).toMatchObject([{ start: '2015-03-03', end: '2015-03-05' }]);
    expect(dates('增长2024.5万元')).toEqual([]);
  });

  it('places periods of a year at month granularity', () => {
    const ref = '2025-03-19';
    expect(dates('今年前三季度', ref)).toMatchObject([{ start: '2025-01', end: '2025-09', granularity: 'month', anchored: true }]);
    expect(dates('今年1至2月', ref)).toMatchObject([{ text: '今年1至2月', start: '2025-01', end: '2025-02' }]);
    expect(dates('1-5月，', ref)).toMatchObject([{ start: '2025-01', end: '2025-05' }]);
    expect(dates('前5个月，', ref)).toMatchObject([{ start: '2025-01', end: '2025-05' }]);
    expect(dates('上半年', ref)).toMatchObject([{ start: '2025-01', end: '2025-06' }]);
    expect(dates('去年下半年', ref)).toMatchObject([{ start: '2024-07', end: '2024-12' }]);
    expect(dates('2024年上半年')).toMatchObject([{ text: '2024年上半年', start: '2024-01', end: '2024-06', anchored: false }]);
    expect(dates('2024年第一季度')).toMatchObject([{ text: '2024年第一季度', start: '2024-01', end: '2024-03' }]);
    expect(dates('70年第8个月', '1965-10-01')).toMatchObject([{ start: '1970-08', granularity: 'month' }]);
    // Three months before the visit, and the visit's third month: durations, not dates.
    expect(dates('访问前三个月', ref)).toEqual([]);
    expect(dates('访问的第3个月', ref)).toEqual([]);
  });

  it("reads Taiwan's relative day with its day of month (今（14）日)", () => {
    expect(dates('市長今（14）日表示', '2023-10-14')).toMatchObject([{ start: '2023-10-14', granularity: 'day', anchored: true }]);
    expect(dates('昨（30）日抵達', '2023-12-01')).toMatchObject([{ start: '2023-11-30' }]);
    // 後（16）日, two days on: once read as NaN-NaN-16.
    expect(dates('將於後（16）日啟程', '2023-12-14')).toMatchObject([{ start: '2023-12-16' }]);
  });

  it('reads 大前天, 上上个月, 大后年 and the Cantonese 琴日', () => {
    const ref = '2013-02-12';
    expect(dates('大前天', ref)).toMatchObject([{ start: '2013-02-09' }]);
    expect(dates('大後天', ref)).toMatchObject([{ start: '2013-02-15' }]);
    expect(dates('上上個月', ref)).toMatchObject([{ start: '2012-12', granularity: 'month' }]);
    expect(dates('大后年3月', ref)).toMatchObject([{ start: '2016-03' }]);
    expect(dates('琴日', ref)).toMatchObject([{ start: '2013-02-11' }]);
  });

  it("reads Taiwan's Republic years, bare only where a month follows", () => {
    expect(dates('民國112年10月14日')).toMatchObject([{ start: '2023-10-14', anchored: false }]);
    expect(dates('112年10月14日至16日')).toMatchObject([{ start: '2023-10-14', end: '2023-10-16' }]);
    expect(dates('民國一百年')).toMatchObject([{ start: '2011', granularity: 'year' }]);
    expect(dates('建校112年', '2023-10-15')).toEqual([]);
  });

  it('does not take the month of a lone day from a date recalled from years before', () => {
    const found = dates('2024年6月12日至14日，洽谈会举行。2019年4月12日至19日，代表团曾来访。13日，推介会举行。');
    expect(found.find((d) => d.text === '13日')).toMatchObject({ start: '2024-06-13' });
  });

  it('places relative dates from the publication date', () => {
    expect(dates('去年9月，成都在日本举办推介活动', '2025-04-18')).toMatchObject([{ start: '2024-09', granularity: 'month', anchored: true }]);
    expect(dates('今年2月，四川国际友城馆揭牌', '2023-05-19')).toMatchObject([{ start: '2023-02' }]);
    expect(dates('明年将举办', '2023-05-19')).toMatchObject([{ start: '2024', granularity: 'year' }]);
    expect(dates('前年', '2023-05-19')).toMatchObject([{ start: '2021' }]);
  });

  it('never places a relative year from a year of history the article states; from its own event year it may', () => {
    const text = '1979年9月，武汉市与日本大分市结为友好城市。今年10月，湖北将举办国际友城合作论坛。';
    const norm = normalize(text);
    const { dates: found, unplaced } = findDates(norm.text, {});
    expect(found.map((d) => norm.text.slice(d.start, d.end))).toEqual(['1979年9月']);
    expect(unplaced).toEqual(['今年10月']);
    expect(dates(text, '2024-09-20').find((d) => d.text === '今年10月')).toMatchObject({ start: '2024-10' });
    expect(dates('2025成都国际友城合作与发展大会开幕。去年9月，成都在日本举办推介活动。').find((d) => d.text === '去年9月')).toMatchObject({ start: '2024-09' });
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
