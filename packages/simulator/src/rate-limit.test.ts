import { describe, expect, it } from 'vitest';
import { RateLimiter, retryAfterHeader } from './rate-limit.js';
import { startSimulator } from './simulator.js';
import {
  bearer,
  http,
  koreJwt,
  koreXoUrl,
  orchestratorUrl,
  smallData,
  uipathToken,
} from './testing/helpers.js';

describe('RateLimiter', () => {
  it('allows exactly N per rolling window and reports when a slot frees', () => {
    const limiter = new RateLimiter({ windows: [{ limit: 5, windowMs: 500 }] });
    for (let i = 0; i < 5; i++) expect(limiter.take('a', 1000 + i * 10)).toBe(0);
    expect(limiter.take('a', 1100)).toBe(400); // first hit (1000) leaves the window at 1500
    expect(limiter.take('b', 1100)).toBe(0); // per account
    expect(limiter.take('a', 1499)).toBe(1);
    expect(limiter.take('a', 1500)).toBe(0);
    expect(limiter.take('a', 1505)).toBe(5);
  });

  it('checks every window: a long window blocks even when the short one is clear', () => {
    const limiter = new RateLimiter({
      windows: [
        { limit: 2, windowMs: 100 },
        { limit: 3, windowMs: 1000 },
      ],
    });
    expect([limiter.take('a', 0), limiter.take('a', 1)]).toEqual([0, 0]);
    expect(limiter.take('a', 50)).toBe(50);
    expect(limiter.take('a', 200)).toBe(0);
    expect(limiter.take('a', 400)).toBe(600); // 3 in the last 1000 ms: the hit at 0 frees at 1000
  });

  it('formats Retry-After as whole seconds (rounded up), an HTTP date, or nothing', () => {
    expect(retryAfterHeader('seconds', 400, 0)).toBe('1');
    expect(retryAfterHeader('seconds', 5500, 0)).toBe('6');
    expect(retryAfterHeader('http-date', 1500, Date.UTC(2026, 0, 1))).toBe(
      'Thu, 01 Jan 2026 00:00:02 GMT',
    );
    expect(retryAfterHeader('none', 1500, 0)).toBeUndefined();
  });
});

describe('rate limits over HTTP', () => {
  it('Kore XO default: 60 per rolling minute, then 429 with the exact seconds until a slot frees', async () => {
    let clock = Date.UTC(2026, 0, 1);
    const sim = await startSimulator({ now: () => clock, data: smallData(10) });
    try {
      const auth = { auth: await koreJwt(sim) };
      for (let i = 0; i < 60; i++) {
        expect((await http(koreXoUrl(sim), { headers: auth })).status).toBe(200);
        clock += 500;
      }
      // The first request (at t0) leaves the window at t0 + 60 s; now is t0 + 30 s.
      const limited = await http(koreXoUrl(sim), { headers: auth });
      expect(limited.status).toBe(429);
      expect(limited.headers['retry-after']).toBe('30');
      expect(limited.json).toEqual({
        errors: [
          {
            msg: 'Rate limit for this API has been reached. Please try again after some time.',
            code: 429,
          },
        ],
      });
      expect(sim.requests.filter((r) => r.rateLimited)).toHaveLength(1);
      expect(sim.requests.at(-1)).toMatchObject({
        status: 429,
        rateLimited: true,
        retryAfter: '30',
      });
      clock += 30_000;
      expect((await http(koreXoUrl(sim), { headers: auth })).status).toBe(200);
    } finally {
      await sim.close();
    }
  });

  it('Kore XO default: 1800 per rolling hour even when the minute window is clear', async () => {
    let clock = Date.UTC(2026, 0, 1);
    const sim = await startSimulator({ now: () => clock, data: smallData(10) });
    try {
      const auth = { auth: await koreJwt(sim) };
      let ok = 0;
      for (let i = 0; i < 1800; i++) {
        if ((await http(koreXoUrl(sim), { headers: auth })).status === 200) ok++;
        clock += 1001; // ~60 per minute, never over the minute window
      }
      expect(ok).toBe(1800);
      const limited = await http(koreXoUrl(sim), { headers: auth });
      expect(limited.status).toBe(429);
      // The first hit (t0) leaves the hour at t0 + 3600 s; now is t0 + 1800 * 1001 ms.
      expect(Number(limited.headers['retry-after'])).toBe(
        Math.ceil((3_600_000 - 1800 * 1001) / 1000),
      );
    } finally {
      await sim.close();
    }
  }, 60_000);

  it('scaled windows with real time: exactly N allowed, then 429; accounts counted apart', async () => {
    const sim = await startSimulator({
      data: smallData(10),
      rateLimits: {
        'kore-xo-admin-console': { windows: [{ limit: 5, windowMs: 500 }], retryAfter: 'seconds' },
      },
    });
    try {
      const auth = { auth: await koreJwt(sim) };
      const statuses = [];
      for (let i = 0; i < 7; i++)
        statuses.push((await http(koreXoUrl(sim), { headers: auth })).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
      expect(sim.requests.filter((r) => r.rateLimited).map((r) => r.retryAfter)).toEqual([
        '1',
        '1',
      ]);
      // Another (claimed) account has its own budget: it fails auth, but is not throttled.
      const other = { auth: await koreJwt(sim, { appId: 'cs-other' }) };
      expect((await http(koreXoUrl(sim), { headers: other })).status).toBe(401);
      await new Promise((resolve) => setTimeout(resolve, 550));
      expect((await http(koreXoUrl(sim), { headers: auth })).status).toBe(200);
    } finally {
      await sim.close();
    }
  });

  it('http-date and none modes; other vendors only when configured; false disables', async () => {
    const clock = Date.UTC(2026, 0, 1, 0, 0, 0);
    const sim = await startSimulator({
      now: () => clock,
      data: smallData(10),
      rateLimits: {
        'kore-xo-admin-console': false,
        'uipath-orchestrator-odata': {
          windows: [{ limit: 2, windowMs: 2500 }],
          retryAfter: 'http-date',
        },
        'kore-ai-for-work': { windows: [{ limit: 1, windowMs: 1000 }], retryAfter: 'none' },
      },
    });
    try {
      const kore = { auth: await koreJwt(sim) };
      for (let i = 0; i < 70; i++)
        expect((await http(koreXoUrl(sim), { headers: kore })).status).toBe(200);
      const orch = bearer(await uipathToken(sim));
      expect((await http(orchestratorUrl(sim), { headers: orch })).status).toBe(200);
      expect((await http(orchestratorUrl(sim), { headers: orch })).status).toBe(200);
      const limited = await http(orchestratorUrl(sim), { headers: orch });
      expect(limited.status).toBe(429);
      expect(limited.headers['retry-after']).toBe('Thu, 01 Jan 2026 00:00:03 GMT');
      const aiw = `${sim.baseUrls['kore-ai-for-work']}/api/public/auditlogs`;
      const key = { auth: sim.credentials.aiForWork.apiKey };
      expect((await http(aiw, { headers: key })).status).toBe(200);
      const none = await http(aiw, { headers: key });
      expect(none.status).toBe(429);
      expect(none.headers['retry-after']).toBeUndefined();
    } finally {
      await sim.close();
    }
  });
});
