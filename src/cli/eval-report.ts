/** The eval report as a person reads it. */
import { FACT_TYPES } from '../records.ts';
import type { EvalReport } from '../eval/run.ts';
import { table } from './output.ts';

const pct = (x: number) => (x * 100).toFixed(1);

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
  if (verbose) {
    for (const m of r.misses) out.push(`MISS   ${m.doc}  ${m.type}  ${JSON.stringify(m.fact)}  near: ${JSON.stringify(m.quotes)}`);
    for (const m of r.extras) out.push(`EXTRA  ${m.doc}  ${m.type}  ${JSON.stringify(m.fact)}  quotes: ${JSON.stringify(m.quotes)}`);
    for (const w of r.wrong) out.push(`WRONG  ${w.doc}  ${w.attribute}: expected ${JSON.stringify(w.expected)}, got ${JSON.stringify(w.got)}  quotes: ${JSON.stringify(w.quotes)}`);
  }
  return out.join('\n');
}
