/** Runs `extract` over the gold's documents and scores it. */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { InputError, zodProblems } from '../errors.ts';
import { extractDocument } from '../extract/document.ts';
import type { RecordLine } from '../records.ts';
import { readArticle } from '../sources/files.ts';
import { GoldFile, score, type Report } from './score.ts';

/** A gold file and the folder holding its documents. */
export interface EvalSet {
  name: string;
  gold: string;
  dir: string;
}

/** What `youcheng eval` scores when given no set: the samples and the two dev sets. */
export const DEFAULT_SETS: EvalSet[] = [
  { name: 'samples', gold: 'samples/gold.json', dir: 'samples' },
  { name: 'dev', gold: 'eval/dev/gold.json', dir: 'eval/dev' },
  { name: 'dev2', gold: 'eval/dev2/gold.json', dir: 'eval/dev2' },
];

/** The sets to score: both defaults, or the one set `--gold`/`--dir` name (each defaulting from the other). */
export function evalSets(gold?: string, dir?: string): EvalSet[] {
  if (gold === undefined && dir === undefined) return DEFAULT_SETS;
  const goldPath = gold ?? join(dir!, 'gold.json');
  return [{ name: goldPath, gold: goldPath, dir: dir ?? dirname(goldPath) }];
}

export interface EvalReport extends Report {
  documents: number;
  /** Documents that could not be read or extracted; each is scored as producing no facts. */
  failures: Array<{ doc: string; message: string }>;
}

export async function evaluate(goldPath: string, dir: string): Promise<EvalReport> {
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
  const outputs = new Map<string, { line: Pick<RecordLine, 'facts'>; original: string }>();
  const failures: EvalReport['failures'] = [];
  for (const [name, doc] of Object.entries(parsed.data.docs)) {
    // One document that fails must not stop the scoring of the others.
    try {
      const article = await readArticle(join(dir, name));
      outputs.set(name, { original: article.original, line: extractDocument(article.original, { source: article.source, published: doc.published, title: article.title }) });
    } catch (err) {
      failures.push({ doc: name, message: err instanceof InputError ? err.message : `extraction failed: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}` });
      outputs.set(name, { original: '', line: { facts: [] } });
    }
  }
  return { ...score(parsed.data, outputs), documents: outputs.size, failures };
}
