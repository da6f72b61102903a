import { describe, expect, it } from 'vitest';
import { RetryPolicy } from '../src/api/retry-policy.js';

describe('RetryPolicy', () => {
  const at = (random: number) =>
    new RetryPolicy({ baseDelayMs: 100, maxDelayMs: 1000 }, () => random);

  it('doubles the backoff per failure up to the cap, with half of it as a floor', () => {
    expect([1, 2, 3, 4, 5, 6].map((failures) => at(0).backoff(failures))).toEqual([
      50, 100, 200, 400, 500, 500,
    ]);
    expect([1, 2, 3, 4, 5, 6].map((failures) => at(0.999_999).backoff(failures))).toEqual(
      [100, 200, 400, 800, 1000, 1000].map((ms) => expect.closeTo(ms, 2)),
    );
  });

  it('gives up after the configured attempts, counting the first one', () => {
    const policy = new RetryPolicy({ attempts: 3, baseDelayMs: 10 }, () => 0);
    expect(policy.afterFailure(1)).toBe(5);
    expect(policy.afterFailure(2)).toBe(10);
    expect(policy.afterFailure(3)).toBeUndefined();
  });

  it("honours a server's Retry-After up to its ceiling", () => {
    const policy = new RetryPolicy({ maxHintedDelayMs: 3000 });
    expect(policy.afterFailure(1, 1200)).toBe(1200);
    expect(policy.afterFailure(1, 3_600_000)).toBe(3000);
  });

  it('keeps rate-limit waits within their budget', () => {
    const policy = new RetryPolicy({ maxRateLimitWaitMs: 10_000 });
    expect(policy.rateLimitWaitFits(6000, 4000)).toBe(true);
    expect(policy.rateLimitWaitFits(6000, 4001)).toBe(false);
  });

  it('retries only statuses where the server, not the request, failed', () => {
    const policy = new RetryPolicy();
    expect([408, 500, 502, 503, 504].every((status) => policy.isTransient(status))).toBe(true);
    expect([400, 401, 403, 404, 422, 429].some((status) => policy.isTransient(status))).toBe(false);
  });
});
