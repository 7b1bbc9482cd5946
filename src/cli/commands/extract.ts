/** `youcheng extract`: one JSON line per document (doc, facts, warnings); stores nothing. */
import type { Command } from 'commander';
import { extractFromArticle } from '../../extract/full.ts';
import { describeFailure } from '../../pipeline/summary.ts';
import { DEFAULT_FETCHER } from '../../sources/fetch-settings.ts';
import { listArticleFiles, readArticles, shownPath } from '../../sources/files.ts';
import { type LlmCliOptions, llmFrom, type PdfCliOptions, parsePublished, pdfLimitsFrom, positiveInt, withLlmOptions, withPdfOptions } from '../options.ts';
import type { Cli } from '../run.ts';
import { jsonText } from '../../printable.ts';

export function register(cmd: Command, cli: Cli): void {
  withLlmOptions(
    withPdfOptions(cmd)
      .argument('<file...>', 'article files (.txt, .md, .html, .pdf)')
      .option('--published <YYYY-MM-DD>', 'publication date: the reference for relative dates', parsePublished)
      .option('--max-bytes <n>', 'largest file read', positiveInt, DEFAULT_FETCHER.maxBytes),
  ).action(async (files: string[], opts: { published?: string; maxBytes: number } & LlmCliOptions & PdfCliOptions) => {
    const llm = await llmFrom(opts, cli);
    let failed = 0;
    const { files: found, errors } = await listArticleFiles(files);
    for (const e of errors) {
      failed++;
      cli.warn(`error: ${e.message}`);
    }
    for (const file of found) {
      try {
        for (const article of await readArticles(file, opts.maxBytes, pdfLimitsFrom(opts))) {
          const x = await extractFromArticle(article, opts.published, llm);
          cli.write(`${jsonText(x.line)}\n`);
          // The line is printed with the other extractors' facts; its warnings name the failure.
          if (x.failed.length) failed++;
        }
      } catch (err) {
        failed++;
        cli.warn(`error: ${describeFailure(err, shownPath(file))}`);
      }
    }
    if (failed) cli.exitCode = 1;
  });
}
