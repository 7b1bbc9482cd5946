/** The compiled gazetteer the extractor loads is what the data files give today. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { gazetteer } from '../../src/extract/places/gazetteer.ts';
import { COMPILED, compileGazetteer } from '../../src/extract/places/gazetteer/compile.ts';

describe('the compiled gazetteer', () => {
  it('is current: regenerate it with npx tsx src/extract/places/gazetteer/compile.ts after editing a data file', () => {
    expect(readFileSync(COMPILED, 'utf8') === compileGazetteer()).toBe(true);
  });

  it('loads one place per id, shared by every map that names it', () => {
    const g = gazetteer();
    expect(g.resolveChinese('蓉城')).toBe(g.places.get(g.resolveChinese('成都市')!.id));
    expect(g.resolveChinese('蓉城')!.aliases).toContain('蓉城');
    const montpellier = g.resolveForeign('蒙彼利埃', 'FR')!;
    expect(g.places.get(montpellier.id)).toBe(montpellier);
    expect(g.country('法國')).toBe(g.countryByIso('FR'));
  });
});
