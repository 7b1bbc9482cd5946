/** A fact in one readable line, for the command line and the review page. */
import type { Fact } from '../records.ts';

const RELATION_LABEL = { sister: '友好城市', friendly: '友好合作关系', unspecified: '关系未说明' } as const;

/** 成都 — 蒙彼利埃（法国）· 友好城市 · 1981; 244 个 城市 (成都); 2025-04-16 (4月16日). */
export function describeFact(f: Fact): string {
  switch (f.type) {
    case 'city_pair':
      return [`${f.a.name} — ${f.b.name}${f.b.country ? `（${f.b.country}）` : ''}`, RELATION_LABEL[f.relation], f.since].filter(Boolean).join(' · ');
    case 'count': {
      const approx = { exact: '', about: '≈', over: '>', under: '<' }[f.approx];
      return `${approx}${f.value} ${f.unit}${f.of ? ` ${f.of}` : ''}${f.holder ? ` (${f.holder})` : ''}`;
    }
    case 'date':
      return `${f.start === f.end ? f.start : `${f.start}..${f.end}`} (${f.text})${f.anchored ? ' [year inferred]' : ''}`;
    case 'agreement':
      return [f.title ? `《${f.title}》` : null, f.kind, f.count ? `×${f.count}` : null, f.date].filter(Boolean).join(' · ');
    case 'event':
      return [f.name, f.kind, f.start, f.place].filter(Boolean).join(' · ');
  }
}
