/**
 * Throughput of the whole rules stage (normalise, dates, counts, evidence, merge) over at least
 * 5 MB of article text, against raw nodejieba.cut over the same documents in the same run, so the
 * ratio holds on a noisy machine. Prints peak RSS too.
 */
import { readdirSync, readFileSync } from 'node:fs';
import nodejieba from 'nodejieba';
import { extractDocument } from '../src/extract/document.ts';
import { DOMAIN_DICT } from '../src/extract/text/tokenize.ts';

const TARGET_BYTES = 5 * 1024 * 1024;
const samplesDir = new URL('../samples/', import.meta.url);
const samples = readdirSync(samplesDir)
  .filter((f) => f.endsWith('.txt'))
  .map((f) => readFileSync(new URL(f, samplesDir), 'utf8'));

const docs: string[] = [];
let bytes = 0;
while (bytes < TARGET_BYTES) {
  for (const s of samples) {
    docs.push(s);
    bytes += Buffer.byteLength(s);
  }
}
const mb = bytes / (1024 * 1024);

function time(run: () => void): number {
  const t0 = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

nodejieba.load({ userDict: DOMAIN_DICT });
// Warm-up: dictionaries, character tables, JIT.
for (const s of samples) {
  nodejieba.cut(s);
  extractDocument(s, { source: 'warm-up' });
}

const rounds = 5;
const jieba: number[] = [];
const rules: number[] = [];
let facts = 0;
for (let r = 0; r < rounds; r++) {
  jieba.push(
    time(() => {
      for (const d of docs) nodejieba.cut(d);
    }),
  );
  rules.push(
    time(() => {
      facts = 0;
      for (const [i, d] of docs.entries()) facts += extractDocument(d, { source: `doc-${i}` }).facts.length;
    }),
  );
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!; // one time per round
const tJieba = median(jieba);
const tRules = median(rules);

console.log(`text: ${docs.length} documents, ${mb.toFixed(2)} MB (the ${samples.length} samples repeated)`);
console.log(`raw nodejieba.cut: ${(mb / tJieba).toFixed(2)} MB/s (median of ${rounds})`);
console.log(`rules stage:       ${(mb / tRules).toFixed(2)} MB/s, ${facts} facts`);
console.log(`ratio rules / nodejieba.cut: ${(tJieba / tRules).toFixed(2)}x (target >= 0.5x)`);
console.log(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
