import { describe, expect, it } from 'vitest';
import { extractDocument } from '../../src/extract/document.ts';
import { gazetteer } from '../../src/extract/places/gazetteer.ts';

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
    expect(pairs('從1981成都與法國蒙彼利埃市正式簽署締結友好城市關係拉開序幕。')).toEqual([{ a: '成都', b: '蒙彼利埃', country: '法国', relation: 'sister', since: '1981' }]);
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
    expect(pairs('2025年5月24日，山东省—布列塔尼大区结好40周年庆祝开幕式在济南举办。')).toEqual([{ a: '山东', b: '布列塔尼大区', country: null, relation: 'sister', since: '1985' }]);
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
  it("reads rows of <country> <city>(<date>缔结) as the article place's partners", () => {
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

describe('city pairs: administrative chains', () => {
  it('pairs the most specific units of both chains, with the anniversary counted back from --published', () => {
    expect(pairs('浙江省湖州市德清县与日本长野县某某町结好20周年纪念活动在德清举行。', '2024-06-01')).toEqual([{ a: '德清', b: '某某', country: '日本', relation: 'sister', since: '2004' }]);
  });

  it('knows a county by its short name once the article has named it in full', () => {
    expect(pairs('浙江省杭州市淳安县与日本某某县某某町结好20周年。日本某某县某某町代表团来到淳安，与当地群众共同庆祝双方结好。', '2024-05-01')).toEqual([
      { a: '淳安', b: '某某', country: '日本', relation: 'sister', since: '2004' },
    ]);
  });

  it('pairs provinces only when the province is the partner itself', () => {
    expect(pairs('1996年5月，江苏省与韩国全罗北道签署协议，正式缔结友好省道关系。')).toEqual([{ a: '江苏', b: '全罗北道', country: '韩国', relation: 'sister', since: '1996-05' }]);
    expect(pairs('内蒙古自治区包头市与蒙古国达尔汗乌勒省达尔汗市于2008年缔结友好城市关系。')).toEqual([{ a: '包头', b: '达尔汗', country: '蒙古国', relation: 'sister', since: '2008' }]);
  });

  it('reads the partner before the Chinese side (<foreign>与<Chinese>), with its country stated elsewhere', () => {
    expect(pairs('德国汉堡市市长致辞。汉堡与上海自1986年结为友好城市以来，交流不断。')).toEqual([{ a: '上海', b: '汉堡', country: '德国', relation: 'sister', since: '1986' }]);
  });
});

describe('city pairs: tables and lists', () => {
  it('reads a pipe table by its header, the date column being the since', () => {
    const text =
      '某市各区国际友好城市一览\n\n| 序号 | 中方城市 | 外方城市 | 国家 | 结好时间 |\n| --- | --- | --- | --- | --- |\n| 1 | 上海市普陀区 | 某某市 | 日本 | 1995年5月2日 |\n| 2 | 上海市宝山区 | 某某堡市 | 德国 | 2001.10 |\n';
    expect(pairs(text)).toEqual([
      { a: '普陀', b: '某某', country: '日本', relation: 'sister', since: '1995-05-02' },
      { a: '宝山', b: '某某堡', country: '德国', relation: 'sister', since: '2001-10' },
    ]);
  });

  it('reads tab and space columns, a section heading setting the relation of its rows', () => {
    const text =
      '湖州市国际友好城市名录\n\n一、国际友好城市\n\n国家      城市                结好时间\n日本      某某县某田市        1990年10月\n\n二、友好交流城市\n\n国家\t城市\t建立时间\n法国\t某某大区某堡市\t2016年3月\n';
    expect(pairs(text)).toEqual([
      { a: '湖州', b: '某田', country: '日本', relation: 'sister', since: '1990-10' },
      { a: '湖州', b: '某堡', country: '法国', relation: 'friendly', since: '2016-03' },
    ]);
  });

  it('knows a header by its words: 友好城市 for the foreign column, 缔结日期 for the date', () => {
    const text = '绵阳市友城名录\n\n序号\t友好城市\t国别\t缔结日期\n1\t某某堡市\t德国\t2009-05-20\n';
    expect(pairs(text)).toEqual([{ a: '绵阳', b: '某某堡', country: '德国', relation: 'sister', since: '2009-05-20' }]);
  });

  it('reads a numbered list under a heading that names the Chinese side', () => {
    const text = '保定市国际友好城市一览\n\n（一）国际友好城市\n1. 某某市　日本　结好时间：1986年4月19日\n\n（二）友好合作关系城市\n2. 某某斯市　美国　建立时间：2015年2月16日\n';
    expect(pairs(text)).toEqual([
      { a: '保定', b: '某某', country: '日本', relation: 'sister', since: '1986-04-19' },
      { a: '保定', b: '某某斯', country: '美国', relation: 'friendly', since: '2015-02-16' },
    ]);
  });
});

describe('city pairs: Hong Kong, Macau and Taiwan usage', () => {
  it('reads 姊妹市 and 友誼市 with a Taiwanese city as the Chinese side and regional country names', () => {
    expect(pairs('臺中市早在1990年便與南韓某川市締結姊妹市，2012年再與紐西蘭某灣市締結友誼市。')).toEqual([
      { a: '台中', b: '某川', country: '韩国', relation: 'sister', since: '1990' },
      { a: '台中', b: '某湾', country: '新西兰', relation: 'friendly', since: '2012' },
    ]);
  });

  it('reads 簽署友好交流協議書 as friendly, and Japanese 縣/町 and Korean 道', () => {
    expect(pairs('新竹縣與日本某某縣某某町今（8）日簽署友好交流協議書。', '2024-03-08')).toMatchObject([{ a: '新竹', b: '某某', country: '日本', relation: 'friendly' }]);
    expect(pairs('2018年，桃園市與南韓京畿道某某市締結姊妹市。')).toEqual([{ a: '桃园', b: '某某', country: '韩国', relation: 'sister', since: '2018' }]);
  });
});

describe('city pairs: relation vocabulary and stages', () => {
  it('reads 友好省县 and 友好省道 as sister, 友好交流备忘录 as friendly', () => {
    expect(pairs('河北省与日本某某县于1983年结为友好省县。')).toEqual([{ a: '河北', b: '某某县', country: '日本', relation: 'sister', since: '1983' }]);
    expect(pairs('开幕当天，绵阳市与韩国某某市签署友好交流备忘录。')).toMatchObject([{ a: '绵阳', b: '某某', relation: 'friendly' }]);
  });

  it('reads an intent as unspecified with no since, and an upgrade as sister since the upgrade', () => {
    expect(pairs('2019年，思明区与韩国某某道某某市签署建立友好城区关系意向书。')).toMatchObject([{ b: '某某', relation: 'unspecified', since: null }]);
    expect(pairs('南宁市与越南某某市18日签署协议，两市关系由友好交流城市升级为友好城市。', '2024-05-20')).toEqual([{ a: '南宁', b: '某某', country: '越南', relation: 'sister', since: '2024-05-18' }]);
  });
});

describe('city pairs: negatives', () => {
  it('finds no pair in an award, an alliance, a route, a university, a port or a visit', () => {
    expect(pairs('在南京举行的大会为获得“对华友好城市交流合作奖”的俄罗斯某某市、埃及某某市等外国城市颁奖。')).toEqual([]);
    expect(pairs('漯河市加入世界美食城市联盟，与法国里昂、秘鲁利马等城市同为联盟成员。')).toEqual([]);
    expect(pairs('为方便友城往来，将加密南京至日本某某市的直飞航班。')).toEqual([]);
    expect(pairs('友城交流中，四川大学与美国某某大学签署合作备忘录。')).toEqual([]);
    expect(pairs('高雄港務分公司與美國某某港務局簽署合作備忘錄，並非城市結盟。')).toEqual([]);
    expect(pairs('5月，某某市代表团访问美国某某市，考察友城建设经验。').every((p) => p!.since === null)).toBe(true);
    expect(pairs('宁波市鄞州区与黔西南州兴义市签订友好区县合作协议。')).toEqual([]);
    // 友城市长, 友城大会: the relation word qualifies a person or an event.
    expect(pairs('成都的开放故事。成都举办友城大会。会上，美国某某斯市市长出席友城市长圆桌会。')).toEqual([]);
    // A dated line of a page's furniture under no relation heading is no table row.
    expect(pairs('成都友城工作综述\n\n成都与法国蒙彼利埃市是友好城市，交流频繁。\n\n美国  纽约  2024-05-22\n')).toEqual([
      { a: '成都', b: '蒙彼利埃', country: '法国', relation: 'sister', since: null },
    ]);
  });
});

describe('city pairs: the implicit Chinese side and since', () => {
  it('takes the place a notice is about for 我市 and lists that name the country once', () => {
    const found = pairs('长春市外事办公室通知\n\n我市已与日本的札幌、川崎，美国的芝加哥等15个城市建立友好城市关系。今年1月，我市与塞尔维亚某某萨德正式缔结友好城市关系。', '2025-03-14');
    expect(found).toEqual([
      { a: '长春', b: '札幌', country: '日本', relation: 'sister', since: null },
      { a: '长春', b: '川崎', country: '日本', relation: 'sister', since: null },
      { a: '长春', b: '芝加哥', country: '美国', relation: 'sister', since: null },
      { a: '长春', b: '某某萨德', country: '塞尔维亚', relation: 'sister', since: '2025-01' },
    ]);
  });

  it('ties 于…缔结 and a later 双方…结为 clause to the pair, not a visit date', () => {
    expect(pairs('大庆市与俄罗斯某某州某某市于2003年9月缔结友好城市关系。')).toMatchObject([{ b: '某某', since: '2003-09' }]);
    expect(pairs('呼伦贝尔市与蒙古国某某省续签了友好合作备忘录。双方于2002年结为友好省市，合作成果丰硕。')).toMatchObject([
      { a: '呼伦贝尔', b: '某某省', country: '蒙古国', relation: 'sister', since: '2002' },
    ]);
    expect(pairs('2019年10月11日，法国某某市代表团访问成都，回顾了双方结好以来的合作。')).toMatchObject([{ a: '成都', b: '某某', since: null }]);
    expect(pairs('4月15日，驻马店市举行推介会。会上，驻马店市与英国某某市签署友好交流关系协议书。', '2024-04-20')).toMatchObject([{ b: '某某', since: '2024-04-15' }]);
  });
});

describe('city pairs in text without sentence ends', () => {
  it('reads a run-on line of pairs in pieces, a pair at its end still found and cited', () => {
    // 600 clauses and no full stop: read in pieces of a bounded length (the cost stays linear, see bench/bounds.bench.ts).
    const found = pairs(`${'上海市与日本横滨市结为友好城市'.repeat(600)}上海市与日本长崎市结为友好城市`);
    expect(found).toEqual([
      { a: '上海', b: '横滨', country: '日本', relation: 'sister', since: null },
      { a: '上海', b: '长崎', country: '日本', relation: 'sister', since: null },
    ]);
  });
});

describe('city pairs: lists read as structure (issue 21)', () => {
  it('reads marked items under a tier heading, the country before a dot or a space, dotted dates and bare years', () => {
    const text = '某某市国际友好城市名录\n\n甘肃省国际友好省州名录\n\n【友好省州】\n◆ 日本·秋田县（1982年8月3日）\n\n【友好合作省州】\n◇ 埃及·阿斯旺省（2018年4月17日）\n';
    expect(pairs(text)).toEqual([
      { a: '甘肃', b: '秋田县', country: '日本', relation: 'sister', since: '1982-08-03' },
      { a: '甘肃', b: '阿斯旺省', country: '埃及', relation: 'friendly', since: '2018-04-17' },
    ]);
    const traditional = '義烏市國際友好城市名單\n\n（一）國際友好城市\n1. 韓國忠清北道某坪郡（2006.04）\n\n★正式友城（1個）\n· 美國 南卡羅來納州 某林維爾市（2005年）\n';
    expect(pairs(traditional)).toEqual([
      { a: '义乌', b: '某坪郡', country: '韩国', relation: 'sister', since: '2006-04' },
      { a: '义乌', b: '某林维尔', country: '美国', relation: 'sister', since: '2005' },
    ]);
  });

  it('reads a line whose Chinese side stands before a colon or a dash, items split by 、, notes giving the stage', () => {
    const text = '【整理】各市国际友好城市一览\n\n南宁市：泰国某敬府某敬市（1996）、越南海防市（2005，交流）\n防城港市：越南广宁省下龙市（2011）；下辖东兴市：越南芒街市（交流）\n';
    expect(pairs(text)).toEqual([
      { a: '南宁', b: '某敬', country: '泰国', relation: 'sister', since: '1996' },
      { a: '南宁', b: '海防', country: '越南', relation: 'friendly', since: '2005' },
      { a: '防城港', b: '下龙', country: '越南', relation: 'sister', since: '2011' },
      { a: '东兴', b: '芒街', country: '越南', relation: 'friendly', since: null },
    ]);
    const dashed = '湖北省國際友好城市名錄\n\n1. 湖北省——美國俄亥俄州，1980年10月締結友好省州關係\n2. 襄陽市——韓國安養市，2008年10月建立友好交流關係\n';
    expect(pairs(dashed)).toEqual([
      { a: '湖北', b: '俄亥俄州', country: '美国', relation: 'sister', since: '1980-10' },
      { a: '襄阳', b: '安养', country: '韩国', relation: 'friendly', since: '2008-10' },
    ]);
  });

  it('reads a list run on in prose after an opening that names the relation, and an intent note as no relation yet', () => {
    const prose =
      '南通市友城概况\n\n南通市对外友好交往始于20世纪80年代，交往范围从东亚扩展到欧洲、美洲和大洋洲，各领域合作持续深化，友城工作稳步推进，成果丰硕。目前，我市共有国际友好城市2个，分别是：美国佛罗里达州杰克逊维尔市（1992年）；荷兰北布拉班特省蒂尔堡市（2007年）。';
    expect(pairs(prose)).toEqual([
      { a: '南通', b: '杰克逊维尔', country: '美国', relation: 'sister', since: '1992' },
      { a: '南通', b: '蒂尔堡', country: '荷兰', relation: 'sister', since: '2007' },
    ]);
    expect(pairs('株洲市友城名录\n\n一、友好交流城市\n德国　某堡市（2023年5月签署意向书）\n')).toEqual([{ a: '株洲', b: '某堡', country: '德国', relation: 'unspecified', since: null }]);
  });

  it('takes the later of two Chinese columns, 县市 and X方城市 headers, and 友好交流 in a type column', () => {
    const text = '| 序号 | 省份 | 中方 | 外方 | 国别 | 签约日期 | 类别 |\n| --- | --- | --- | --- | --- | --- | --- |\n| 1 | 河北 | 唐山市 | 拉文纳市 | 意大利 | 2023-03-17 | 友好城市 |\n';
    expect(pairs(text)).toEqual([{ a: '唐山', b: '拉文纳', country: '意大利', relation: 'sister', since: '2023-03-17' }]);
    const taiwan = '| 縣市 | 日方城市 | 類型 | 締結日期 |\n|---|---|---|---|\n| 花蓮市 | 沖繩縣與那國町 | 姊妹市 | 1982-10-08 |\n| 屏東縣 | 石川縣小松市 | 友好交流 | 2023-03-30 |\n';
    expect(pairs(taiwan)).toEqual([
      { a: '花莲', b: '与那国', country: '日本', relation: 'sister', since: '1982-10-08' },
      { a: '屏东', b: '小松', country: '日本', relation: 'friendly', since: '2023-03-30' },
    ]);
  });

  it('takes a district in brackets after its city, or below it, as the partner', () => {
    const text = '中方 | 外方城市（城区） | 国家 | 结好时间\n西岗区 | 釜山广域市（海云台区） | 韩国 | 2004年10月\n金州区 | 北九州市（门司区） | 日本 | 1992年5月\n';
    expect(pairs(text).map((p) => [p!.a, p!.b])).toEqual([
      ['西岗', '海云台'],
      ['金州', '门司'],
    ]);
    expect(pairs('思明區友城名單\n\n序號  外方城市          國家      締結時間      關係\n1     峴港市海州郡      越南      2023年12月    友好城區\n').map((p) => p!.b)).toEqual(['海州郡']);
  });
});

describe('city pairs: the Chinese side from the closed list (issue 21)', () => {
  it('never takes words glued to a name, or a name known only by its suffix, for the Chinese side', () => {
    expect(pairs('时任某某市长与日本某某县某某町签署友好城市协议。')).toEqual([]);
    expect(pairs('促成某某市与美国某某市结为友好城市。')).toEqual([]);
    expect(pairs('屏東縣政府今天與寮國永珍省簽署友好交流協定。').map((p) => [p!.a, p!.b, p!.relation])).toEqual([['屏东', '万象省', 'friendly']]);
    // A division written with the Taiwan form of its city's name takes its standard name, in either script.
    expect(pairs('屏东县与寮国永珍省签署友好交流协定。').map((p) => p!.b)).toEqual(['万象省']);
  });

  it('takes a town below a listed county for the Chinese side, in either script', () => {
    expect(pairs('彰化縣鹿港鎮與日本愛媛縣某子町昨天簽署締結姊妹鎮協定書。').map((p) => [p!.a, p!.b, p!.relation])).toEqual([['鹿港', '某子', 'sister']]);
    expect(pairs('彰化县鹿港镇与日本爱媛县某子町签署缔结姊妹镇协定书。').map((p) => p!.a)).toEqual(['鹿港']);
  });

  it('reads a foreign district named like a Chinese place as foreign', () => {
    expect(pairs('成都市与韩国首尔特别市江西区缔结友好城区关系。').map((p) => [p!.a, p!.b, p!.country])).toEqual([['成都', '江西', '韩国']]);
  });
});

describe('city pairs: the most specific unit and negatives (issue 21)', () => {
  it('reads a Latin name in brackets as part of the name before it, and a known name ending an unknown level as the unit', () => {
    expect(pairs('成都市与俄罗斯符拉迪沃斯托克(Vladivostok)市于2010年缔结友好城市关系。')).toEqual([{ a: '成都', b: '符拉迪沃斯托克', country: '俄罗斯', relation: 'sister', since: '2010' }]);
    expect(pairs('高雄市與美國某某馬（City of Somema）市締結姊妹市。')).toMatchObject([{ a: '高雄', b: '某某马', country: '美国' }]);
    expect(pairs('屏東縣2015年與澳洲北領地達爾文市締結姊妹市。')).toMatchObject([{ a: '屏东', country: '澳大利亚', since: '2015' }]);
    expect(pairs('屏東縣2015年與澳洲北領地達爾文市締結姊妹市。')[0]!.b).not.toContain('北领地');
  });

  it('takes the relation and date of a pair from the next sentence about both', () => {
    expect(pairs('开幕式上，郑州市与匈牙利某奇市签署《行动计划》。两市于2016年结为友好城市，合作不断深化。')).toEqual([{ a: '郑州', b: '某奇', country: '匈牙利', relation: 'sister', since: '2016' }]);
    expect(pairs('開幕式上，鄭州市與匈牙利某奇市簽署《行動計劃》。兩市於2016年締結友好城市關係。')).toEqual([{ a: '郑州', b: '某奇', country: '匈牙利', relation: 'sister', since: '2016' }]);
  });

  it('finds no pair in a relationship proposed or discussed, an exhibition or activity named with the relation word, or an office named after a city', () => {
    expect(pairs('市长表示，希望推动成都与法国里昂市缔结友好城市关系。')).toEqual([]);
    expect(pairs('西安市擬與義大利羅馬市締結友好城市。')).toEqual([]);
    expect(pairs('双方就郑州市与匈牙利佩奇市建立友好城市关系进行了探讨。')).toEqual([]);
    expect(pairs('在“意大利之夏”友城文化展上，成都市展示了与意大利帕多瓦的友好交流成果。')).toEqual([]);
    expect(pairs('台北駐福岡經濟文化辦事處與福岡市政府合作舉辦友好城市交流活動。')).toEqual([]);
    // A relation made in the same sentence still counts.
    expect(pairs('成都市与法国里昂市2019年缔结友好城市关系并举办友好城市交流活动。')).toMatchObject([{ a: '成都', b: '里昂', since: '2019' }]);
  });
});
