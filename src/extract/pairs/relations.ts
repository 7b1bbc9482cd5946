/**
 * The words that name a twinning relation, in the normalised (simplified) text, and which kind of
 * relation each names: `sister` for a formal twinning (友好城市, 友城, 姐妹城市, 姊妹市, 友好省州,
 * 友好省县, 友好省道, 结好, 结盟 …), `friendly` for a partnership short of it (友好合作关系,
 * 友好交流城市, 友好交流备忘录, 友谊市 …). Words inside the quoted name of an award do not count.
 */
import type { Relation } from '../../records.ts';

/** An intent to twin (意向书, 缔结友好城市意向) is not yet a relation of either kind. */
export const INTENT = /意向/;

export interface Keyword {
  at: number;
  end: number;
  /** A word names a kind of relation: never `unspecified`. */
  relation: Exclude<Relation, 'unspecified'>;
}

const FRIENDLY =
  /友好(?:交流|合作){1,2}(?:关系)?(?:城市|省州|州省|省份|城区|地区|省|州|区|县|市|镇)|友好(?:交流|合作)关系|友好关系城市|友好(?:交流|合作){1,2}(?:关系)?(?:协议书?|协定书?|备忘录)|友谊城市|友谊市|友谊镇/g;
const SISTER =
  /国际友好城市|友好城市|姐妹城市|姊妹城市|姊妹市|姐妹市|姊妹镇|姐妹镇|国际友城|友城|友好省州|友好州省|友好省县|友好省道|友好省区|友好省份|友好盟省|友好省市|友好城区|友好区|友好县|友好省|友好州|友好市|结好|结盟/g;
/** Quoted names of awards: 为获得“对华友好城市交流合作奖”的… does not make the winners twins. */
const AWARD = /“[^”]{0,40}奖”|「[^」]{0,40}奖」|"[^"]{0,40}奖"/g;

/** Every relation word holds one of these: a sentence without any is skipped at once. */
const CUE = /[友结姊姐]/;

function inQuotes(quoted: Array<[number, number]>, at: number): boolean {
  return quoted.some(([s, e]) => at > s && at < e);
}

export function keywords(sentence: string): Keyword[] {
  if (!CUE.test(sentence)) return [];
  const quoted = (sentence.includes('奖') ? [...sentence.matchAll(AWARD)] : []).map((m): [number, number] => [m.index, m.index + m[0].length]);
  const found: Keyword[] = [];
  for (const m of sentence.matchAll(FRIENDLY)) if (!inQuotes(quoted, m.index)) found.push({ at: m.index, end: m.index + m[0].length, relation: 'friendly' });
  for (const m of sentence.matchAll(SISTER)) {
    if (inQuotes(quoted, m.index) || found.some((f) => m.index < f.end && f.at < m.index + m[0].length)) continue;
    found.push({ at: m.index, end: m.index + m[0].length, relation: 'sister' });
  }
  return found.sort((x, y) => x.at - y.at);
}

/** The relation a heading or a table cell names: one kind, else unspecified. */
export function relationOf(text: string): Relation | undefined {
  // A table's type column: 友好交流, 友好合作.
  if (/^友好(?:交流|合作)$/.test(text)) return 'friendly';
  const kinds = new Set(keywords(text).map((k) => k.relation));
  return kinds.size === 1 ? [...kinds][0] : kinds.size > 1 ? 'unspecified' : undefined;
}
