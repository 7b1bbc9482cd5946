import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractDocument } from '../../../src/extract/document.ts';
import type { Fact } from '../../../src/records.ts';
import { agreementAct, eventAct, render, type Rendered } from '../../support/act-arbitraries.ts';

/** Fixed in CI; a failure prints its seed and path, which `fc.assert(…, { seed, path })` replays. */
const RUNS = { seed: 20261207, numRuns: 150, endOnFailure: true };

function check(r: Rendered): void {
  const line = extractDocument(r.original, { source: 'p', published: '2024-12-31' });
  for (const f of line.facts) for (const e of f.evidence) expect(r.original.slice(e.start, e.end)).toBe(e.quote);
  const stated = line.facts.filter((f): f is Extract<Fact, { type: typeof r.expected.type }> => f.type === r.expected.type && f.evidence.some((e) => e.start < r.end && r.start < e.end));
  expect(stated.length, `no ${r.expected.type} in ${JSON.stringify(r.original)}`).toBeGreaterThanOrEqual(1);
  const x = r.expected;
  const found = stated.find((f) =>
    f.type === 'agreement'
      ? (x.kind === undefined || f.kind === x.kind) && (x.count === undefined || f.count === x.count) && (x.title === undefined || f.title === x.title)
      : f.type === 'event' && (x.kind === undefined || f.kind === x.kind) && (x.nameHas === undefined || f.name.includes(x.nameHas)),
  );
  expect(found, `${JSON.stringify(x)} not among ${JSON.stringify(stated.map((f) => ({ ...f, evidence: undefined })))} in ${JSON.stringify(r.original)}`).toBeDefined();
}

describe('agreements and events rendered from their patterns', () => {
  it('finds every signing, with its kind, count or title and valid evidence, in both scripts and through noise', () => {
    fc.assert(fc.property(render(agreementAct), check), RUNS);
  });

  it('finds every event, with its kind and name and valid evidence, in both scripts and through noise', () => {
    fc.assert(fc.property(render(eventAct), check), RUNS);
  });
});
