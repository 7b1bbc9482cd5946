/**
 * Waiting between attempts at a remote call (a web fetch, an LLM request): exponential backoff
 * with jitter, and the server's Retry-After honoured within a bound.
 */

export interface RetryOptions {
  /** Attempts after the first. */
  retries: number;
  /** First backoff delay; doubled each attempt, with jitter. */
  backoffMs: number;
  /** Longest Retry-After we wait for. */
  maxRetryAfterMs: number;
}

/** A Retry-After header in milliseconds (it gives seconds or an HTTP date); null when absent or unreadable. */
export function retryAfterMs(value: string | null | undefined): number | null {
  if (!value) return null;
  const secs = Number(value);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

/**
 * How long to wait after failed attempt `attempt` (1, 2, …): the backoff, between half and one
 * and a half times backoffMs · 2^(attempt-1); or the server's Retry-After, when it gave one, kept
 * between half that backoff and maxRetryAfterMs.
 */
export function retryDelay(attempt: number, options: RetryOptions, retryAfter: number | null): number {
  const backoff = options.backoffMs * 2 ** (attempt - 1) * (0.5 + Math.random());
  return retryAfter === null ? backoff : Math.min(Math.max(retryAfter, backoff / 2), options.maxRetryAfterMs);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
