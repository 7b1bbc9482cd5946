/** The eval report as a person reads it. */
import { FACT_TYPES } from '../records.ts';
import type { EvalReport, LlmEvalReport } from '../eval/run.ts';
import type { Report } from '../eval/score.ts';
import { table } from './output.ts';

const pct = (x: number) => (x * 100).toFixed(1);

function details(r: Report): string[] {
  const out: string[] = [];
  for (const m of r.misses) out.push(`MISS   ${m.doc}  ${m.type}  ${JSON.stringify(m.fact)}  near: ${JSON.stringify(m.quotes)}`);
  for (const m of r.extras) out.push(`EXTRA  ${m.doc}  ${m.type}  ${JSON.stringify(m.fact)}  quotes: ${JSON.stringify(m.quotes)}`);
  for (const w of r.wrong) out.push(`WRONG  ${w.doc}  ${w.attribute}: expected ${JSON.stringify(w.expected)}, got ${JSON.stringify(w.got)}  quotes: ${JSON.stringify(w.quotes)}`);
  return out;
}

/** Rules alone and rules + LLM per type, side by side, and what the model used. */
function sideBySide(r: EvalReport, llm: LlmEvalReport): string[] {
  const out: string[] = [];
  out.push(
    table([
      ['type', 'gold', 'rules P', 'rules R', 'rules F1', '+LLM P', '+LLM R', '+LLM F1', 'ΔF1'],
      ...FACT_TYPES.map((t) => {
        const a = r.types[t];
        const b = llm.types[t];
        const delta = (b.f1 - a.f1) * 100;
        return [t, String(a.gold), pct(a.precision), pct(a.recall), pct(a.f1), pct(b.precision), pct(b.recall), pct(b.f1), `${delta >= 0 ? '+' : ''}${delta.toFixed(1)}`];
      }),
    ]),
  );
  const u = llm.usage;
  const cost = llm.cost === null ? '' : `, cost $${llm.cost.toFixed(4)}`;
  out.push('');
  out.push(`LLM ${llm.model}: ${u.requests} requests, ${u.promptTokens} prompt + ${u.completionTokens} completion tokens${cost}`);
  for (const f of llm.failures) out.push(`LLM FAILED ${f.doc} (scored with its rule facts): ${f.message}`);
  out.push(`invalid evidence with the LLM (slice ≠ quote): ${llm.invalidEvidence}`);
  return out;
}

export function formatReport(r: EvalReport, verbose: boolean): string {
  const out: string[] = [];
  out.push(`documents: ${r.documents}, failed: ${r.failures.length}`);
  for (const f of r.failures) out.push(`FAILED ${f.doc} (scored as no facts): ${f.message}`);
  out.push('');
  out.push(
    table([
      ['type', 'gold', 'predicted', 'matched', 'precision', 'recall', 'F1'],
      ...FACT_TYPES.map((t) => {
        const s = r.types[t];
        return [t, String(s.gold), String(s.predicted), String(s.matched), pct(s.precision), pct(s.recall), pct(s.f1)];
      }),
    ]),
  );
  out.push('');
  out.push(table([['attribute (matched facts)', 'correct', 'total', 'accuracy'], ...Object.entries(r.attributes).map(([k, a]) => [k, String(a.correct), String(a.total), pct(a.accuracy)])]));
  out.push('');
  out.push(`invalid evidence (slice ≠ quote): ${r.invalidEvidence}`);
  if (r.llm) out.push('', 'rules alone and rules + LLM:', ...sideBySide(r, r.llm));
  if (verbose) {
    out.push(...details(r));
    if (r.llm) out.push('', 'with the LLM:', ...details(r.llm));
  }
  return out.join('\n');
}
