import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../simulator.js';
import { http, koreJwt, koreXoUrl, smallData } from '../testing/helpers.js';
import type { Simulator } from '../types.js';
import type { KoreXoRecord } from './kore-xo.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 0, 31, 12, 0, 0);
const span = { start: NOW - 10 * DAY, end: NOW - DAY };

let sim: Simulator;
let jwt: string;

beforeAll(async () => {
  sim = await startSimulator({
    seed: 'kore-xo',
    now: () => NOW,
    data: smallData(300, span),
    rateLimits: { 'kore-xo-admin-console': false },
  });
  jwt = await koreJwt(sim);
});
afterAll(() => sim.close());

const get = (query: Record<string, string | number> = {}, token = jwt) =>
  http(koreXoUrl(sim, query), { headers: { auth: token, 'content-type': 'application/json' } });

describe('Kore XO auth', () => {
  it('accepts an HS256 JWT with appId, with or without exp', async () => {
    expect((await get()).status).toBe(200);
    expect((await get({}, await koreJwt(sim, {}, { expiresInSeconds: 60 }))).status).toBe(200);
  });

  it.each([
    ['a bad signature', () => koreJwt(sim, {}, { secret: 'not-the-secret-not-the-secret-xx' })],
    ['a wrong appId', () => koreJwt(sim, { appId: 'cs-someone-else' })],
    [
      'appid spelled differently',
      () => koreJwt(sim, { appId: undefined, appid: sim.credentials.koreXo.clientId }),
    ],
    ['a disallowed algorithm', () => koreJwt(sim, {}, { alg: 'HS512' })],
  ])('rejects %s with 401 Invalid SDK credentials', async (_, make) => {
    const res = await get({}, await make());
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ errors: [{ msg: 'Invalid SDK credentials', code: 4002 }] });
  });

  it('rejects a missing header and garbage', async () => {
    expect((await http(koreXoUrl(sim))).status).toBe(401);
    expect((await get({}, 'not.a.jwt')).status).toBe(401);
  });

  it('rejects an expired exp (server clock) with its own message', async () => {
    const res = await get({}, await koreJwt(sim, {}, { expiresInSeconds: -5 }));
    expect(res.status).toBe(401);
    expect(res.json.errors[0]).toEqual({ msg: 'Token expired', code: 4002 });
  });

  it('requireJti: jti mandatory, replays rejected', async () => {
    const strict = await startSimulator({
      data: smallData(5),
      behavior: { koreXo: { requireJti: true } },
    });
    try {
      const url = koreXoUrl(strict);
      expect(
        (await http(url, { headers: { auth: await koreJwt(strict) } })).json.errors[0].msg,
      ).toBe('JTI is mandatory');
      const once = await koreJwt(strict, { jti: 'abc-1' });
      expect((await http(url, { headers: { auth: once } })).status).toBe(200);
      const replay = await http(url, { headers: { auth: once } });
      expect(replay.status).toBe(401);
      expect(replay.json.errors[0].msg).toMatch(/already been used/);
    } finally {
      await strict.close();
    }
  });
});

describe('Kore XO response shape', () => {
  it('matches the documented sample: keys, ObjectId ids with the time prefix, ascending order', async () => {
    const res = await get({ size: 100 });
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(Object.keys(res.json)).toEqual(['total', 'auditlogs', 'moreAvailable']);
    const logs = res.json.auditlogs as KoreXoRecord[];
    expect(logs).toHaveLength(100);
    for (const r of logs) {
      expect(Object.keys(r)).toEqual([
        'timestampValue',
        'Date/Time',
        'Description',
        'Name',
        'Category',
        'AuditLogId',
      ]);
      expect(r['Date/Time']).toBe(new Date(r.timestampValue).toISOString());
      expect(r.AuditLogId).toMatch(/^[0-9a-f]{24}$/);
      expect(parseInt(r.AuditLogId.slice(0, 8), 16)).toBe(Math.floor(r.timestampValue / 1000));
      if (r.Category === 'Login/Logout') {
        expect(r.Description).toMatch(
          /^(User \S+@\S+ logged (in|out)|Login failed for user \S+) at \w{3} \w{3} \d{2} \d{4} \d{2}:\d{2}:\d{2} GMT[+-]\d{4}\(.+\) from [\d.]+ via web$/,
        );
      }
    }
    for (let i = 1; i < logs.length; i++) {
      const a = logs[i - 1]!;
      const b = logs[i]!;
      expect(
        a.timestampValue < b.timestampValue ||
          (a.timestampValue === b.timestampValue && a.AuditLogId < b.AuditLogId),
      ).toBe(true);
    }
    const categories = new Set(logs.map((r) => r.Category));
    expect(categories).toContain('Login/Logout');
    expect(categories.size).toBeGreaterThan(3);
  });

  it('is deterministic for a seed', async () => {
    const again = await startSimulator({
      seed: 'kore-xo',
      now: () => NOW,
      data: smallData(300, span),
    });
    try {
      expect(again.groundTruth('kore-xo-admin-console')).toEqual(
        sim.groundTruth('kore-xo-admin-console'),
      );
    } finally {
      await again.close();
    }
  });
});

describe('Kore XO paging', () => {
  it('offset is a page number; size defaults to 50; total counts the whole match', async () => {
    const truth = sim.groundTruth('kore-xo-admin-console');
    const first = await get();
    expect(first.json.auditlogs).toEqual(truth.slice(0, 50));
    expect(first.json.total).toBe(300);
    expect(first.json.moreAvailable).toBe(true);
    const third = await get({ size: 40, offset: 2 });
    expect(third.json.auditlogs).toEqual(truth.slice(80, 120));
    const last = await get({ size: 40, offset: 7 });
    expect(last.json.auditlogs).toEqual(truth.slice(280, 300));
    expect(last.json.moreAvailable).toBe(false);
    expect((await get({ size: 40, offset: 8 })).json).toEqual({
      total: 300,
      auditlogs: [],
      moreAvailable: false,
    });
  });

  it('a full page walk equals the ground truth of the range', async () => {
    const fromDate = new Date(span.start + 2 * DAY).toISOString();
    const toDate = new Date(span.end - 2 * DAY).toISOString();
    const seen: unknown[] = [];
    for (let offset = 0; ; offset++) {
      const res = await get({ size: 33, offset, fromDate, toDate });
      seen.push(...res.json.auditlogs);
      if (!res.json.moreAvailable) break;
    }
    const truth = sim.groundTruth('kore-xo-admin-console', { from: fromDate, to: toDate });
    expect(truth.length).toBeGreaterThan(50);
    expect(seen).toEqual(truth);
  });

  it('fetchAfter returns only ids strictly greater; a keyset walk equals the ground truth', async () => {
    const truth = sim.groundTruth('kore-xo-admin-console') as KoreXoRecord[];
    const res = await get({ size: 10, fetchAfter: truth[99]!.AuditLogId });
    expect(res.json.auditlogs).toEqual(truth.slice(100, 110));
    expect(res.json.total).toBe(200);
    const seen: KoreXoRecord[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await get({ size: 100, ...(after ? { fetchAfter: after } : {}) });
      seen.push(...page.json.auditlogs);
      if (!page.json.moreAvailable) break;
      after = seen[seen.length - 1]!.AuditLogId;
    }
    expect(seen).toEqual(truth);
    expect((await get({ fetchAfter: 'xyz' })).status).toBe(400);
  });

  it('size over 100 is clamped by default, or rejected', async () => {
    const res = await get({ size: 500 });
    expect(res.json.auditlogs).toHaveLength(100);
    const strict = await startSimulator({
      data: smallData(5),
      behavior: { koreXo: { oversize: 'reject' } },
    });
    try {
      const r = await http(koreXoUrl(strict, { size: 101 }), {
        headers: { auth: await koreJwt(strict) },
      });
      expect(r.status).toBe(400);
      expect(r.json.errors[0].code).toBe(400);
    } finally {
      await strict.close();
    }
  });

  it.each([
    [{ size: 'ten' }],
    [{ size: '1.5' }],
    [{ size: 0 }],
    [{ offset: -1 }],
    [{ fromDate: '2026/01/01' }],
    [{ toDate: '2026-01-01 T13:26:05.598Z' }],
    [{ fromDate: '2026-02-30' }],
  ])('rejects %j with 400 in the Kore error shape', async (query) => {
    const res = await get(query);
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ errors: [{ msg: expect.any(String), code: 400 }] });
  });

  it('dates: yyyy-mm-dd is UTC midnight, toDate inclusive by default', async () => {
    const truth = sim.groundTruth('kore-xo-admin-console') as KoreXoRecord[];
    const t = truth[150]!.timestampValue;
    const at = new Date(t).toISOString();
    const res = await get({ fromDate: at, toDate: at, size: 100 });
    expect((res.json.auditlogs as KoreXoRecord[]).every((r) => r.timestampValue === t)).toBe(true);
    expect(res.json.total).toBeGreaterThanOrEqual(1);
    const day = new Date(span.start + 3 * DAY).toISOString().slice(0, 10);
    const next = new Date(Date.parse(day) + DAY).toISOString().slice(0, 10);
    const byDay = await get({ fromDate: day, toDate: next, size: 100 });
    expect(byDay.json.total).toBe(
      sim.groundTruth('kore-xo-admin-console', { from: Date.parse(day), to: Date.parse(next) })
        .length,
    );
  });

  it("dateOnlyTo 'end-of-day' and toDateInclusive false", async () => {
    const day = new Date(span.start + 4 * DAY).toISOString().slice(0, 10);
    const midnight = Date.parse(day);
    for (const [behavior, to, inclusive] of [
      [{ dateOnlyTo: 'end-of-day' }, midnight + DAY - 1, true],
      [{ toDateInclusive: false }, midnight, false],
    ] as const) {
      const other = await startSimulator({
        seed: 'kore-xo',
        now: () => NOW,
        data: smallData(300, span),
        behavior: { koreXo: behavior },
      });
      try {
        const res = await http(
          koreXoUrl(other, { fromDate: new Date(span.start).toISOString(), toDate: day }),
          {
            headers: { auth: await koreJwt(other) },
          },
        );
        const want = other.groundTruth('kore-xo-admin-console', {
          from: span.start,
          to,
          toInclusive: inclusive,
        });
        expect(res.json.total).toBe(want.length);
      } finally {
        await other.close();
      }
    }
  });

  it('inverted ranges: empty (default), swap, reject', async () => {
    const fromDate = new Date(span.end - DAY).toISOString();
    const toDate = new Date(span.start + DAY).toISOString();
    expect((await get({ fromDate, toDate })).json).toEqual({
      total: 0,
      auditlogs: [],
      moreAvailable: false,
    });
    for (const mode of ['swap', 'reject'] as const) {
      const other = await startSimulator({
        seed: 'kore-xo',
        now: () => NOW,
        data: smallData(300, span),
        behavior: { koreXo: { invertedRange: mode } },
      });
      try {
        const res = await http(koreXoUrl(other, { fromDate, toDate }), {
          headers: { auth: await koreJwt(other) },
        });
        if (mode === 'reject') expect(res.status).toBe(400);
        else
          expect(res.json.total).toBe(
            other.groundTruth('kore-xo-admin-console', { from: toDate, to: fromDate }).length,
          );
      } finally {
        await other.close();
      }
    }
  });

  it("total: 'page' counts only the page", async () => {
    const other = await startSimulator({
      data: smallData(30),
      behavior: { koreXo: { total: 'page' } },
    });
    try {
      const res = await http(koreXoUrl(other, { size: 10 }), {
        headers: { auth: await koreJwt(other) },
      });
      expect(res.json.total).toBe(10);
      expect(res.json.moreAvailable).toBe(true);
    } finally {
      await other.close();
    }
  });
});

describe('Kore XO late records', () => {
  it('a late record gets an id above all others but an older time; fetchAfter finds it, the time walk sorts it in', async () => {
    const local = await startSimulator({ seed: 3, data: smallData(50) });
    try {
      const token = await koreJwt(local);
      const before = local.groundTruth('kore-xo-admin-console') as KoreXoRecord[];
      const lastId = before.reduce((m, r) => (r.AuditLogId > m ? r.AuditLogId : m), '');
      const [late] = local.append('kore-xo-admin-console', 1, {
        lateByMs: 5 * DAY,
      }) as KoreXoRecord[];
      expect(late!.AuditLogId > lastId).toBe(true);
      expect(late!.timestampValue).toBeLessThan(before[before.length - 1]!.timestampValue);
      const after = await http(koreXoUrl(local, { fetchAfter: lastId }), {
        headers: { auth: token },
      });
      expect(after.json.auditlogs).toEqual([late]);
      const all = local.groundTruth('kore-xo-admin-console') as KoreXoRecord[];
      expect(all).toHaveLength(51);
      expect(all.indexOf(all.find((r) => r.AuditLogId === late!.AuditLogId)!)).toBeLessThan(50);
      const walk = await http(koreXoUrl(local, { size: 100 }), { headers: { auth: token } });
      expect(walk.json.auditlogs).toEqual(all);
    } finally {
      await local.close();
    }
  });
});
