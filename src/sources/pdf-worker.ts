/** The worker thread that reads one PDF (pdf-limits.ts starts it, bounded): its streams checked, then pdf.ts. */
import { parentPort, workerData } from 'node:worker_threads';
import { InputError } from '../errors.ts';
import { checkStreams, type PdfLimits, type PdfOutcome } from './pdf-limits.ts';
import { readPdf } from './pdf.ts';

const { bytes, input, limits } = workerData as { bytes: Uint8Array; input: string; limits: PdfLimits };
let outcome: PdfOutcome;
try {
  checkStreams(bytes, input, limits.maxStreamBytes);
  outcome = { articles: await readPdf(bytes, input, limits.maxPages) };
} catch (err) {
  // An InputError's message starts with the input it names: the problem is the rest.
  outcome = err instanceof InputError ? { problem: err.message.slice(input.length + 2), input: true } : { problem: (err as Error)?.message ?? String(err) };
}
parentPort!.postMessage(outcome);
