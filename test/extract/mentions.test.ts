import { describe, expect, it } from 'vitest';
import { placeMentions } from '../../src/extract/places/mentions.ts';
import { toSimplified } from '../../src/extract/text/script.ts';

function read(sentence: string) {
  const s = toSimplified(sentence);
  const { chinese, foreign } = placeMentions(s);
  return [...chinese, ...foreign]
    .sort((x, y) => x.start - y.start)
    .map((m) => ({ side: m.side, text: s.slice(m.start, m.end), unit: m.name, country: m.country?.name ?? null, levels: m.levels.map((l) => `${l.name}:${l.kind}`), known: m.known }));
}

describe('place mentions: administrative chains', () => {
  it('reads both chains down to their most specific units, each level with its kind', () => {
    expect(read('江苏省苏州市昆山市与日本爱知县丰田市签约')).toEqual([
      { side: 'chinese', text: '江苏省苏州市昆山市', unit: '昆山', country: null, levels: ['江苏省:province', '苏州市:city', '昆山市:county'], known: true },
      { side: 'foreign', text: '日本爱知县丰田市', unit: '丰田', country: '日本', levels: ['爱知县:region', '丰田市:city'], known: true },
    ]);
  });

  it('takes the longest country name, so 蒙古国 leaves no 国 in the place', () => {
    const [, f] = read('包头市与蒙古国达尔汗乌勒省达尔汗市会谈');
    expect(f).toMatchObject({ text: '蒙古国达尔汗乌勒省达尔汗市', unit: '达尔汗', levels: ['达尔汗乌勒省:region', '达尔汗市:city'] });
  });

  it('reads a krai and a city below it', () => {
    const [, f] = read('黑龙江省某某市与俄罗斯滨海边疆区某某斯克市座谈');
    expect(f).toMatchObject({ unit: '某某斯克', country: '俄罗斯', levels: ['滨海边疆区:region', '某某斯克市:city'], known: false });
  });

  it('keeps a province, state or region as the unit when it stands alone', () => {
    expect(read('江苏省与韩国全罗北道')).toMatchObject([
      { side: 'chinese', unit: '江苏' },
      { side: 'foreign', unit: '全罗北道', levels: ['全罗北道:region'] },
    ]);
  });

  it('catches unknown names from their position and suffix, with the unit marked unknown', () => {
    const [a, f] = read('山西省太原市与德国某某州某某堡市');
    expect(a).toMatchObject({ unit: '太原', known: true });
    expect(f).toMatchObject({ unit: '某某堡', country: '德国', levels: ['某某州:region', '某某堡市:city'], known: false });
  });

  it('finds a division by its parent where its short name is a nickname elsewhere', () => {
    // 江城 alone is a nickname of 武汉; under 普洱 it is 江城哈尼族彝族自治县.
    expect(read('云南省普洱市江城县与老挝某某省某某县')[0]).toMatchObject({ unit: '江城', levels: ['云南省:province', '普洱市:city', '江城县:county'] });
    expect(read('西双版纳州勐腊县与老挝某某省某某县')[0]).toMatchObject({ unit: '勐腊' });
  });

  it('reads a Taiwanese city in traditional characters as a Chinese place', () => {
    expect(read('臺中市與美國某某州某某市締結姊妹市')[0]).toMatchObject({ side: 'chinese', unit: '台中' });
  });

  it('takes the Chinese side only from the closed list of divisions, never from a suffix alone', () => {
    expect(read('某某市某某區與日本某某縣某某町簽署')[0]).toMatchObject({ side: 'foreign' });
    expect(read('时任某某市长与日本某某县某某町签署').every((m) => m.side === 'foreign')).toBe(true);
    expect(read('促成某某市与日本某某县某某町结好').every((m) => m.side === 'foreign')).toBe(true);
    // Below a listed division, a unit it does not list is still the Chinese side: 新竹縣某某鄉.
    expect(read('新竹縣某某鄉與日本某某縣某某町簽署')[0]).toMatchObject({ side: 'chinese' });
  });

  it('skips 首府 and 首都 between levels, and names no place inside an organisation', () => {
    expect(read('成都与西澳大利亚州首府珀斯缔结')[1]).toMatchObject({ unit: '珀斯', levels: ['西澳大利亚州:region', '珀斯:city'] });
    expect(read('昆明市与老挝首都万象市结为')[1]).toMatchObject({ unit: '万象', country: '老挝' });
    expect(read('四川大学与美国某某大学')).toEqual([]);
  });
});
