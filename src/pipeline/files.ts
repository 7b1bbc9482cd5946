/**
 * The main job for files: article files in, extracted and stored. Articles are prepared several
 * at a time, then committed one by one in the order given, each in its own transaction, so a
 * failure or a kill never leaves a half-written document and a resumed run stores exactly what
 * an uninterrupted one does.
 */
import { EXTRACTOR_VERSION } from '../extract/document.ts';
import type { Llm } from '../extract/full.ts';
import { llmVersion } from '../extract/llm/step.ts';
import { listArticleFiles, readArticles, shownPath } from '../sources/files.ts';
import type { PdfLimits } from '../sources/pdf-limits.ts';
import type { Store } from '../store/db.ts';
import { finishRun, startRun } from '../store/runs.ts';
import { commitArticle, prepareArticle, windowFor } from './article.ts';
import { inOrder } from './in-order.ts';
import { describeFailure, emptySummary, fail, type IngestEvents, type IngestSummary } from './summary.ts';

export interface IngestOptions extends IngestEvents {
  published?: string | null;
  llm?: Llm;
  /** Files larger than this are refused (the fetcher's cap by default). */
  maxBytes?: number;
  /** Bounds on reading one PDF. */
  pdf?: PdfLimits;
}

export async function ingestPaths(db: Store, paths: string[], opts: IngestOptions = {}, summary = emptySummary()): Promise<IngestSummary> {
  const { files, errors } = await listArticleFiles(paths);
  for (const e of errors) fail(summary, 'file', e.message, opts.onError);
  const run = startRun(db, 'ingest', opts.llm ? `${EXTRACTOR_VERSION}+${llmVersion(opts.llm.client.config.model)}` : EXTRACTOR_VERSION);
  opts.onStart?.(files.length);
  let done = 0;
  try {
    await inOrder(
      files,
      windowFor(opts.llm),
      // A PDF holds several articles; other files one.
      async (file) => Promise.all((await readArticles(file, opts.maxBytes, opts.pdf)).map((a) => prepareArticle(db, a, opts.published, opts.llm))),
      (path, r) => {
        const file = shownPath(path);
        try {
          if ('error' in r) throw r.error;
          for (const prepared of r.value) {
            commitArticle(db, prepared, summary, opts.llm);
            for (const w of prepared.article.warnings) {
              summary.warnings.push(`${file}: ${w}`);
              opts.onWarning?.(`${file}: ${w}`);
            }
          }
        } catch (err) {
          fail(summary, 'file', describeFailure(err, file), opts.onError);
        }
        opts.onProgress?.(++done, file);
      },
      opts.signal,
    );
  } finally {
    finishRun(db, run, summary);
  }
  return summary;
}
