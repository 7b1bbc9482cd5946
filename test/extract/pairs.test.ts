import { describe, expect, it } from 'vitest';
import { extractDocument } from '../../src/extract/document.ts';
import { gazetteer } from '../../src/extract/gazetteer.ts';

function pairs(text: string, published?: string) {
  const original = `标题\n\n${text}`;
  const line = extractDocument(original, { source: 't', published });
  const found = line.facts.filter((f) => f.type === 'city_pair');
  for (const f of found) for (const e of f.evidence) expect(original.slice(e.start, e.end)).toBe(e.quote);
  return found.map((f) => (f.type === 'city_pair' ? { a: f.a.name, b: f.b.name, country: f.b.country, relation: f.relation, since: f.since } : null));
}

describe('city pairs', () => {
  it('reads A与<country>B缔结友好城市 with the date tied to it', () => {
    expect(pairs('1982年10月,四川与美国华盛顿 州缔结了友好省州关系,这是我省建立的第一对省级国际友好城市。')).toEqual([
      { a: '四川', b: '华盛顿州', country: '美国', relation: 'sister', since: '1982-10' },
    ]);
    expect(pairs('從1981成都與法國蒙彼利埃市正式簽署締結友好城市關係拉開序幕。')).toEqual([
      { a: '成都', b: '蒙彼利埃', country: '法国', relation: 'sister', since: '1981' },
    ]);
  });

  it('reads coordination with two Chinese sides, and 当天 as the day named before', () => {
    const found = pairs('4月16日,大会开幕。大会当天,成都市与英国曼彻斯特、都江堰市与匈牙利多瑙凯西市、尼泊尔泽里果德市结为友好合作关系城市。', '2025-04-18');
    expect(found).toEqual([
      { a: '成都', b: '曼彻斯特', country: '英国', relation: 'friendly', since: '2025-04-16' },
      { a: '都江堰', b: '多瑙凯西', country: '匈牙利', relation: 'friendly', since: '2025-04-16' },
      { a: '都江堰', b: '泽里果德', country: '尼泊尔', relation: 'friendly', since: '2025-04-16' },
    ]);
  });

  it('reads lists after a country, inheriting it', () => {
    expect(pairs('成都與韓國首爾、仁川、大邱等友城的合作項目集中在這裏。').map((p) => [p!.b, p!.country, p!.relation])).toEqual([
      ['首尔', '韩国', 'sister'],
      ['仁川', '韩国', 'sister'],
      ['大邱', '韩国', 'sister'],
    ]);
  });

  it('pairs an appositive with the place the article is about', () => {
    const found = pairs('成都的企业走出去。成都工业企业出海。天齐锂业在友好城市澳大利亚珀斯投建工厂。华侨凤凰集团也成为友好合作关系城市南非约翰内斯堡当地的顶尖公司。');
    expect(found).toEqual([
      { a: '成都', b: '珀斯', country: '澳大利亚', relation: 'sister', since: null },
      { a: '成都', b: '约翰内斯堡', country: '南非', relation: 'friendly', since: null },
    ]);
  });

  it('reads anniversaries as a relation, counting back to the year of establishment', () => {
    expect(pairs('2025年5月24日，山东省—布列塔尼大区结好40周年庆祝开幕式在济南举办。')).toEqual([
      { a: '山东', b: '布列塔尼大区', country: null, relation: 'sister', since: '1985' },
    ]);
  });

  it('catches an unknown foreign place from its country and suffix', () => {
    expect(pairs('绵阳市与德国某某堡市缔结友好城市关系。')).toMatchObject([{ a: '绵阳', b: '某某堡', country: '德国' }]);
  });

  it('finds no pair in a flight route, between two Chinese places, or without a relation word', () => {
    expect(pairs('开通重庆—越南河内、重庆—斯里兰卡科伦坡—马尔代夫马累两条国际航线，推动友城交往。')).toEqual([]);
    expect(pairs('成都与重庆结为友好城市。')).toEqual([]);
    expect(pairs('成都与法国蒙彼利埃大学开展了多层次的合作。')).toEqual([]);
    expect(pairs('与德国巴伐利亚州共同推动西门子基地落户四川。')).toEqual([]);
    expect(pairs('成都理工大学与法国蒙彼利埃大学建立友好合作关系。')).toEqual([]);
    expect(pairs('四川航空公司与韩国首尔航空公司结为友好合作伙伴。')).toEqual([]);
  });

  it('merges the mentions of one pair, keeping the most specific date', () => {
    const found = pairs('1979年10月，青岛市与日本下关市缔结国际友好城市关系。自1979年青岛市与日本下关市缔结首对友城关系以来，山东友城遍布世界。');
    expect(found).toEqual([{ a: '青岛', b: '下关', country: '日本', relation: 'sister', since: '1979-10' }]);
  });
});

describe('gazetteer resolution', () => {
  const g = gazetteer();
  it('resolves 蓉城, 成都市 and 成都 to one place', () => {
    const id = g.resolveChinese('成都')!.id;
    expect(g.resolveChinese('成都市')!.id).toBe(id);
    expect(g.resolveChinese('蓉城')!.id).toBe(id);
    expect(g.resolveChinese('成都')).toMatchObject({ name: '成都', kind: 'city', country: '中国' });
  });

  it('resolves 華盛頓州 and 华盛顿州 to one place, not the city', () => {
    const state = g.resolveForeign('华盛顿州', 'US')!;
    expect(state).toMatchObject({ name: '华盛顿州', kind: 'region', country: '美国' });
    expect(g.resolveForeign('華盛頓州', 'US')!.id).toBe(state.id);
    expect(g.resolveForeign('华盛顿', 'US')!.id).not.toBe(state.id);
  });

  it('knows countries by their short forms', () => {
    expect(g.country('阿联酋')?.code).toBe('AE');
    expect(g.country('韓國')?.name).toBe('韩国');
  });
});

describe('city pairs in a table-like list', () => {
  it('reads rows of <country> <city>(<date>缔结) as the article place\'s partners', () => {
    const found = pairs('长春市的国际友好城市\n日本 长野市(1981年4月19日缔结)\n美国 某某斯堡市(1994年5月缔结)\n长春市欢迎各国朋友。');
    expect(found).toEqual([
      { a: '长春', b: '长野', country: '日本', relation: 'sister', since: '1981-04-19' },
      { a: '长春', b: '某某斯堡', country: '美国', relation: 'sister', since: '1994-05' },
    ]);
  });
});

describe('city pairs: inputs that used to crash', () => {
  it('does not take a relation word inside a name for a place', () => {
    expect(pairs('4月，成都市长会见了来访的日本友城市长一行。')).toEqual([]);
    expect(pairs('法國友城市長一行訪問成都。')).toEqual([]);
  });

  it('takes no anniversary older than twinning for a since', () => {
    expect(pairs('2025山东5月布列塔尼结好1240周年').every((p) => p!.since === null)).toBe(true);
  });
});
