/**
 * How the LLM step fails, apart from the client: the callers that catch these (the extraction, the
 * run summary) need not load the client, its queue and the answer schemas on a rules-only run.
 */
import { YouchengError } from '../../errors.ts';

/** The run cannot go on: a refused key, an unknown model. */
export class LlmFatalError extends YouchengError {
  override name = 'LlmFatalError';
}

/** One document's LLM step failed after retries; its rule facts stand. */
export class LlmError extends YouchengError {
  override name = 'LlmError';
}

/** The model stopped at its token limit: the chunk is too long for it. */
export class TruncatedError extends Error {}
