/**
 * The main job for files: article files in, extracted and stored. Articles are prepared several
 * at a time, then committed in the order given, a batch of files per transaction (each file all
 * or nothing within it), so a failure or a kill never leaves a half-written document and a resumed
 * run stores exactly what an uninterrupted one does. A batch derives each relationship it touches
 * once, and commits at once what a transaction per file would write again and again (index pages).
 */
import { EXTRACTOR_VERSION } from '../extract/document.ts';
import type { Llm } from '../extract/full.ts';
import { llmVersion } from '../extract/llm/step.ts';
import { listArticleFiles, readArticles, shownPath } from '../sources/files.ts';
import type { PdfLimits } from '../sources/pdf-limits.ts';
import { write, type Store } from '../store/db.ts';
import { refreshOnce } from '../store/relationships.ts';
import { finishRun, startRun } from '../store/runs.ts';
import { countArticle, type Prepared, prepareArticle, type Stored, storeArticle, windowFor } from './article.ts';
import { inOrder } from './in-order.ts';
import { describeFailure, emptySummary, fail, stopsTheRun, type IngestEvents, type IngestSummary } from './summary.ts';

export interface IngestOptions extends IngestEvents {
  published?: string | null;
  llm?: Llm;
  /** Files larger than this are refused (the fetcher's cap by default). */
  maxBytes?: number;
  /** Bounds on reading one PDF. */
  pdf?: PdfLimits;
}

/** Files per transaction, and the longest a prepared file waits for its batch to fill (ms). */
const BATCH_FILES = 64;
const BATCH_MS = 1000;

export async function ingestPaths(db: Store, paths: string[], opts: IngestOptions = {}, summary = emptySummary()): Promise<IngestSummary> {
  const { files, errors } = await listArticleFiles(paths);
  for (const e of errors) fail(summary, 'file', e.message, opts.onError);
  const run = startRun(db, 'ingest', opts.llm ? `${EXTRACTOR_VERSION}+${llmVersion(opts.llm.client.config.model)}` : EXTRACTOR_VERSION);
  opts.onStart?.(files.length);
  let done = 0;
  let batch: Array<{ file: string; articles: Prepared[] }> = [];
  let since = 0;
  const failed = (file: string, err: unknown) => fail(summary, 'file', describeFailure(err, file), opts.onError);
  const flush = () => {
    const files = batch;
    batch = [];
    // One file's articles (a PDF's pages) stand or fall together.
    const storeFile = ({ articles }: { articles: Prepared[] }) => write(db, () => articles.map((p) => storeArticle(db, p, opts.llm)));
    let stored: Array<Stored[] | { error: unknown }>;
    try {
      stored = write(db, () =>
        refreshOnce(db, () =>
          files.map((f) => {
            try {
              return storeFile(f);
            } catch (error) {
              if (stopsTheRun(error)) throw error;
              return { error };
            }
          }),
        ),
      );
    } catch {
      // The batch did not commit (a full disk, a replaced store, a busy one): file by file, so that
      // what fits is stored and the run stops at the first file that cannot be.
      stored = [];
      for (const f of files) {
        try {
          stored.push(write(db, () => refreshOnce(db, () => storeFile(f))));
        } catch (error) {
          stored.push({ error });
          if (stopsTheRun(error)) break;
        }
      }
    }
    for (const [i, { file, articles }] of files.entries()) {
      const s = stored[i];
      if (!s) break; // after a failure that stops the run
      if ('error' in s) failed(file, s.error);
      else {
        for (const [j, prepared] of articles.entries()) {
          countArticle(summary, prepared, s[j]!, opts.llm); // one result per article
          for (const w of prepared.article.warnings) {
            summary.warnings.push(`${file}: ${w}`);
            opts.onWarning?.(`${file}: ${w}`);
          }
        }
      }
      opts.onProgress?.(++done, file);
    }
  };
  try {
    await inOrder(
      files,
      windowFor(opts.llm),
      // A PDF holds several articles; other files one.
      async (file) => Promise.all((await readArticles(file, opts.maxBytes, opts.pdf)).map((a) => prepareArticle(db, a, opts.published, opts.llm))),
      (path, r) => {
        const file = shownPath(path);
        if ('error' in r) {
          // The files before it are stored first: a fatal error (the LLM refusing every request) stops the run there.
          flush();
          failed(file, r.error);
          opts.onProgress?.(++done, file);
          return;
        }
        if (!batch.length) since = performance.now();
        batch.push({ file, articles: r.value });
        if (batch.length >= BATCH_FILES || performance.now() - since >= BATCH_MS) flush();
      },
      opts.signal,
    );
    flush();
  } finally {
    finishRun(db, run, summary);
  }
  return summary;
}
