import { describe, expect, it } from 'vitest';
import { extractDocument } from '../../src/extract/document.ts';

function facts(text: string, type: 'agreement' | 'event', published?: string) {
  const original = `标题\n\n${text}`;
  const line = extractDocument(original, { source: 't', published });
  const found = line.facts.filter((f) => f.type === type);
  for (const f of found) for (const e of f.evidence) expect(original.slice(e.start, e.end)).toBe(e.quote);
  return found;
}

describe('agreements by rules', () => {
  it('reads titled documents, with the date of their sentence, and not a back-reference', () => {
    const found = facts('在4月16日举行的大会开幕式上,发布了《2025成都国际友城合作与发展大会友好合作倡议》(以下简称《倡议》)。', 'agreement', '2025-04-18');
    expect(found).toMatchObject([{ title: '2025成都国际友城合作与发展大会友好合作倡议', kind: '倡议', date: '2025-04-16', method: 'rules' }]);
  });

  it('reads counted signings either way round, and what they cover', () => {
    expect(facts('签署友好合作协议13项,包括缔结正式友城2对。', 'agreement')).toMatchObject([{ kind: '友好合作协议', count: 13, title: null }]);
    expect(facts('12项友好合作协议成功签约，涵盖友城交流、园区建设、生物医药、金融服务等多个领域。', 'agreement')).toMatchObject([
      { kind: '友好合作协议', count: 12, fields: ['友城交流', '园区建设', '生物医药', '金融服务'] },
    ]);
    expect(facts('签署了14项合作协议,涉及经贸产业、科教、人文等多个领域。', 'agreement')).toMatchObject([{ kind: '合作协议', count: 14, fields: ['经贸产业', '科教', '人文'] }]);
  });

  it('reads quoted titles and named signings, with the places of the sentence as parties', () => {
    expect(facts('举办友城周启动仪式，发布“济南倡议”。', 'agreement')).toMatchObject([{ title: '济南倡议', kind: '倡议' }]);
    expect(facts('重庆市与美国萨克拉门托市、NBA国王队签订四方协议。', 'agreement')).toMatchObject([{ kind: '四方协议', parties: ['重庆', '萨克拉门托'] }]);
  });

  it('reads signings in their many shapes, in both scripts', () => {
    const kinds = (text: string) => facts(text, 'agreement').map((f) => (f.type === 'agreement' ? [f.kind, f.count, f.title] : []));
    expect(kinds('衡阳市与巴西若昂佩索阿市签署建立友好城市关系协议书；郴州市与南非波罗瓦尼市草签友好合作协议。')).toEqual([
      ['友好城市关系协议书', null, null],
      ['友好合作协议', null, null],
    ]);
    expect(kinds('宁夏与阿联酋哈伊马角酋长国签定友好合作备忘录。')).toEqual([['友好合作备忘录', null, null]]);
    expect(kinds('屏東縣政府今天與寮國永珍省簽署友好交流協定。')).toEqual([['友好交流协定', null, null]]);
    expect(kinds('省内企业与外方机构分别签署经贸、教育、医疗等领域合作协议11项。至此，大会现场共签署合作文件15项。')).toEqual([
      ['合作协议', 11, null],
      ['合作文件', 15, null],
    ]);
    expect(kinds('开幕式现场签署15项合作文件。')).toEqual([['合作文件', 15, null]]);
    expect(kinds('其余8项为省内企业和高校与外方签署的经贸、教育、旅游合作协议。')).toEqual([['合作协议', 8, null]]);
    expect(kinds('黄石市与德卢斯市等8对城市签署建立友好城市关系协议书。')).toEqual([['友好城市关系协议书', 8, null]]);
    expect(kinds('两市签署《2024—2026年友好交流合作行动计划》。')).toEqual([['行动计划', null, '2024—2026年友好交流合作行动计划']]);
    expect(kinds('兩市簽署《天津市與神戶市友好交流合作備忘錄（2023—2027）》。')).toEqual([['备忘录', null, '天津市与神户市友好交流合作备忘录（2023—2027）']]);
    expect(kinds('双方续签战略合作协议。常州市与阿合奇县签署了2024年对口支援工作协议。')).toEqual([
      ['战略合作协议', null, null],
      ['对口支援工作协议', null, '2024年对口支援工作协议'],
    ]);
  });

  it('keeps documents of one kind apart when different parties sign them, and one when a clause refers back', () => {
    const found = facts('臺南市與日本下關市今日簽署友好交流協議書。此次簽署協議書，是交流制度化的一步。臺南市2009年與栃木縣日光市簽署友好交流協議書。', 'agreement');
    expect(found.map((f) => (f.type === 'agreement' ? [f.parties, f.evidence.length] : []))).toEqual([
      [['台南', '下关'], 2],
      [['台南', '日光'], 1],
    ]);
  });

  it('leaves plans, notes, negations and the items of a counted batch alone', () => {
    expect(facts('推动与市(州)签署合作协议、达成合作共识。', 'agreement')).toEqual([]);
    expect(facts('缔结时间以双方签署协议书的日期为准。', 'agreement')).toEqual([]);
    expect(facts('括号内为签署协议书的年月。', 'agreement')).toEqual([]);
    expect(facts('柳川市與嘉義縣多有往來，但雙方尚未簽署正式協定。', 'agreement')).toEqual([]);
    expect(facts('全臺已有逾百個縣市與日本地方政府締結姊妹市或簽署交流協定。', 'agreement')).toEqual([]);
    expect(facts('会上各方就文旅一体化等方面发出倡议。', 'agreement')).toEqual([]);
    expect(facts('签署友好合作协议13项,包括缔结正式友城2对、签署友好合作年度计划协议3个等。', 'agreement')).toMatchObject([{ kind: '友好合作协议', count: 13 }]);
  });

  it('leaves policies and plain mentions alone', () => {
    expect(facts('会上对《成都市进一步优化外商投资环境若干措施》进行解读。', 'agreement')).toEqual([]);
    expect(facts('双方的合作协议精神得到落实。', 'agreement')).toEqual([]);
  });
});

describe('events by rules', () => {
  it('reads a named event with its date, place and participants', () => {
    const found = facts('4月16日,2025成都国际友城合作与发展大会在成都开幕，来自全球29个国家的39个友好代表团参加。', 'event', '2025-04-18');
    expect(found).toMatchObject([{ name: '2025成都国际友城合作与发展大会', kind: '大会', start: '2025-04-16', end: '2025-04-16', place: '成都', participants: { countries: 29, delegations: 39 } }]);
  });

  it('reads names opening with a place or in quotes, and resolves nicknames of the place held in', () => {
    expect(facts('5月18日,2023四川数字文旅发展大会在蓉举办。', 'event', '2023-05-19')).toMatchObject([{ name: '2023四川数字文旅发展大会', place: '成都', start: '2023-05-18' }]);
    expect(facts('4月15日,成都市对外开放发展大会举行。', 'event', '2025-04-18')).toMatchObject([{ name: '成都市对外开放发展大会', start: '2025-04-15' }]);
    expect(facts('「2025成都·欧洲文化季」在东郊记忆启幕。', 'event')).toMatchObject([{ name: '2025成都·欧洲文化季', kind: '文化季', start: '2025', place: '东郊记忆' }]);
  });

  it('takes a shortened name for the full one, and no sentence fragment for a name', () => {
    const found = facts('2024重庆国际友好城市合作大会召开。我们将以2024重庆国际友城大会的成功举办为契机。成都的创新活力已在16日开幕式现场外展露无遗。', 'event');
    expect(found.map((f) => (f.type === 'event' ? f.name : ''))).toEqual(['2024重庆国际友好城市合作大会']);
    expect(found[0]?.evidence).toHaveLength(2);
  });
});

describe('events by rules, in the shapes real reports take', () => {
  const names = (text: string, published?: string) => facts(text, 'event', published).map((f) => (f.type === 'event' ? f.name : ''));

  it('reads names opened by an ordinal, and editions named by their ordinal alone', () => {
    expect(names('第四届中国—东盟城市合作论坛7日至8日在广西南宁举行。首届论坛在南宁举办。第五届论坛将于2026年在马来西亚槟城举行。', '2023-11-09')).toEqual([
      '第四届中国—东盟城市合作论坛',
      '首届中国—东盟城市合作论坛',
      '第五届中国—东盟城市合作论坛',
    ]);
  });

  it('reads the subject of a clause that holds it, and the object of a verb that holds or attends it, in both scripts', () => {
    expect(names('3月28日，绍兴市与科特赖克市缔结友好城市关系仪式在绍兴国际会展中心举行。', '2024-03-29')).toEqual(['绍兴市与科特赖克市缔结友好城市关系仪式']);
    expect(names('友城青年交流营在山西大学开营。')).toEqual(['友城青年交流营']);
    expect(names('市長一行並於18日舉辦臺中觀光推介會。', '2024-10-20')).toEqual(['台中观光推介会']);
    expect(names('高雄市代表團於20日在市政廳舉行紀念酒會。', '2023-09-21')).toEqual(['纪念酒会']);
    expect(names('洛阳市派团参加洛阳牡丹文化节。')).toEqual(['洛阳牡丹文化节']);
    expect(names('12月31日在厦门嘉庚剧院上演“维也纳之声”新年音乐会。', '2024-01-02')).toEqual(['维也纳之声新年音乐会']);
    expect(names('——浙江省湖州市安吉县与日本长野县轻井泽町结好30周年纪念活动侧记')).toEqual(['浙江省湖州市安吉县与日本长野县轻井泽町结好30周年纪念活动']);
  });

  it('reads a delegation visit, one per sender', () => {
    const found = facts('济宁市长率团访问德国、奥地利。6月10日至16日，济宁市长率领济宁市经贸代表团一行14人访问德国、奥地利。', 'event', '2024-06-20');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ kind: '访问' });
    expect(found[0]?.evidence).toHaveLength(2);
    expect(names('宜蘭縣長率團訪紐西蘭')).toHaveLength(1);
  });

  it('leaves plans, lists in passing, references and words that only look like events alone', () => {
    expect(names('推动举办经贸投资洽谈会。')).toEqual([]);
    expect(names('举办湖南国际友城图片展、友城经贸对接会和“潇湘行”参访活动。')).toEqual([]);
    expect(names('本届大会共签署协议12项。')).toEqual([]);
    expect(names('两市将在会展等方面加强合作，推动经济发展，双方开展交流活动。')).toEqual([]);
    expect(names('代表团访问国际友城。')).toEqual([]);
    expect(names('双方庆祝结好40周年，每周举行例会。')).toEqual([]);
  });
});
