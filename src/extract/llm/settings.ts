/**
 * The LLM step's settings, their defaults and environment fallbacks, apart from the client: the
 * command line asks whether a model is set without loading the client and its queue.
 */
import type { RetryOptions } from '../../retry.ts';

export interface LlmConfig extends RetryOptions {
  model: string;
  baseURL?: string;
  apiKey?: string;
  concurrency: number;
  /** Requests per minute; null for no limit. */
  rpm: number | null;
  timeoutMs: number;
  /** Prices per million tokens, for the cost in summaries. */
  priceIn?: number;
  priceOut?: number;
}

export const DEFAULT_LLM: Omit<LlmConfig, 'model'> = {
  concurrency: 4,
  rpm: null,
  timeoutMs: 120_000,
  retries: 4,
  backoffMs: 1000,
  maxRetryAfterMs: 120_000,
};

/** The model to use: `model`, else `$YOUCHENG_LLM_MODEL`; undefined means no LLM step. */
export function llmModel(model?: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return model ?? env.YOUCHENG_LLM_MODEL;
}

/**
 * Options as the constructor takes them: what is left undefined comes from `env` (process.env when
 * not said), as openai-node does: the model from $YOUCHENG_LLM_MODEL, the server from
 * $YOUCHENG_LLM_BASE_URL or $OPENAI_BASE_URL, the key from $YOUCHENG_LLM_API_KEY or $OPENAI_API_KEY.
 */
export type LlmOptions = Partial<LlmConfig> & { env?: NodeJS.ProcessEnv };
