/** Runs `extract` over the gold's documents and scores it. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError, zodProblems } from '../errors.ts';
import { extractDocument } from '../extract/document.ts';
import type { RecordLine } from '../records.ts';
import { readArticle } from '../sources/files.ts';
import { GoldFile, score, type Report } from './score.ts';

export async function evaluate(goldPath: string, dir: string): Promise<Report> {
  let raw: string;
  try {
    raw = await readFile(goldPath, 'utf8');
  } catch (err) {
    throw new InputError(goldPath, `cannot read the gold file: ${(err as NodeJS.ErrnoException).code ?? err}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (err) {
    throw new InputError(goldPath, `is not JSON: ${(err as Error).message}`);
  }
  const parsed = GoldFile.safeParse(json);
  if (!parsed.success) throw new InputError(goldPath, `is not a gold file: ${zodProblems(parsed.error)}`);
  const outputs = new Map<string, { line: RecordLine; original: string }>();
  for (const [name, doc] of Object.entries(parsed.data.docs)) {
    const article = await readArticle(join(dir, name));
    outputs.set(name, { original: article.original, line: extractDocument(article.original, { source: article.source, published: doc.published, title: article.title }) });
  }
  return score(parsed.data, outputs);
}
