/**
 * fast-check arbitraries for agreements and events: places drawn from the gazetteer (a Chinese
 * prefecture-level city, a foreign city with its country), rendered in the patterns the rules
 * claim to read, in simplified or traditional script, with line wraps inside the sentence and
 * the spam lines web pages put around an article. Each rendering says where its fact stands in
 * the original text and what the fact must be.
 */
import fc from 'fast-check';
import { gazetteer, type Place } from '../../src/extract/places/gazetteer.ts';
import { simplifyCode } from '../../src/extract/text/script.ts';

const IDEOGRAPH = /^[\u4e00-\u9fff]+$/;

let places: { chinese: Place[]; foreign: Place[] } | undefined;
function gazetteerPlaces() {
  if (!places) {
    const all = [...gazetteer().places.values()];
    places = {
      chinese: all.filter((p) => p.countryCode === 'CN' && p.kind === 'city' && IDEOGRAPH.test(p.name) && p.name.length >= 2 && p.name.length <= 3),
      foreign: all.filter((p) => p.countryCode !== 'CN' && p.kind === 'city' && IDEOGRAPH.test(p.name) && p.name.length >= 2 && p.name.length <= 6 && IDEOGRAPH.test(p.country)),
    };
  }
  return places;
}

export const chineseCity = fc.constant(null).chain(() => fc.constantFrom(...gazetteerPlaces().chinese));
export const foreignCity = fc.constant(null).chain(() => fc.constantFrom(...gazetteerPlaces().foreign));

let traditional: Map<number, number> | undefined;
/** Simplified → traditional, one form per character: the inverse of the normaliser's own table. */
export function toTraditional(text: string): string {
  if (!traditional) {
    traditional = new Map();
    for (let c = 0x4e00; c <= 0x9fff; c++) {
      const s = simplifyCode(c);
      if (s !== c && !traditional.has(s)) traditional.set(s, c);
    }
  }
  const map = traditional;
  return [...text].map((ch) => String.fromCharCode(map.get(ch.charCodeAt(0)) ?? ch.charCodeAt(0))).join('');
}

const SPAM = ['责任编辑：李明', '分享到：微信 微博 QQ空间', '【打印本页】【关闭窗口】', '扫一扫在手机打开当前页', '来源：市人民政府外事办公室', '版权所有 © 2024 市政府网站'];

/** What a rendering claims: the fact's type and the fields the rules must give it. */
export interface Expected {
  type: 'agreement' | 'event';
  kind?: string;
  count?: number;
  title?: string;
  /** The event's name contains it. */
  nameHas?: string;
}

export interface Rendered {
  original: string;
  /** Where the stated sentence stands in the original. */
  start: number;
  end: number;
  expected: Expected;
}

/** A sentence (simplified) and its expected fact, before script and noise. */
export type Act = { sentence: string; expected: Expected };

/** Puts an act into a document: its script, a wrap between two ideographs, spam lines around. */
export function render(act: fc.Arbitrary<Act>): fc.Arbitrary<Rendered> {
  return fc
    .record({
      act,
      traditional: fc.boolean(),
      wrapAt: fc.double({ min: 0, max: 1, noNaN: true }),
      wrap: fc.boolean(),
      before: fc.subarray(SPAM, { maxLength: 3 }),
      after: fc.subarray(SPAM, { maxLength: 3 }),
    })
    .map(({ act: a, traditional: trad, wrapAt, wrap, before, after }) => {
      let sentence = trad ? toTraditional(a.sentence) : a.sentence;
      // A wrap of running text: after the clause's comma, between two ideographs.
      const comma = sentence.indexOf('，');
      const spots: number[] = [];
      for (let i = comma + 2; i < sentence.length - 1; i++) if (IDEOGRAPH.test(sentence.slice(i - 1, i + 1))) spots.push(i);
      if (wrap && comma >= 0 && spots.length) {
        const at = spots[Math.floor(wrapAt * spots.length) % spots.length]!;
        sentence = `${sentence.slice(0, at)}\n${sentence.slice(at)}`;
      }
      const head = `${trad ? toTraditional('友城动态') : '友城动态'}\n\n${before.map((l) => `${l}\n`).join('')}`;
      const original = `${head}${sentence}\n${after.map((l) => `${l}\n`).join('')}`;
      return { original, start: head.length, end: head.length + sentence.length, expected: a.expected };
    });
}

const date = fc.record({ m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }) }).map(({ m, d }) => `${m}月${d}日`);
const count = fc.integer({ min: 2, max: 30 });

/** Signings: verb, qualifier and document noun; several parties with 分别; counted batches; titles. */
export const agreementAct: fc.Arbitrary<Act> = fc.oneof(
  fc
    .record({
      date,
      cn: chineseCity,
      fc: foreignCity,
      verb: fc.constantFrom('签署', '签订', '签定', '草签', '续签', '正式签署', '签署了'),
      qual: fc.constantFrom('建立友好城市关系', '友好交流', '友好合作', '友好交流合作', '战略合作', '经贸合作', ''),
      noun: fc.constantFrom('协议书', '备忘录', '意向书', '协定', '协议', '行动计划'),
    })
    .map(({ date: d, cn, fc: f, verb, qual, noun }) => ({
      sentence: `${d}，${cn.name}市与${f.country}${f.name}市${verb}${qual}${noun}。`,
      expected: { type: 'agreement' as const, kind: `${qual.replace(/^建立/, '')}${noun}` },
    })),
  fc
    .record({ date, cn: chineseCity, a: foreignCity, b: foreignCity, noun: fc.constantFrom('协议书', '备忘录', '意向书') })
    .filter(({ a, b }) => a.name !== b.name)
    .map(({ date: d, cn, a, b, noun }) => ({
      sentence: `${d}，${cn.name}市分别与${a.country}${a.name}市、${b.country}${b.name}市签署友好交流关系${noun}。`,
      expected: { type: 'agreement' as const, kind: `友好交流关系${noun}` },
    })),
  fc.record({ date, cn: chineseCity, n: count, form: fc.integer({ min: 0, max: 3 }), noun: fc.constantFrom('合作文件', '合作协议', '友好合作协议') }).map(({ date: d, cn, n, form, noun }) => {
    const said = [`大会现场共签署${noun}${n}项`, `现场签署${n}项${noun}`, `双方共签署${noun}${n}份`, `${n}项${noun}集中签约`][form]!;
    return { sentence: `${d}，${cn.name}国际友城合作大会开幕，${said}。`, expected: { type: 'agreement' as const, count: n } };
  }),
  fc
    .record({ date, cn: chineseCity, fc: foreignCity, years: fc.integer({ min: 2020, max: 2030 }), noun: fc.constantFrom('行动计划', '合作备忘录', '交流合作计划', '合作倡议') })
    .map(({ date: d, cn, fc: f, years, noun }) => {
      const title = `${years}—${years + 2}年${cn.name}市与${f.name}市友好${noun}`;
      return { sentence: `${d}，两市在${cn.name}签署《${title}》。`, expected: { type: 'agreement' as const, title } };
    }),
);

const ordinal = fc.oneof(
  fc.constant('首届'),
  fc.integer({ min: 2, max: 12 }).map((n) => `第${n}届`),
  fc.constantFrom('第二届', '第三届', '第四届', '第十届'),
);
const topic = fc.constantFrom('友城合作', '地方合作', '经贸合作', '人文交流', '青年', '文化旅游');

/** Events: ordinal- and year-led names held somewhere, anniversaries, attended events, visits. */
export const eventAct: fc.Arbitrary<Act> = fc.oneof(
  fc
    .record({ date, ord: ordinal, cn: chineseCity, topic, kind: fc.constantFrom('论坛', '大会', '交流会', '博览会', '交流周', '文化节', '图片展', '洽谈会', '夏令营') })
    .map(({ date: d, ord, cn, topic: t, kind }) => ({
      sentence: `${d}，${ord}${cn.name}国际${t}${kind}在${cn.name}举行。`,
      expected: { type: 'event' as const, kind, nameHas: `${ord}${cn.name}国际${t}${kind}` },
    })),
  fc
    .record({ date, year: fc.integer({ min: 2015, max: 2030 }), cn: chineseCity, topic, kind: fc.constantFrom('论坛', '大会', '合作周', '交流周', '博览会', '推介会') })
    .map(({ date: d, year, cn, topic: t, kind }) => ({
      sentence: `${d}，${year}${cn.name}国际${t}${kind}开幕，来自20个国家的嘉宾出席。`,
      expected: { type: 'event' as const, kind, nameHas: `${year}${cn.name}国际${t}${kind}` },
    })),
  fc
    .record({
      date,
      cn: chineseCity,
      fc: foreignCity,
      n: fc.integer({ min: 5, max: 50 }),
      said: fc.constantFrom({ words: '纪念活动', kind: '纪念活动' }, { words: '庆祝活动', kind: '庆祝活动' }, { words: '纪念大会', kind: '大会' }, { words: '招待会', kind: '招待会' }),
    })
    .map(({ date: d, cn, fc: f, n, said: { words, kind } }) => ({
      sentence: `${d}，${cn.name}市与${f.name}市结好${n}周年${words}在${cn.name}举行。`,
      expected: { type: 'event' as const, kind, nameHas: `结好${n}周年${words}` },
    })),
  fc.record({ date, cn: chineseCity, fc: foreignCity, verb: fc.constantFrom('率团访问', '率团出访') }).map(({ date: d, cn, fc: f, verb }) => ({
    sentence: `${d}，${cn.name}市市长${verb}${f.country}${f.name}市。`,
    expected: { type: 'event' as const, kind: '访问' },
  })),
);
