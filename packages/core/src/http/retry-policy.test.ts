import { describe, expect, it } from 'vitest';
import { HttpError } from '../errors/http-error.js';
import { AuditRelayError } from '../errors/auditrelay-error.js';
import { parseRetryAfter, RetryPolicy } from './retry-policy.js';
import { RateLimiter } from './rate-limiter.js';

function fakeClock(start = 1_000_000) {
  let now = start;
  const waits: number[] = [];
  return {
    now: () => now,
    sleep: (ms: number) => {
      waits.push(ms);
      now += ms;
      return Promise.resolve();
    },
    waits,
  };
}

const httpError = (status: number, retryAfterMs?: number) =>
  new HttpError({ message: `status ${status}`, status, url: 'https://x', retryAfterMs });

describe('parseRetryAfter', () => {
  it('reads delta-seconds and HTTP-dates', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});

describe('RetryPolicy', () => {
  it('waits exactly what Retry-After asks, then succeeds', async () => {
    const clock = fakeClock();
    const policy = new RetryPolicy({ ...clock, random: () => 0.5 });
    let calls = 0;
    const result = await policy.run(() => {
      calls++;
      if (calls === 1) throw httpError(429, 4000);
      if (calls === 2) throw httpError(503);
      return Promise.resolve('ok');
    });
    expect(result).toBe('ok');
    expect(clock.waits[0]).toBe(4000);
    expect(clock.waits[1]).toBeGreaterThanOrEqual(500);
  });

  it('never retries other 4xx', async () => {
    const clock = fakeClock();
    let calls = 0;
    await expect(
      new RetryPolicy(clock).run(() => {
        calls++;
        throw httpError(400);
      }),
    ).rejects.toMatchObject({ status: 400 });
    expect(calls).toBe(1);
    expect(clock.waits).toEqual([]);
  });

  it('gives up after maxAttempts and when Retry-After exceeds the cap', async () => {
    const clock = fakeClock();
    let calls = 0;
    await expect(
      new RetryPolicy({ ...clock, maxAttempts: 3 }).run(() => {
        calls++;
        throw httpError(502);
      }),
    ).rejects.toMatchObject({ code: 'HTTP_ERROR' });
    expect(calls).toBe(3);
    await expect(
      new RetryPolicy({ ...clock, maxRetryAfterMs: 1000 }).run(() =>
        Promise.reject(httpError(429, 60_000)),
      ),
    ).rejects.toMatchObject({
      code: 'RATE_LIMITED',
    });
  });

  it('backs off exponentially with jitter under the cap', () => {
    const policy = new RetryPolicy({
      baseDelayMs: 100,
      maxDelayMs: 1000,
      random: () => 0.999,
      sleep: () => Promise.resolve(),
    });
    expect(policy.backoff(1)).toBeLessThanOrEqual(100);
    expect(policy.backoff(3)).toBeGreaterThan(200);
    expect(policy.backoff(10)).toBeLessThanOrEqual(1000);
  });

  it('retries network errors marked retryable', async () => {
    const clock = fakeClock();
    let calls = 0;
    const value = await new RetryPolicy(clock).run(() => {
      calls++;
      if (calls < 3)
        throw new AuditRelayError({ code: 'NETWORK_ERROR', message: 'reset', isRetryable: true });
      return Promise.resolve(calls);
    });
    expect(value).toBe(3);
  });
});

describe('RateLimiter', () => {
  it('never grants more than each rolling window allows', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({
      windows: [
        { limit: 3, windowMs: 1000 },
        { limit: 5, windowMs: 10_000 },
      ],
      ...clock,
    });
    const grants: number[] = [];
    for (let i = 0; i < 8; i++) {
      await limiter.acquire();
      grants.push(clock.now());
    }
    for (const [index, time] of grants.entries()) {
      expect(
        grants.filter((t) => t > time - 1000 && t <= time).length,
        `window ending at grant ${index}`,
      ).toBeLessThanOrEqual(3);
      expect(grants.filter((t) => t > time - 10_000 && t <= time).length).toBeLessThanOrEqual(5);
    }
    expect(grants[5]! - grants[0]!).toBeGreaterThanOrEqual(10_000);
  });
});
