/**
 * The summary of an ingest run (counts by outcome, failures by reason, facts by type, LLM usage)
 * and how a failed input is counted and described, for files and the web alike.
 */
import { errorLine, StoreFullError, StoreReplacedError, YouchengError } from '../errors.ts';
import { LlmFatalError } from '../extract/llm/errors.ts';
import type { FactType } from '../records.ts';

export interface IngestSummary {
  /** Pages and feeds fetched successfully (web ingestion). */
  fetched: number;
  new: number;
  unchanged: number;
  reextracted: number;
  duplicates: number;
  skipped: number;
  failed: number;
  /** Failures by reason (file, network, timeout, http, robots, llm …). */
  failures: Record<string, number>;
  facts: Partial<Record<FactType, number>>;
  llm: { documents: number; failed: number; requests: number; promptTokens: number; completionTokens: number; cost: number | null };
  errors: string[];
  warnings: string[];
}

/** How a run reports as it goes: the number of inputs once known, each input done, each error and warning. */
export interface IngestEvents {
  onStart?: (total: number) => void;
  onProgress?: (done: number, source: string) => void;
  onError?: (message: string) => void;
  onWarning?: (message: string) => void;
  /** Aborted to stop the run between two commits (Ctrl-C): what is committed stays, the summary tells it so far. */
  signal?: AbortSignal;
}

export function emptySummary(): IngestSummary {
  return {
    fetched: 0,
    new: 0,
    unchanged: 0,
    reextracted: 0,
    duplicates: 0,
    skipped: 0,
    failed: 0,
    failures: {},
    facts: {},
    llm: { documents: 0, failed: 0, requests: 0, promptTokens: 0, completionTokens: 0, cost: null },
    errors: [],
    warnings: [],
  };
}

/** Counts one failed input under its reason, keeps its message and reports it as it happens. */
export function fail(summary: IngestSummary, reason: string, message: string, onError?: (m: string) => void): void {
  summary.failed++;
  summary.failures[reason] = (summary.failures[reason] ?? 0) + 1;
  summary.errors.push(message);
  onError?.(message);
}

/** Errors after which no later input could do better: the run stops. */
export function stopsTheRun(err: unknown): boolean {
  return err instanceof LlmFatalError || err instanceof StoreFullError || err instanceof StoreReplacedError;
}

/** An error from a step: a message naming the input, or a rethrow when the run must stop. */
export function describeFailure(err: unknown, input: string): string {
  if (stopsTheRun(err)) throw err;
  return err instanceof YouchengError ? err.message : `${input}: internal error (please report it): ${errorLine(err)}`;
}
