/** The worker thread that reads one PDF (pdf-limits.ts starts it, bounded): its streams checked, its page tree balanced, then pdf.ts. */
import { parentPort, workerData } from 'node:worker_threads';
import { InputError } from '../errors.ts';
import { balancedPageTree, checkStreams, type PdfLimits, type PdfOutcome } from './pdf-limits.ts';
import { readPdf } from './pdf.ts';

const { bytes, input, limits } = workerData as { bytes: Uint8Array; input: string; limits: PdfLimits };
parentPort!.postMessage('ready');
let outcome: PdfOutcome;
try {
  checkStreams(bytes, input, limits.maxStreamBytes);
  // A flat page tree rebuilt for pdf.js (see balancedPageTree); should the rebuilt file not read, the file as it came.
  const balanced = balancedPageTree(bytes);
  outcome = { articles: await (balanced ? readPdf(balanced, input, limits.maxPages).catch(() => readPdf(bytes, input, limits.maxPages)) : readPdf(bytes, input, limits.maxPages)) };
} catch (err) {
  // An InputError's message starts with the input it names: the problem is the rest.
  outcome = err instanceof InputError ? { problem: err.message.slice(input.length + 2), input: true } : { problem: (err as Error)?.message ?? String(err) };
}
parentPort!.postMessage(outcome);
