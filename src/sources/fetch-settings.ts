/** The fetcher's settings and their defaults, apart from the fetcher: option parsing and file reading need not load its queues. */
import type { RetryOptions } from '../retry.ts';

export const USER_AGENT = 'youcheng/0.1 (sister-city records for research; respects robots.txt)';

export interface FetcherOptions extends RetryOptions {
  concurrency: number;
  perHost: number;
  /** Minimum milliseconds between the starts of two requests to one host. */
  minIntervalMs: number;
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  userAgent: string;
  ignoreRobots: boolean;
}

export const DEFAULT_FETCHER: FetcherOptions = {
  concurrency: 4,
  perHost: 2,
  minIntervalMs: 1000,
  timeoutMs: 20_000,
  retries: 3,
  maxBytes: 5 * 1024 * 1024,
  maxRedirects: 5,
  userAgent: USER_AGENT,
  ignoreRobots: false,
  backoffMs: 1000,
  maxRetryAfterMs: 60_000,
};
