import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limiter.js';

function clock(start = 1_000_000) {
  let now = start;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
    sleep: (ms: number) => {
      now += ms;
      return Promise.resolve();
    },
  };
}

describe('RateLimiter margins', () => {
  it('lets a request out of the window one round trip after a window, when its answer came', async () => {
    const time = clock();
    const limiter = new RateLimiter({ windows: [{ limit: 2, windowMs: 1000 }], ...time });
    const first = time.now();
    const done = await limiter.acquire();
    time.advance(30); // the answer takes 30 ms
    done();
    (await limiter.acquire())();
    await limiter.acquire();
    // The third waits for the first to leave: 1000 ms + its 30 ms round trip (+1).
    expect(time.now() - first).toBe(1031);
  });

  it('keeps the conservative margin for a request still in flight', async () => {
    const time = clock();
    const limiter = new RateLimiter({ windows: [{ limit: 1, windowMs: 3000 }], ...time });
    const first = time.now();
    await limiter.acquire(); // never answered
    await limiter.acquire();
    // 2% of 3000 ms is 60 ms.
    expect(time.now() - first).toBe(3061);
  });

  it('never lets the server count more than the limit, wherever within the round trip it counts', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            roundTrip: fc.integer({ min: 0, max: 400 }),
            arrivalShare: fc.double({ min: 0, max: 1, noNaN: true }),
            pause: fc.integer({ min: 0, max: 50 }),
          }),
          { minLength: 10, maxLength: 120 },
        ),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 100, max: 2000 }),
        async (requests, limit, windowMs) => {
          const time = clock();
          const limiter = new RateLimiter({ windows: [{ limit, windowMs }], ...time });
          const arrivals: number[] = [];
          for (const request of requests) {
            const done = await limiter.acquire();
            const sent = time.now();
            // The server counts it at some instant between our send and its answer.
            const arrival = sent + Math.floor(request.roundTrip * request.arrivalShare);
            // What the server does: counts arrivals in (arrival - window, arrival].
            const counted = arrivals.filter((t) => t > arrival - windowMs).length;
            expect(counted, `request at ${arrival}`).toBeLessThan(limit);
            arrivals.push(arrival);
            time.advance(request.roundTrip);
            done();
            time.advance(request.pause);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('costs only the measured round trips on a fast server', async () => {
    const time = clock();
    const limiter = new RateLimiter({ windows: [{ limit: 60, windowMs: 3000 }], ...time });
    const start = time.now();
    for (let i = 0; i < 600; i++) {
      const done = await limiter.acquire();
      time.advance(2);
      done();
    }
    // 10 windows of 60; each wait past a window is the 2 ms round trip (+1), not a fixed 60 ms.
    expect(time.now() - start).toBeLessThan(9 * 3000 + 9 * 10 + 600 * 2);
  });
});
