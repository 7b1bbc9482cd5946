/**
 * Bounds on reading a PDF. pdf.ts runs in a worker thread (pdf-worker.ts) with a time limit and a
 * heap limit, after a check of every compressed stream's inflated size; it refuses a PDF of more
 * pages than the cap. A PDF past any bound is refused in one line naming it and the flag that
 * raises the bound; the batch it came in goes on.
 */
import { Worker } from 'node:worker_threads';
import { inflateSync } from 'node:zlib';
import { InputError } from '../errors.ts';
import type { PdfArticle } from './pdf.ts';

export interface PdfLimits {
  /** Milliseconds one PDF may take to read. */
  timeoutMs: number;
  /** Megabytes of JavaScript heap reading one PDF may use. */
  memoryMb: number;
  maxPages: number;
  /** Bytes one compressed stream may inflate to. */
  maxStreamBytes: number;
}

export const DEFAULT_PDF_LIMITS: PdfLimits = { timeoutMs: 120_000, memoryMb: 1024, maxPages: 10_000, maxStreamBytes: 64 * 2 ** 20 };

/** What the worker sends back: the articles, or the problem (an InputError's, or another error's message). */
export type PdfOutcome = { articles: PdfArticle[] } | { problem: string; input?: boolean };

/**
 * Refuses a PDF with a Flate stream that inflates past `max` bytes (a zip bomb: pdf.js would
 * inflate it whole, outside any heap limit). Each stream is inflated once, to at most the cap.
 */
export function checkStreams(bytes: Uint8Array, input: string, max: number): void {
  const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = data.indexOf('stream'); at >= 0; at = data.indexOf('stream', at + 6)) {
    // `endstream` holds `stream` too; a stream's data starts after its end of line.
    if (data.subarray(at - 3, at).toString('latin1') === 'end') continue;
    let start = at + 6;
    if (data[start] === 0x0d) start++;
    if (data[start] !== 0x0a) continue;
    const end = data.indexOf('endstream', ++start);
    if (end < 0) return;
    try {
      inflateSync(data.subarray(start, end), { maxOutputLength: max });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
        throw new InputError(input, `has a stream that inflates past ${max} bytes (a compression bomb?); raise the cap with --pdf-max-stream`);
      // Not Flate data (an image, a font in another filter): not this check's to judge.
    }
    at = end;
  }
}

// Run from the TypeScript sources, the worker needs tsx; compiled (tsc) or bundled, it is plain
// JavaScript beside this file (the bundle's own entry point, dist/bundle/pdf-worker.js).
const fromSources = import.meta.url.endsWith('.ts');
const workerUrl = new URL(fromSources ? './pdf-worker.ts' : './pdf-worker.js', import.meta.url);
const boot = fromSources
  ? `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(workerUrl.href)}); });`
  : `import(${JSON.stringify(workerUrl.href)});`;

/** A PDF's articles, read in a worker within `limits`; a PDF past one is an InputError naming `input`. */
export function readPdfBounded(bytes: Uint8Array, input: string, limits: PdfLimits = DEFAULT_PDF_LIMITS): Promise<PdfArticle[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(boot, { eval: true, workerData: { bytes, input, limits }, resourceLimits: { maxOldGenerationSizeMb: limits.memoryMb } });
    let settled = false;
    const settle = (outcome: PdfOutcome | InputError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      if (outcome instanceof InputError) reject(outcome);
      else if ('articles' in outcome) resolve(outcome.articles);
      else reject(new InputError(input, outcome.input ? outcome.problem : `is a broken PDF: ${outcome.problem}`));
    };
    let timer: NodeJS.Timeout | undefined;
    // The clock starts when the worker has loaded pdf.js (slow on a busy machine), and stops at its answer.
    worker.on('message', (message: PdfOutcome | 'ready') => {
      if (message !== 'ready') settle(message);
      else timer = setTimeout(() => settle(new InputError(input, `took over ${limits.timeoutMs / 1000} s to read and was given up on; raise the limit with --pdf-timeout`)), limits.timeoutMs);
    });
    worker.once('error', (err: NodeJS.ErrnoException) =>
      settle(err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? new InputError(input, `needs over ${limits.memoryMb} MB of memory to read; raise the limit with --pdf-memory`) : { problem: err.message }),
    );
    worker.once('exit', (code) => settle({ problem: `its reader stopped (exit code ${code})` }));
  });
}

/** Kids a page tree node may have before pdf.js's search for a page by number costs more than the page. */
const FLAT_KIDS = 64;

/**
 * pdf.js finds page n by walking the page tree and stepping over every kid before it: with all
 * pages in one flat /Kids array (as many tools write them) reading N pages costs N² steps. This
 * appends an incremental update that hangs the root's kids under intermediate nodes of at most
 * FLAT_KIDS each (their /Parent stays the root, which keeps every inherited attribute). Only for a
 * root found in plain objects (classic cross-reference table); else, or when the root is not
 * flat, null.
 */
export function balancedPageTree(bytes: Uint8Array): Uint8Array | null {
  const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tail = data.subarray(Math.max(0, data.length - 1024)).toString('latin1');
  const startxref = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail)?.[1];
  const trailer = /trailer\s*<<([\s\S]*?)>>\s*startxref/.exec(tail)?.[1];
  if (!startxref || !trailer || !data.subarray(Number(startxref), Number(startxref) + 4).equals(Buffer.from('xref'))) return null;
  const size = Number(/\/Size\s+(\d+)/.exec(trailer)?.[1]);
  const root = /\/Root\s+(\d+\s+\d+)\s+R/.exec(trailer)?.[1];
  if (!size || !root) return null;
  const text = data.toString('latin1');
  // Where each plain object starts, its last revision winning.
  const starts = new Map<string, number>();
  for (const m of text.matchAll(/(\d+) (\d+) obj\b/g)) starts.set(`${m[1]} ${m[2]}`, m.index + m[0].length);
  /** The dictionary of a plain object. */
  const object = (ref: string) => {
    const at = starts.get(ref.replace(/\s+/, ' '));
    return at === undefined ? null : /^\s*<<([\s\S]*?)>>\s*endobj/.exec(text.slice(at, text.indexOf('endobj', at) + 6))?.[1];
  };
  const pagesRef = /\/Pages\s+(\d+\s+\d+)\s+R/.exec(object(root) ?? '')?.[1];
  const pages = pagesRef && object(pagesRef);
  const kids = pages && /\/Kids\s*\[([^\]]*)\]/.exec(pages)?.[1]?.match(/\d+\s+\d+\s+R/g);
  if (!pagesRef || !pages || !kids || kids.length <= FLAT_KIDS || /\/Kids\s*\[[^\]]*\]/.exec(pages)?.[0].includes('<<')) return null;
  // Each group's /Count assumes its kids are pages: a kid that is itself a node leaves the tree alone.
  if (kids.some((k) => !/\/Type\s*\/Page\b/.test(object(k.slice(0, -1).trim()) ?? ''))) return null;
  const objects: string[] = [];
  const groups: string[] = [];
  for (let i = 0; i < kids.length; i += FLAT_KIDS) {
    const group = kids.slice(i, i + FLAT_KIDS);
    groups.push(`${size + objects.length} 0 R`);
    objects.push(`<< /Type /Pages /Parent ${pagesRef} R /Kids [${group.join(' ')}] /Count ${group.length} >>`);
  }
  const rootDict = `<<${pages.replace(/\/Kids\s*\[[^\]]*\]/, `/Kids [${groups.join(' ')}]`)}>>`;
  let out = '\n';
  const offsets: number[] = [];
  const write = (ref: string, dict: string) => {
    offsets.push(data.length + Buffer.byteLength(out, 'latin1'));
    out += `${ref} obj\n${dict}\nendobj\n`;
  };
  for (const [i, o] of objects.entries()) write(`${size + i} 0`, o);
  write(pagesRef, rootDict);
  const xref = data.length + Buffer.byteLength(out, 'latin1');
  const [num, gen] = pagesRef.split(/\s+/);
  const entry = (o: number, g = '00000') => `${String(o).padStart(10, '0')} ${g.padStart(5, '0')} n \n`;
  out += `xref\n${size} ${objects.length}\n${objects.map((_, i) => entry(offsets[i]!)).join('')}${num} 1\n${entry(offsets[objects.length]!, gen)}`;
  out += `trailer\n<< /Size ${size + objects.length} /Root ${root} R /Prev ${startxref} >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.concat([data, Buffer.from(out, 'latin1')]);
}
