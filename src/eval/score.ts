/**
 * Scores extracted records against gold facts exactly as shared/gold/README.md describes:
 * gold facts with equal key fields merged, one prediction to at most one gold fact, per-type
 * precision / recall / F1, attribute accuracies on matched facts, and invalid evidence.
 */
import { z } from 'zod';
import { DateString, FACT_TYPES, type Fact, FactType, type RecordLine } from '../records.ts';
import { toSimplified } from '../extract/text/script.ts';

export const GoldFact = z
  .object({
    type: FactType,
    near: z.array(z.string().min(1)).nullable().optional(),
    optional: z.boolean().optional(),
    negative: z.boolean().optional(),
    since_alt: DateString.nullable().optional(),
  })
  .passthrough();
export type GoldFact = z.infer<typeof GoldFact>;

export const GoldFile = z.object({
  docs: z.record(z.string(), z.object({ published: z.string().nullable(), facts: z.array(GoldFact) })),
});
export type GoldFile = z.infer<typeof GoldFile>;

interface Gold {
  // biome-ignore lint/suspicious/noExplicitAny: gold facts are partial facts of any type, compared field by field.
  fact: Record<string, any>;
  near: string[];
  optional: boolean;
  negative: boolean;
}

export interface TypeScore {
  gold: number;
  predicted: number;
  matched: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface Miss {
  doc: string;
  type: FactType;
  fact: Record<string, unknown>;
  quotes: string[];
}

export interface Report {
  types: Record<FactType, TypeScore>;
  /** attribute → [correct, total] over matched facts. */
  attributes: Record<string, { correct: number; total: number; accuracy: number }>;
  invalidEvidence: number;
  misses: Miss[];
  extras: Miss[];
  wrong: Array<Miss & { attribute: string; expected: unknown; got: unknown }>;
}

const SUFFIXES = ['大区', '市', '府', '县', '区', '州', '省', '郡'];

function placeForms(name: string): string[] {
  const s = toSimplified(name);
  const forms = [s];
  for (const suf of SUFFIXES) if (s.endsWith(suf) && s.length > suf.length) forms.push(s.slice(0, -suf.length));
  return forms;
}

function sameName(a: string, b: string): boolean {
  const fa = placeForms(a);
  const fb = placeForms(b);
  const [a0, b0] = [fa[0]!, fb[0]!]; // the forms start with the name itself
  return fa.some((x) => fb.some((y) => x === y)) || a0.startsWith(b0) || b0.startsWith(a0);
}

function stripTitle(s: string): string {
  return toSimplified(s).replace(/[《》“”"「」『』‘’']/g, '');
}

function containsEither(a: string, b: string): boolean {
  const x = stripTitle(a);
  const y = stripTitle(b);
  return x.includes(y) || y.includes(x);
}

function occurrences(text: string, needle: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) out.push([i, i + needle.length]);
  return out;
}

function overlapsNear(original: string, fact: Fact, near: string[]): boolean {
  const spans = near.flatMap((n) => occurrences(original, n));
  return fact.evidence.some((e) => spans.some(([s, t]) => e.start < t && s < e.end));
}

function monthDay(d: string | null | undefined): string {
  return d ? d.slice(5) : '';
}

function matches(original: string, p: Fact, g: Gold): boolean {
  const gf = g.fact;
  switch (p.type) {
    case 'city_pair': {
      const direct = sameName(p.a.name, gf.a) && sameName(p.b.name, gf.b);
      const swapped = sameName(p.a.name, gf.b) && sameName(p.b.name, gf.a);
      return direct || swapped;
    }
    case 'count':
      return p.value === gf.value && p.unit === toSimplified(gf.unit) && overlapsNear(original, p, g.near);
    case 'date': {
      if (p.granularity !== gf.granularity) return false;
      const same = p.granularity === 'year' ? p.start === gf.start && p.end === gf.end : monthDay(p.start) === monthDay(gf.start) && monthDay(p.end) === monthDay(gf.end);
      return same && overlapsNear(original, p, g.near);
    }
    case 'agreement':
    case 'event':
      return overlapsNear(original, p, g.near);
  }
}

/** Gold facts with equal key fields are one fact, their `near` lists joined. */
function mergeGold(facts: GoldFact[]): Gold[] {
  const byKey = new Map<string, Gold>();
  for (const f of facts) {
    const { near, optional, negative, ...fields } = f;
    const key = JSON.stringify(Object.entries(fields).sort(([a], [b]) => a.localeCompare(b)));
    const seen = byKey.get(key);
    if (seen) {
      seen.near.push(...(near ?? []));
      seen.optional &&= !!optional;
    } else {
      byKey.set(key, { fact: fields, near: [...(near ?? [])], optional: !!optional, negative: !!negative });
    }
  }
  return [...byKey.values()];
}

/** Maximum bipartite matching (Kuhn): gold index → prediction index. */
function bestMatching(golds: Gold[], preds: Fact[], free: boolean[], ok: (p: Fact, g: Gold) => boolean): Map<number, number> {
  const predOf = new Map<number, number>();
  const goldOfPred = new Map<number, number>();
  const tryGold = (gi: number, seen: Set<number>): boolean => {
    for (let pi = 0; pi < preds.length; pi++) {
      if (!free[pi] || seen.has(pi) || !ok(preds[pi]!, golds[gi]!)) continue; // pi and gi index preds and golds
      seen.add(pi);
      const other = goldOfPred.get(pi);
      if (other === undefined || tryGold(other, seen)) {
        goldOfPred.set(pi, gi);
        predOf.set(gi, pi);
        return true;
      }
    }
    return false;
  };
  for (let gi = 0; gi < golds.length; gi++) tryGold(gi, new Set());
  return predOf;
}

// biome-ignore lint/suspicious/noExplicitAny: gold and predicted facts of every type alike.
function factSummary(f: Record<string, any>): Record<string, unknown> {
  const { evidence: _e, method: _m, confidence: _c, near: _n, ...rest } = f;
  return rest;
}

export function score(gold: GoldFile, outputs: Map<string, { line: Pick<RecordLine, 'facts'>; original: string }>): Report {
  const types = Object.fromEntries(FACT_TYPES.map((t) => [t, { gold: 0, predicted: 0, matched: 0, precision: 0, recall: 0, f1: 0 }])) as Record<FactType, TypeScore>;
  const attrs: Record<string, { correct: number; total: number; accuracy: number }> = {};
  const report: Report = { types, attributes: attrs, invalidEvidence: 0, misses: [], extras: [], wrong: [] };
  const tally = (doc: string, type: FactType, attribute: string, ok: boolean, expected: unknown, got: unknown, fact: Fact) => {
    attrs[attribute] ??= { correct: 0, total: 0, accuracy: 0 };
    attrs[attribute].total++;
    if (ok) attrs[attribute].correct++;
    else report.wrong.push({ doc, type, attribute, expected, got, fact: factSummary(fact), quotes: fact.evidence.map((e) => e.quote) });
  };

  for (const [docName, docGold] of Object.entries(gold.docs)) {
    const out = outputs.get(docName);
    if (!out) throw new Error(`no extraction for gold document ${docName}`);
    const { line, original } = out;
    for (const f of line.facts) for (const e of f.evidence) if (original.slice(e.start, e.end) !== e.quote) report.invalidEvidence++;

    for (const type of FACT_TYPES) {
      const golds = mergeGold(docGold.facts.filter((f) => f.type === type));
      const preds = line.facts.filter((f) => f.type === type);
      const free = preds.map(() => true);
      const ok = (p: Fact, g: Gold) => matches(original, p, g);
      const required = golds.filter((g) => !g.optional && !g.negative);
      const matchedPairs: Array<[Gold, Fact]> = [];
      const claim = (subset: Gold[]) => {
        const m = bestMatching(subset, preds, free, ok);
        for (const pi of m.values()) free[pi] = false;
        return [...m].map(([gi, pi]) => [subset[gi], preds[pi]] as [Gold, Fact]);
      };
      const requiredPairs = claim(required);
      matchedPairs.push(...requiredPairs, ...claim(golds.filter((g) => g.optional && !g.negative)));
      const negativeHits = claim(golds.filter((g) => g.negative)).length;

      const t = types[type];
      t.gold += required.length;
      t.matched += requiredPairs.length;
      t.predicted += requiredPairs.length + preds.filter((_, i) => free[i]).length + negativeHits;

      const hit = new Set(requiredPairs.map(([g]) => g));
      for (const g of required) if (!hit.has(g)) report.misses.push({ doc: docName, type, fact: g.fact, quotes: g.near });
      preds.forEach((p, i) => {
        if (free[i]) report.extras.push({ doc: docName, type, fact: factSummary(p), quotes: p.evidence.map((e) => e.quote) });
      });

      for (const [g, p] of matchedPairs) attributeChecks(docName, g, p, tally);
    }
  }
  for (const t of Object.values(types)) {
    t.precision = t.predicted ? t.matched / t.predicted : t.gold ? 0 : 1;
    t.recall = t.gold ? t.matched / t.gold : 1;
    t.f1 = t.precision + t.recall ? (2 * t.precision * t.recall) / (t.precision + t.recall) : 0;
  }
  for (const a of Object.values(attrs)) a.accuracy = a.total ? a.correct / a.total : 1;
  return report;
}

type Tally = (doc: string, type: FactType, attribute: string, ok: boolean, expected: unknown, got: unknown, fact: Fact) => void;

function attributeChecks(doc: string, g: Gold, p: Fact, tally: Tally): void {
  const gf = g.fact;
  switch (p.type) {
    case 'city_pair': {
      const swapped = !sameName(p.a.name, gf.a);
      tally(doc, p.type, 'city_pair.relation', p.relation === gf.relation, gf.relation, p.relation, p);
      const sinceOk = p.since === (gf.since ?? null) || (gf.since_alt != null && p.since === gf.since_alt);
      tally(doc, p.type, 'city_pair.since', sinceOk, gf.since, p.since, p);
      const country = swapped ? p.a.country : p.b.country;
      tally(doc, p.type, 'city_pair.country', (country ?? null) === (gf.country ? toSimplified(gf.country) : null), gf.country, country, p);
      break;
    }
    case 'count':
      tally(doc, p.type, 'count.approx', p.approx === gf.approx, gf.approx, p.approx, p);
      tally(doc, p.type, 'count.of', gf.of === '' ? p.of === '' : p.of !== '' && containsEither(p.of, gf.of), gf.of, p.of, p);
      break;
    case 'date':
      tally(doc, p.type, 'date.year', p.start === gf.start && p.end === gf.end, `${gf.start}..${gf.end}`, `${p.start}..${p.end}`, p);
      break;
    case 'agreement':
      if ('title' in gf) tally(doc, p.type, 'agreement.title', gf.title === null ? p.title === null : p.title !== null && containsEither(p.title, gf.title), gf.title, p.title, p);
      if ('count' in gf) tally(doc, p.type, 'agreement.count', p.count === gf.count, gf.count, p.count, p);
      break;
    case 'event':
      if ('name' in gf) tally(doc, p.type, 'event.name', containsEither(p.name, gf.name), gf.name, p.name, p);
      if ('start' in gf) tally(doc, p.type, 'event.start', p.start === gf.start && p.end === gf.end, `${gf.start}..${gf.end}`, `${p.start}..${p.end}`, p);
      break;
  }
}
