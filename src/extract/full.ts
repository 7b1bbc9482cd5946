/**
 * Rules, then the LLM step when one is configured: one record line with the facts of both,
 * merged one record per fact. Each evidence item keeps where it came from (rules or llm) and how
 * an LLM quote was aligned. A document whose LLM step fails keeps its rule facts and says so.
 */
import { Fact, type RecordLine } from '../records.ts';
import { extractDocument, type ExtractOptions } from './document.ts';
import { LlmError, type LlmClient, type Usage } from './llm/client.ts';
import type { Alignment } from './llm/ground.ts';
import { PROMPT, runLlmStep, type StepCache } from './llm/step.ts';
import { SCHEMA_VERSION } from './llm/schema.ts';
import { mergeFacts } from './merge.ts';
import { normalize, type Normalized } from './normalize.ts';

export interface Llm {
  client: LlmClient;
  cache?: StepCache;
  /** Send only relevant paragraphs (the default); false sends the whole text. */
  selectParagraphs?: boolean;
}

export type LlmState = 'skipped' | 'done' | 'failed';

export interface Extraction {
  line: RecordLine;
  norm: Normalized;
  llmState: LlmState;
  usage: Usage;
  /** Where an evidence span came from, by "start:end". */
  evidence: (start: number, end: number) => { method: 'rules' | 'llm'; alignment: Alignment | null };
  /** What extracted a fact: the rules' version, or the model, prompt and schema versions. */
  version: (fact: Fact) => string;
}

export function llmVersion(model: string): string {
  return `llm:${model}:${PROMPT.version}:${SCHEMA_VERSION}`;
}

export async function extractFull(original: string, opts: ExtractOptions & { rulesVersion: string }, llm?: Llm, norm = normalize(original)): Promise<Extraction> {
  const line = extractDocument(original, opts, norm);
  const ruleSpans = new Set(line.facts.flatMap((f) => f.evidence.map((e) => `${e.start}:${e.end}`)));
  const usage: Usage = { requests: 0, promptTokens: 0, completionTokens: 0 };
  let alignments = new Map<string, Alignment>();
  let llmState: LlmState = 'skipped';
  if (llm) {
    try {
      const step = await runLlmStep({ original, norm, published: line.doc.published, ruleFacts: line.facts }, llm.client, llm.cache, llm.selectParagraphs ?? true);
      Object.assign(usage, step.usage);
      alignments = step.alignments;
      line.facts = mergeFacts([...line.facts, ...step.facts]).map((f) => Fact.parse(f));
      line.warnings.push(...step.warnings);
      llmState = 'done';
    } catch (err) {
      if (!(err instanceof LlmError)) throw err;
      line.warnings.push(`LLM step failed, rule facts kept; the next ingest tries again: ${err.message}`);
      llmState = 'failed';
    }
  }
  const model = llm?.client.config.model ?? '';
  return {
    line,
    norm,
    llmState,
    usage,
    evidence: (start, end) => {
      const key = `${start}:${end}`;
      return ruleSpans.has(key) ? { method: 'rules', alignment: null } : { method: 'llm', alignment: alignments.get(key) ?? null };
    },
    version: (fact) => (fact.method === 'llm' ? llmVersion(model) : opts.rulesVersion),
  };
}
