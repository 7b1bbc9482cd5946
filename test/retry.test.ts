import { describe, expect, it } from 'vitest';
import { retryAfterMs, retryDelay } from '../src/retry.ts';

const options = { retries: 3, backoffMs: 1000, maxRetryAfterMs: 120_000 };

describe('retry', () => {
  it('reads Retry-After as seconds or as an HTTP date, and nothing else', () => {
    expect(retryAfterMs('7')).toBe(7000);
    expect(retryAfterMs('-3')).toBe(0);
    expect(retryAfterMs('Thu, 01 Jan 1970 00:00:00 GMT')).toBe(0);
    const inAMinute = retryAfterMs(new Date(Date.now() + 60_000).toUTCString());
    expect(inAMinute).toBeGreaterThan(50_000);
    expect(inAMinute).toBeLessThanOrEqual(60_000);
    expect(retryAfterMs('soon')).toBeNull();
    expect(retryAfterMs('')).toBeNull();
    expect(retryAfterMs(null)).toBeNull();
    expect(retryAfterMs(undefined)).toBeNull();
  });

  it('doubles the backoff each attempt, with jitter between half and one and a half times', () => {
    for (const attempt of [1, 2, 3, 4]) {
      const base = 1000 * 2 ** (attempt - 1);
      for (let i = 0; i < 50; i++) {
        const wait = retryDelay(attempt, options, null);
        expect(wait).toBeGreaterThanOrEqual(base / 2);
        expect(wait).toBeLessThan(base * 1.5);
      }
    }
  });

  it('waits for a Retry-After, but never past the bound nor under half the backoff', () => {
    expect(retryDelay(1, options, 30_000)).toBe(30_000);
    expect(retryDelay(1, options, 3_600_000)).toBe(120_000);
    const wait = retryDelay(3, options, 0);
    expect(wait).toBeGreaterThanOrEqual(1000);
    expect(wait).toBeLessThan(3000);
  });
});
