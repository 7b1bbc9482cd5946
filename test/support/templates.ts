/**
 * Press releases written from one template, as municipal offices publish them: the same sentences
 * around two cities, the partner's country and a date. The cities are drawn from the gazetteer,
 * among those the rules read back as the release's one pair (the property under test is the
 * store's, not the pair rules').
 */
import { extractDocument } from '../../src/extract/document.ts';
import { gazetteer } from '../../src/extract/places/gazetteer.ts';

export interface Fill {
  city: string;
  partner: string;
  country: string;
  date: string;
}

export function release(f: Fill): string {
  const { city, partner, country, date } = f;
  return `${city}市与${country}${partner}市缔结友好城市关系

${date}，${city}市人民政府与${country}${partner}市政府举行友好城市关系签约仪式，双方市长代表两市签署《建立友好城市关系协议书》。根据协议，两市将在经贸、文化、教育、旅游和青少年交流等领域开展务实合作，并建立定期互访机制。${city}市市长在致辞中表示，两市结好将为双方企业合作搭建新的平台。${partner}市市长表示，期待以此为契机，推动两市友好关系不断深化。签约仪式后，代表团参观了当地高新技术产业开发区和历史文化街区。
`;
}

/** Whether the rules read `f`'s release as its one pair. */
function readsBack(f: Fill): boolean {
  const pairs = extractDocument(release(f), { source: 'template' }).facts.filter((x) => x.type === 'city_pair');
  return pairs.length === 1 && pairs[0]!.a.name === f.city && pairs[0]!.b.name === f.partner && pairs[0]!.b.country === f.country;
}

/** Chinese cities and foreign cities with their countries, every `step`-th of the gazetteer's, that the template reads back. */
export function gazetteerCities(count: number): { cities: string[]; partners: Array<{ partner: string; country: string }> } {
  const g = gazetteer();
  const every = <T>(all: T[]) => all.filter((_, i) => i % Math.max(1, Math.floor(all.length / (3 * count))) === 0);
  const chinese = every([...g.chinese.keys()].filter((k) => g.chinese.get(k)?.kind === 'city' && !k.endsWith('市')));
  const foreign = every(
    [...g.foreign.keys()].flatMap((k) => {
      const city = (g.foreign.get(k) ?? []).find((p) => p.kind === 'city' && p.name === k);
      return city ? [{ partner: k, country: city.country }] : [];
    }),
  );
  const cities: string[] = [];
  const partners: Array<{ partner: string; country: string }> = [];
  for (let i = 0; i < Math.min(chinese.length, foreign.length) && cities.length < count; i++) {
    const fill = { city: chinese[i]!, ...foreign[i]!, date: '2023年5月12日' };
    if (!readsBack(fill)) continue;
    cities.push(fill.city);
    partners.push(foreign[i]!);
  }
  return { cities, partners };
}
