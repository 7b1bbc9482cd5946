/**
 * Polite HTTP fetching: a global concurrency limit, and per host a concurrency limit and a
 * minimum interval between requests (p-queue); timeouts; retries with exponential backoff and
 * jitter on network errors, 408, 429 (Retry-After honoured) and 5xx, none on other 4xx; a body
 * size cap; redirects followed up to a limit; robots.txt honoured and cached per host; a
 * User-Agent naming the tool; conditional requests when the caller has an ETag or Last-Modified.
 */
import PQueue from 'p-queue';
import { YouchengError } from '../errors.ts';
import { retryAfterMs, retryDelay, sleep } from '../retry.ts';
import { Robots } from './robots.ts';
import { DEFAULT_FETCHER, type FetcherOptions } from './fetch-settings.ts';

export type FailureReason = 'network' | 'timeout' | 'http' | 'too-large' | 'redirects' | 'robots';

/** A URL that could not be fetched, after any retries. */
export class FetchError extends YouchengError {
  override name = 'FetchError';
  constructor(
    readonly url: string,
    readonly reason: FailureReason,
    message: string,
    readonly status: number | null = null,
  ) {
    super(`${url}: ${message}`);
  }
}

export interface FetchResult {
  url: string;
  /** The URL after redirects. */
  finalUrl: string;
  status: number;
  contentType: string;
  bytes: Uint8Array;
  etag: string | null;
  lastModified: string | null;
  /** 304: the caller's copy is current; `bytes` is empty. */
  notModified: boolean;
}

export interface Attempt {
  url: string;
  attempt: number;
  status: number | null;
  bytes: number;
  error: string | null;
  startedAt: string;
  finishedAt: string;
}

export interface Conditional {
  etag?: string | null;
  lastModified?: string | null;
}

class AttemptFailure extends Error {
  constructor(
    readonly reason: FailureReason,
    message: string,
    readonly status: number | null,
    readonly retryable: boolean,
    readonly retryAfter: number | null = null,
  ) {
    super(message);
  }
}

export class Fetcher {
  readonly options: FetcherOptions;
  private readonly global: PQueue;
  private readonly hosts = new Map<string, PQueue>();
  private readonly robots = new Map<string, Promise<Robots>>();

  constructor(
    options: Partial<FetcherOptions> = {},
    private readonly onAttempt: (a: Attempt) => void = () => {},
  ) {
    this.options = { ...DEFAULT_FETCHER, ...options };
    this.global = new PQueue({ concurrency: this.options.concurrency });
  }

  private readonly hostLimits = new Map<string, { perHost?: number; minIntervalMs?: number }>();

  /** Politeness for one host that differs from the run's (a feed's own settings). */
  setHostLimits(host: string, limits: { perHost?: number; minIntervalMs?: number }): void {
    this.hostLimits.set(host, limits);
  }

  private hostQueue(host: string): PQueue {
    let q = this.hosts.get(host);
    if (!q) {
      const perHost = this.hostLimits.get(host)?.perHost ?? this.options.perHost;
      const interval = this.hostLimits.get(host)?.minIntervalMs ?? this.options.minIntervalMs;
      q = new PQueue({ concurrency: perHost, interval: interval || 1, intervalCap: interval ? 1 : Infinity });
      this.hosts.set(host, q);
    }
    return q;
  }

  /** Fetches a URL, following redirects and retrying as the options say. Throws FetchError. */
  async fetch(url: string, conditional: Conditional = {}): Promise<FetchResult> {
    let current = url;
    for (let hop = 0; hop <= this.options.maxRedirects; hop++) {
      if (!this.options.ignoreRobots && !(await this.allowed(current))) {
        throw new FetchError(url, 'robots', `robots.txt of ${new URL(current).host} disallows ${new URL(current).pathname} (use --ignore-robots to override)`);
      }
      const res = await this.withRetries(current, conditional);
      if (res.status >= 300 && res.status < 400 && res.status !== 304) {
        const location = res.location;
        if (!location) throw new FetchError(url, 'http', `redirect ${res.status} without a Location`, res.status);
        const target = new URL(location, current);
        // fetch() cannot follow file:, ftp: or data: (and must not): no retry makes it readable.
        if (!/^https?:$/.test(target.protocol)) throw new FetchError(url, 'redirects', `redirected to ${target.href}, which is not an http(s) URL`, res.status);
        current = target.href;
        continue;
      }
      return { ...res.result, url, finalUrl: current };
    }
    throw new FetchError(url, 'redirects', `more than ${this.options.maxRedirects} redirects (a redirect loop?)`);
  }

  private async allowed(url: string): Promise<boolean> {
    const u = new URL(url);
    let robots = this.robots.get(u.origin);
    if (!robots) {
      robots = this.loadRobots(u.origin);
      this.robots.set(u.origin, robots);
    }
    return (await robots).allows(u.pathname + u.search);
  }

  private async loadRobots(origin: string): Promise<Robots> {
    try {
      const res = await this.withRetries(`${origin}/robots.txt`, {});
      if (res.status !== 200) return Robots.allowAll();
      return Robots.parse(Buffer.from(res.result.bytes).toString('utf8'), this.options.userAgent);
    } catch {
      // No readable robots.txt (404, 5xx after retries, network): nothing is disallowed.
      return Robots.allowAll();
    }
  }

  private async withRetries(url: string, conditional: Conditional) {
    const host = new URL(url).host;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.hostQueue(host).add(() => this.global.add(() => this.once(url, attempt, conditional)));
      } catch (err) {
        if (!(err instanceof AttemptFailure)) throw err;
        const tries = attempt > 1 ? ` (after ${attempt} attempts)` : '';
        if (!err.retryable || attempt > this.options.retries) throw new FetchError(url, err.reason, `${err.message}${tries}`, err.status);
        // A server that asks for a longer pause than we wait is asked again on a later run, not held up for.
        if (err.retryAfter !== null && err.retryAfter > this.options.maxRetryAfterMs) {
          const asked = `asks to wait ${Math.ceil(err.retryAfter / 1000)} s (Retry-After), over the ${this.options.maxRetryAfterMs / 1000} s --max-retry-after`;
          throw new FetchError(url, err.reason, `${err.message}${tries}: the server ${asked}; tried again on a later run`, err.status);
        }
        await sleep(retryDelay(attempt, this.options, err.retryAfter));
      }
    }
  }

  /** One request, its outcome reported to onAttempt whatever it is. */
  private async once(url: string, attempt: number, conditional: Conditional) {
    const startedAt = new Date().toISOString();
    let status: number | null = null;
    let size = 0;
    try {
      const headers: Record<string, string> = {
        'user-agent': this.options.userAgent,
        accept: 'text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/xml;q=0.9,*/*;q=0.5',
      };
      if (conditional.etag) headers['if-none-match'] = conditional.etag;
      if (conditional.lastModified) headers['if-modified-since'] = conditional.lastModified;
      let res: Response;
      try {
        res = await fetch(url, { headers, redirect: 'manual', signal: AbortSignal.timeout(this.options.timeoutMs) });
      } catch (err) {
        throw this.networkFailure(err);
      }
      status = res.status;
      if (status === 408 || status === 429 || status >= 500) {
        await res.body?.cancel();
        throw new AttemptFailure('http', `HTTP ${status}`, status, true, retryAfterMs(res.headers.get('retry-after')));
      }
      if (status >= 400) {
        await res.body?.cancel();
        throw new AttemptFailure('http', `HTTP ${status}`, status, false);
      }
      const bytes = status >= 300 ? new Uint8Array() : await this.readCapped(res);
      size = bytes.length;
      this.onAttempt({ url, attempt, status, bytes: size, error: null, startedAt, finishedAt: new Date().toISOString() });
      return {
        status,
        location: res.headers.get('location'),
        result: {
          status,
          contentType: res.headers.get('content-type') ?? '',
          bytes,
          etag: res.headers.get('etag'),
          lastModified: res.headers.get('last-modified'),
          notModified: status === 304,
        },
      };
    } catch (err) {
      const failure = err instanceof AttemptFailure ? err : this.networkFailure(err, status !== null);
      this.onAttempt({ url, attempt, status, bytes: size, error: failure.message, startedAt, finishedAt: new Date().toISOString() });
      throw failure;
    }
  }

  /** `answered`: the headers had arrived, so a timeout means the server was too slow, not silent. */
  private networkFailure(err: unknown, answered = false): AttemptFailure {
    if (err instanceof AttemptFailure) return err;
    const e = err as Error & { cause?: { code?: string; message?: string } };
    if (e.name === 'TimeoutError' || e.name === 'AbortError') {
      const message = answered ? `too slow: the server answered but the response was not complete within ${this.options.timeoutMs} ms` : `no answer within ${this.options.timeoutMs} ms`;
      return new AttemptFailure('timeout', message, null, true);
    }
    return new AttemptFailure('network', `network error: ${e.cause?.code ?? e.cause?.message ?? e.message}`, null, true);
  }

  private async readCapped(res: Response): Promise<Uint8Array> {
    const declared = Number(res.headers.get('content-length'));
    if (declared > this.options.maxBytes) {
      await res.body?.cancel();
      throw new AttemptFailure('too-large', `response of ${declared} bytes is over the ${this.options.maxBytes}-byte cap`, res.status, false);
    }
    const chunks: Uint8Array[] = [];
    let total = 0;
    if (!res.body) return new Uint8Array();
    const reader = res.body.getReader();
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (err) {
        throw this.networkFailure(err, true);
      }
      if (chunk.done) break;
      total += chunk.value.length;
      if (total > this.options.maxBytes) {
        await reader.cancel();
        throw new AttemptFailure('too-large', `response is over the ${this.options.maxBytes}-byte cap`, res.status, false);
      }
      chunks.push(chunk.value);
    }
    return Buffer.concat(chunks);
  }
}
