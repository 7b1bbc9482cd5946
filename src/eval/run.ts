/**
 * Runs `extract` over the gold's documents and scores it: the rules alone, and, when an LLM step
 * is given, rules + LLM too, over the same documents, with the tokens the model used.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { InputError, zodProblems } from '../errors.ts';
import { EXTRACTOR_VERSION, extractDocument } from '../extract/document.ts';
import { extractFull, type Llm } from '../extract/full.ts';
import type { Usage } from '../extract/llm/client.ts';
import { LlmFatalError } from '../extract/llm/errors.ts';
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
  /** With an LLM step: the same documents scored with rules + LLM, and what the model used. */
  llm?: LlmEvalReport;
}

export interface LlmEvalReport extends Report {
  model: string;
  usage: Usage;
  /** In USD, when prices were given. */
  cost: number | null;
  /** Documents whose LLM step failed: they are scored with their rule facts, as extract keeps them. */
  failures: Array<{ doc: string; message: string }>;
}

type Outputs = Map<string, { line: Pick<RecordLine, 'facts'>; original: string }>;

export async function evaluate(goldPath: string, dir: string, llm?: Llm): Promise<EvalReport> {
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
  const outputs: Outputs = new Map();
  const withLlm: Outputs = new Map();
  const failures: EvalReport['failures'] = [];
  const llmFailures: LlmEvalReport['failures'] = [];
  const usage: Usage = { requests: 0, promptTokens: 0, completionTokens: 0 };
  for (const [name, doc] of Object.entries(parsed.data.docs)) {
    // One document that fails must not stop the scoring of the others.
    try {
      const article = await readArticle(join(dir, name));
      const opts = { source: article.source, published: doc.published, title: article.title };
      outputs.set(name, { original: article.original, line: extractDocument(article.original, opts) });
      if (llm) {
        const x = await extractFull(article.original, { ...opts, rulesVersion: EXTRACTOR_VERSION }, llm);
        usage.requests += x.usage.requests;
        usage.promptTokens += x.usage.promptTokens;
        usage.completionTokens += x.usage.completionTokens;
        if (x.llmState === 'failed') llmFailures.push({ doc: name, message: x.line.warnings.find((w) => /^LLM step failed|^llm extractor failed/.test(w)) ?? 'LLM step failed' });
        withLlm.set(name, { original: article.original, line: x.line });
      }
    } catch (err) {
      // A model that cannot be used at all (no such model, a refused key) stops the run: every document would fail alike.
      if (err instanceof LlmFatalError) throw err;
      failures.push({ doc: name, message: err instanceof InputError ? err.message : `extraction failed: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}` });
      outputs.set(name, { original: '', line: { facts: [] } });
      withLlm.set(name, { original: '', line: { facts: [] } });
    }
  }
  const report: EvalReport = { ...score(parsed.data, outputs), documents: outputs.size, failures };
  if (llm) report.llm = { ...score(parsed.data, withLlm), model: llm.client.config.model, usage, cost: llm.client.cost(usage), failures: llmFailures };
  return report;
}
