/**
 * Rules, then the LLM step when one is configured: one record line with the facts of both,
 * merged one record per fact. Each evidence item keeps where it came from (rules or llm) and how
 * an LLM quote was aligned. A document whose LLM step fails keeps its rule facts and says so.
 */
import type { Alignment, Fact, LlmState, Method, RecordLine } from '../records.ts';
import { errorLine } from '../errors.ts';
import type { Article } from '../sources/files.ts';
import { EXTRACTOR_VERSION, extractRules, validFacts, type ExtractOptions } from './document.ts';
import type { LlmClient, Usage } from './llm/client.ts';
import { LlmError, LlmFatalError } from './llm/errors.ts';
import type { StepCache } from './llm/step.ts';
import { normalize, type Normalized } from './text/normalize.ts';

export interface Llm {
  client: LlmClient;
  cache?: StepCache;
  /** Send only relevant paragraphs (the default); false sends the whole text. */
  selectParagraphs?: boolean;
}

export interface Extraction {
  line: RecordLine;
  norm: Normalized;
  llmState: LlmState;
  /** Extractors (rules, or `llm`) that threw on this text; the line says which in its warnings. */
  failed: string[];
  usage: Usage;
  /** Where an evidence span came from, by "start:end". */
  evidence: (start: number, end: number) => { method: Method; alignment: Alignment | null };
  /** What extracted a fact: the rules' version, or the model, prompt and schema versions. */
  version: (fact: Fact) => string;
}

export async function extractFull(original: string, opts: ExtractOptions & { rulesVersion: string }, llm?: Llm, norm = normalize(original)): Promise<Extraction> {
  const { line, failed } = extractRules(original, opts, norm);
  const ruleSpans = new Set(line.facts.flatMap((f) => f.evidence.map((e) => `${e.start}:${e.end}`)));
  const usage: Usage = { requests: 0, promptTokens: 0, completionTokens: 0 };
  let alignments = new Map<string, Alignment>();
  let llmState: LlmState = 'skipped';
  let llmFactVersion = '';
  if (llm) {
    try {
      // Loaded only here: a rules-only run never reads the prompt or builds the answer schemas.
      const { llmVersion, runLlmStep } = await import('./llm/step.ts');
      llmFactVersion = llmVersion(llm.client.config.model);
      const step = await runLlmStep({ original, norm, published: line.doc.published, ruleFacts: line.facts }, llm.client, llm.cache, llm.selectParagraphs ?? true);
      Object.assign(usage, step.usage);
      alignments = step.alignments;
      line.warnings.push(...step.warnings);
      line.facts = validFacts([...line.facts, ...step.facts], line.warnings);
      llmState = 'done';
    } catch (err) {
      if (err instanceof LlmFatalError) throw err;
      if (err instanceof LlmError) line.warnings.push(`LLM step failed, rule facts kept; the next ingest tries again: ${err.message}`);
      else {
        // Not the model's fault but ours: the rule facts still stand, and the run says it failed.
        failed.push('llm');
        line.warnings.push(`llm extractor failed, rule facts kept (please report it): ${errorLine(err)}`);
      }
      llmState = 'failed';
    }
  }
  return {
    line,
    norm,
    llmState,
    failed,
    usage,
    evidence: (start, end) => {
      const key = `${start}:${end}`;
      return ruleSpans.has(key) ? { method: 'rules', alignment: null } : { method: 'llm', alignment: alignments.get(key) ?? null };
    },
    version: (fact) => (fact.method === 'llm' ? llmFactVersion : opts.rulesVersion),
  };
}

/** Rules and the LLM step over an article read from a file or a page; what reading it found is among the warnings. */
export function extractFromArticle(article: Article, published: string | null | undefined, llm?: Llm, norm?: Normalized): Promise<Extraction> {
  const opts = {
    source: article.source,
    published: published ?? article.published,
    title: article.title,
    sourceWarnings: article.warnings,
    location: article.location,
    rulesVersion: EXTRACTOR_VERSION,
  };
  return extractFull(article.original, opts, llm, norm);
}
