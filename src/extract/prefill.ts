/**
 * What the rules read in a span a reviewer selected: the proposals that prefill the add-fact form.
 * The rules run on the sentence around the span (context gives a count its holder, a date its
 * year) and on the span alone (what the reviewer marked, whatever its neighbours say); the facts of
 * the type asked for that touch the span are proposed, most overlapping first, with their evidence
 * in the whole document's offsets.
 */
import { factKey, type Fact, type FactType } from '../records.ts';
import { extractRules } from './document.ts';
import { sentenceAround } from './text/sentences.ts';

/** How far around the span the context may reach, at most, in characters each way. */
const CONTEXT = 200;
/** The context runs across semicolons: it ends at 。！？!? or a line break. */
const CONTEXT_END = /[。！？!?\n]/;

function factsIn(original: string, from: number, to: number, published: string | null): Fact[] {
  const { line } = extractRules(original.slice(from, to), { source: 'selection', published });
  return line.facts.map((f) => ({ ...f, evidence: f.evidence.map((e) => ({ ...e, start: e.start + from, end: e.end + from })) }) as Fact);
}

/** Proposals of `type` (of every type when not given) for the span [start, end) of `original` (already checked to be a span of it). */
export function proposeFacts(original: string, start: number, end: number, type: FactType | undefined, published: string | null = null): Fact[] {
  const around = sentenceAround(original, start, end, CONTEXT_END, CONTEXT);
  const overlap = (f: Fact) => Math.max(...f.evidence.map((e) => Math.min(e.end, end) - Math.max(e.start, start)));
  const seen = new Set<string>();
  const proposals: Array<{ fact: Fact; overlap: number }> = [];
  for (const fact of [...factsIn(original, around.start, around.end, published), ...factsIn(original, start, end, published)]) {
    const key = factKey(fact);
    if ((type && fact.type !== type) || overlap(fact) <= 0 || seen.has(key)) continue;
    seen.add(key);
    proposals.push({ fact, overlap: overlap(fact) });
  }
  // A stable sort: among equal overlaps, the sentence's reading (with its context) comes first.
  return proposals.sort((a, b) => b.overlap - a.overlap).map((p) => p.fact);
}
