/**
 * Time and memory that grow with the input no faster than it: the rules over one line of 1, 2.5
 * and 5 MB (the samples' text with their line breaks taken out, and a run-on clause with no sentence
 * end at all), and PDFs of 3,000 and 25,000 pages (one flat /Kids array) read as the worker reads
 * them, but in this thread, so that the CPU time is this process's (the worker adds a constant). Each figure is CPU
 * time per MB or per page; the ratios between sizes, measured in the same run, should stay near 1.
 * Run: node --import tsx bench/bounds.bench.ts [pages...]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { extractDocument } from '../src/extract/document.ts';
import { readPdf } from '../src/sources/pdf.ts';
import { balancedPageTree } from '../src/sources/pdf-limits.ts';
import { manyPagesPdf } from '../test/support/pdf-bombs.ts';

const samplesDir = new URL('../samples/', import.meta.url);
const joined = readdirSync(samplesDir)
  .filter((f) => f.endsWith('.txt'))
  .map((f) => readFileSync(new URL(f, samplesDir), 'utf8').replace(/\s+/g, ''))
  .join('');

/** `text` repeated to `mb` MB of UTF-8, cut at a character. */
function line(text: string, mb: number): string {
  const chars = Math.floor((text.length * mb * 1e6) / Buffer.byteLength(text));
  return text.repeat(Math.ceil(chars / text.length)).slice(0, chars);
}

/** CPU seconds (user and system) that `run` takes. */
async function cpu(run: () => unknown): Promise<number> {
  const start = process.cpuUsage();
  await run();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

// Warm-up: dictionaries, gazetteer, JIT.
extractDocument(line(joined, 0.1), { source: 'warm-up' });

for (const [name, text] of [
  ['samples as one line', joined],
  ['run-on clause, no sentence end', '上海市与日本横滨市结为友好城市'],
] as const) {
  const perMb: number[] = [];
  for (const mb of [1, 2.5, 5]) {
    const t = await cpu(() => extractDocument(line(text, mb), { source: `${mb} MB` }));
    perMb.push(t / mb);
    console.log(`${name}: ${mb} MB in ${t.toFixed(2)} s CPU, ${(t / mb).toFixed(2)} s/MB, peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  }
  console.log(`${name}: s/MB at 2.5 and 5 MB over 1 MB: ${(perMb[1]! / perMb[0]!).toFixed(2)}, ${(perMb[2]! / perMb[0]!).toFixed(2)}`);
}

const sizes = process.argv.slice(2).map(Number);
const [small, large] = sizes.length === 2 ? sizes : [3000, 25_000];
const perPage: number[] = [];
for (const pages of [small!, large!]) {
  const pdf = manyPagesPdf(pages);
  let articles = 0;
  const seconds = await cpu(async () => {
    // As the worker reads it: its flat page tree balanced first.
    articles = (await readPdf(balancedPageTree(pdf) ?? pdf, `${pages} pages`)).length;
  });
  perPage.push(seconds / pages);
  console.log(`PDF of ${pages} pages (${(pdf.length / 2 ** 20).toFixed(1)} MB, ${articles} articles): ${seconds.toFixed(1)} s CPU, ${((1000 * seconds) / pages).toFixed(2)} ms/page`);
}
console.log(`PDF ms/page at ${large} over ${small} pages: ${(perPage[1]! / perPage[0]!).toFixed(2)}`);
