import { describe, expect, it } from 'vitest';
import { normalize, toOriginal } from '../../src/extract/text/normalize.ts';
import { detectScript, toSimplified } from '../../src/extract/text/script.ts';

function normalizedSpan(original: string, needle: string) {
  const norm = normalize(original);
  const at = norm.text.indexOf(needle);
  expect(at, `"${needle}" in ${JSON.stringify(norm.text)}`).toBeGreaterThanOrEqual(0);
  const span = toOriginal(norm, at, at + needle.length);
  return original.slice(span.start, span.end);
}

describe('normalize', () => {
  it('joins the breaks and spaces that PDF extraction leaves inside words, citing the original', () => {
    // The first line is the headline and is never joined, so the wrapped line comes second.
    const long = '友城之乐\n\n这些年来，青岛市与美国长滩市连续举办五';
    expect(normalizedSpan(`${long}\n\n届“青岛—长滩友城大学生笔友交流项目”。`, '五届')).toBe('五\n\n届');
    expect(normalizedSpan('绵阳市本级已与21个国 家、33个城市建立了友好关系', '21个国家')).toBe('21个国 家');
    expect(normalizedSpan('协会联盟成员单位突 破1000家', '突破1000家')).toBe('突 破1000家');
    expect(normalizedSpan('标题\n\n眉山竹编文化和瑞士布里恩茨市的木雕文化，东坡文化和泰 \n国清迈府的兰纳文化通过交流互鉴', '泰国清迈府')).toBe('泰 \n国清迈府');
  });

  it('joins a short line broken inside a quote or between a number and its measure word, and keeps a heading apart', () => {
    expect(normalizedSpan('标题\n总数突破400\n对，居全国前列。', '突破400对')).toBe('突破400\n对');
    expect(normalizedSpan('标题\n共建“一带一\n路”倡议', '“一带一路”')).toBe('“一带一\n路”');
    expect(normalize('标题\n友城论坛2024\n本报讯今天').text).toBe('标题\n友城论坛2024\n本报讯今天');
    expect(normalize('标题\n“友城”\n本报讯今天').text).toBe('标题\n“友城”\n本报讯今天');
  });

  it('converts traditional to simplified and full-width digits and letters to ASCII', () => {
    const norm = normalize('成都與法國蒙彼利埃市締結友好城市，簽署１２項協議ＡＢ');
    expect(norm.text).toBe('成都与法国蒙彼利埃市缔结友好城市，签署12项协议AB');
  });

  it('keeps a paragraph break after a finished sentence and under a headline', () => {
    expect(normalize('标题不长\n\n正文第一句。\n\n第二段。').text).toBe('标题不长\n正文第一句。\n第二段。');
  });

  it('keeps spaces between Latin words', () => {
    expect(normalize('成都发展 Chengdu Development').text).toBe('成都发展 Chengdu Development');
  });

  it('maps any normalised span back to an original span holding the same characters (randomised)', () => {
    const pieces = ['成都', '與', '法國', '蒙彼利埃', '市', '締結', '友好城市', '，', '12', '項', '協議', '。', '２０２５', '年', '國際', '友城', 'Chengdu', '近', '百', '家'];
    let seed = 42;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const squash = (s: string) => toSimplified(s.replace(/\s+/g, '')).replace(/[０-９Ａ-Ｚａ-ｚ]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
    for (let round = 0; round < 300; round++) {
      let text = '';
      const n = 5 + rand(40);
      for (let i = 0; i < n; i++) {
        text += pieces[rand(pieces.length)];
        const r = rand(10);
        if (r === 0) text += ' ';
        else if (r === 1) text += '\n\n';
        else if (r === 2) text += ' \n';
        else if (r === 3) text += '\u3000';
      }
      const norm = normalize(text);
      expect(norm.origin.length).toBe(norm.text.length);
      for (let k = 0; k < 10 && norm.text.length > 0; k++) {
        const s = rand(norm.text.length);
        const e = s + 1 + rand(norm.text.length - s);
        const span = toOriginal(norm, s, e);
        expect(squash(text.slice(span.start, span.end))).toBe(squash(norm.text.slice(s, e)));
      }
    }
  });
});

describe('detectScript', () => {
  it('tells traditional, simplified and mixed apart', () => {
    expect(detectScript('成都與法國蒙彼利埃市締結友好城市關係，國際範')).toBe('traditional');
    expect(detectScript('成都与法国蒙彼利埃市缔结友好城市关系，国际范')).toBe('simplified');
    expect(detectScript('成都與法國蒙彼利埃市缔结友好城市关系')).toBe('mixed');
  });
});

describe('normalize: what web pages add (issue 21)', () => {
  it('reads a converted page without the pinyin or simplified form left after a character, citing the original', () => {
    expect(normalize('簽(qiān)署協(xié)議，關(关)系發(fā)展').text).toBe('签署协议，关系发展');
    expect(normalizedSpan('雙方簽(qiān)署協(xié)議', '签署协议')).toBe('簽(qiān)署協(xié)議');
    // A bracket that is no annotation stays.
    expect(normalize('签署协议(草案)').text).toBe('签署协议(草案)');
  });

  it('drops anti-scraping junk inside a line, keeping words, numbers and abbreviations', () => {
    expect(normalize('南宁市：泰国孔敬府 ur wX a :H 孔敬市（1996）、越南海防市（2005，交流） e _s TV 、澳大利亚').text).toBe('南宁市：泰国孔敬府孔敬市（1996）、越南海防市（2005，交流）、澳大利亚');
    expect(normalizedSpan('美國辛辛那 R/ ^* 提市', '辛辛那提市')).toBe('辛辛那 R/ ^* 提市');
    expect(normalize('中美 AI 合作，第 1 / 2 页').text).toBe('中美 AI 合作，第1 / 2页');
  });
});

describe('normalize: Latin glosses (issue 21)', () => {
  it('reads a Latin name in brackets after a Chinese one away, citing the original', () => {
    expect(normalize('符拉迪沃斯托克(Vladivostok)市').text).toBe('符拉迪沃斯托克市');
    expect(normalizedSpan('塔科馬（City of Tacoma）市', '塔科马市')).toBe('塔科馬（City of Tacoma）市');
    expect(normalize('签署协议(2019)').text).toBe('签署协议(2019)');
  });
});
