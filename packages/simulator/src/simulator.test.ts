import { describe, expect, it } from 'vitest';
import { DEFAULT_CREDENTIALS, SIMULATED_VENDORS, VENDORS } from './defaults.js';
import { startSimulator } from './simulator.js';
import {
  aiForWorkUrl,
  bearer,
  http,
  koreJwt,
  koreXoUrl,
  orchestratorUrl,
  pmUrl,
  smallData,
  uipathToken,
} from './testing/helpers.js';
import type { SimulatedVendorId } from './types.js';
import type { KoreXoRecord } from './vendors/kore-xo.js';
import type { AuditLogDto } from './vendors/orchestrator.js';

const DAY = 86_400_000;

/** The (time, id) of a record of any vendor, for order checks. */
function timeOf(vendor: SimulatedVendorId, record: unknown): [string, string] {
  const r = record as Record<string, string | number>;
  const text = (key: string): string => String(r[key]);
  switch (vendor) {
    case 'kore-xo-admin-console':
      return [text('Date/Time'), text('AuditLogId')];
    case 'kore-ai-for-work':
      return [text('cOn'), text('_id')];
    case 'uipath-platform-audit':
      return [text('createdOn'), ''];
    case 'uipath-orchestrator-odata':
      return [text('ExecutionTime'), text('Id').padStart(12, '0')];
    case 'uipath-unified-audit':
      return [text('createdOn'), text('id')];
  }
}

describe('startSimulator', () => {
  it('listens on 127.0.0.1 with per-vendor base URLs and the default credentials', async () => {
    const sim = await startSimulator({ data: smallData(10) });
    try {
      expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(sim.baseUrls).toEqual({
        'kore-xo-admin-console': `${sim.url}/kore-xo`,
        'kore-ai-for-work': `${sim.url}/kore-aiforwork`,
        'uipath-platform-audit': `${sim.url}/uipath`,
        'uipath-orchestrator-odata': `${sim.url}/uipath`,
        'uipath-unified-audit': `${sim.url}/uipath`,
      });
      expect(sim.credentials).toEqual(DEFAULT_CREDENTIALS);
      expect(sim.credentials.koreXo.clientSecret.length).toBeGreaterThanOrEqual(32);
      expect(sim.credentials.uipath.partitionGlobalId).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
      );
    } finally {
      await sim.close();
    }
  });

  it('uses the default counts over the 30 days before start-up', async () => {
    const now = Date.UTC(2026, 6, 1);
    const sim = await startSimulator({ now: () => now });
    try {
      const counts = Object.fromEntries(VENDORS.map((v) => [v, sim.groundTruth(v).length]));
      expect(counts).toMatchObject({
        'kore-xo-admin-console': 2000,
        'kore-ai-for-work': 600,
        'uipath-platform-audit': 1200,
        'uipath-orchestrator-odata': 2000,
      });
      // The unified API's 3,000 events span 120 days; its live API serves the last 90 only.
      expect(counts['uipath-unified-audit']).toBeGreaterThan(2000);
      expect(counts['uipath-unified-audit']).toBeLessThan(2600);
      const kore = sim.groundTruth('kore-xo-admin-console') as KoreXoRecord[];
      expect(kore[0]!.timestampValue).toBeGreaterThanOrEqual(now - 30 * DAY);
      expect(kore.at(-1)!.timestampValue).toBeLessThanOrEqual(now);
    } finally {
      await sim.close();
    }
  });

  it('merges partial credentials and rejects impossible data options', async () => {
    const sim = await startSimulator({
      data: smallData(1),
      credentials: { uipath: { organization: 'contoso' }, aiForWork: { apiKey: 'k-1' } },
    });
    try {
      expect(sim.credentials.uipath.organization).toBe('contoso');
      expect(sim.credentials.uipath.tenant).toBe(DEFAULT_CREDENTIALS.uipath.tenant);
      expect(sim.credentials.aiForWork.apiKey).toBe('k-1');
    } finally {
      await sim.close();
    }
    await expect(
      startSimulator({ data: { 'kore-xo-admin-console': { start: 10, end: 5 } } }),
    ).rejects.toThrow(/start/);
    await expect(
      startSimulator({ data: { 'kore-xo-admin-console': { count: -1 } } }),
    ).rejects.toThrow(/count/);
  });

  it('server clock = now() + clockSkewMs, for data and token expiry', async () => {
    const base = Date.UTC(2026, 0, 1);
    const sim = await startSimulator({ now: () => base, clockSkewMs: -DAY, data: smallData(50) });
    try {
      expect(sim.now()).toBe(base - DAY);
      const last = (sim.groundTruth('kore-xo-admin-console') as KoreXoRecord[]).at(-1)!;
      expect(last.timestampValue).toBeLessThanOrEqual(base - DAY);
      // A JWT valid by the client's clock but expired by the server's skewed clock… is fine;
      // one that expired by the server clock is rejected.
      const jwt = await koreJwt(sim, { exp: Math.floor((base - DAY - 1000) / 1000) });
      expect((await http(koreXoUrl(sim), { headers: { auth: jwt } })).status).toBe(401);
    } finally {
      await sim.close();
    }
  });
});

describe('ground truth', () => {
  it('is ascending by time then id for every vendor, and fresh copies each call', async () => {
    const sim = await startSimulator({ seed: 9, data: smallData(300) });
    try {
      for (const vendor of SIMULATED_VENDORS) {
        const before = sim.groundTruth(vendor).length;
        // The unified API keeps 90 of its 120 default days.
        if (vendor !== 'uipath-unified-audit') expect(before).toBe(300);
        sim.append(vendor, 5, { lateByMs: 7 * DAY });
        const all = sim.groundTruth(vendor);
        expect(all).toHaveLength(before + 5);
        for (let i = 1; i < all.length; i++) {
          const [ta, ia] = timeOf(vendor, all[i - 1]);
          const [tb, ib] = timeOf(vendor, all[i]);
          expect(ta < tb || (ta === tb && ia < ib), `${vendor} #${i}`).toBe(true);
        }
        (all[0] as Record<string, unknown>)['mutated'] = true;
        expect(sim.groundTruth(vendor)[0]).not.toHaveProperty('mutated');
      }
    } finally {
      await sim.close();
    }
  });

  it('from/to accept ms or ISO strings; toInclusive false excludes the upper bound', async () => {
    const sim = await startSimulator({ seed: 2, data: smallData(400) });
    try {
      const all = sim.groundTruth('uipath-orchestrator-odata') as AuditLogDto[];
      const a = all[100]!.ExecutionTime;
      const b = all[200]!.ExecutionTime;
      const inc = sim.groundTruth('uipath-orchestrator-odata', {
        from: a,
        to: Date.parse(b),
      }) as AuditLogDto[];
      expect(inc).toEqual(all.filter((r) => r.ExecutionTime >= a && r.ExecutionTime <= b));
      const exc = sim.groundTruth('uipath-orchestrator-odata', {
        from: Date.parse(a),
        to: b,
        toInclusive: false,
      });
      expect(exc).toEqual(all.filter((r) => r.ExecutionTime >= a && r.ExecutionTime < b));
      expect(() => sim.groundTruth('kore-xo-admin-console', { from: 'soon' })).toThrow(/ISO/);
    } finally {
      await sim.close();
    }
  });

  it('a full paging walk of every vendor equals the ground truth (default data)', async () => {
    const sim = await startSimulator({
      seed: 'walk',
      rateLimits: { 'kore-xo-admin-console': false },
    });
    try {
      const kore: unknown[] = [];
      const auth = { auth: await koreJwt(sim) };
      for (let offset = 0; ; offset++) {
        const res = await http(koreXoUrl(sim, { size: 100, offset }), { headers: auth });
        kore.push(...res.json.auditlogs);
        if (!res.json.moreAvailable) break;
      }
      expect(kore).toEqual(sim.groundTruth('kore-xo-admin-console'));
      const aiw = await http(aiForWorkUrl(sim), {
        headers: { auth: sim.credentials.aiForWork.apiKey },
      });
      expect([...aiw.json.logs].reverse()).toEqual(sim.groundTruth('kore-ai-for-work'));
      const token = bearer(await uipathToken(sim));
      const pm: unknown[] = [];
      for (let skip = 0; skip < 1200; skip += 1000) {
        pm.push(
          ...(await http(pmUrl(sim, { top: 1000, skip, sortOrder: 'asc' }), { headers: token }))
            .json.results,
        );
      }
      expect(pm).toEqual(sim.groundTruth('uipath-platform-audit'));
      const or: unknown[] = [];
      for (let skip = 0; skip < 2000; skip += 1000) {
        or.push(
          ...(
            await http(
              orchestratorUrl(sim, { $orderby: 'ExecutionTime asc,Id asc', $skip: skip }),
              { headers: token },
            )
          ).json.value,
        );
      }
      expect(or).toEqual(sim.groundTruth('uipath-orchestrator-odata'));
    } finally {
      await sim.close();
    }
  });
});

describe('append and autoAppend', () => {
  it('append: now, at a given time, or late; returns the new wire records', async () => {
    const now = Date.UTC(2026, 3, 1, 12);
    const sim = await startSimulator({ now: () => now, data: smallData(20) });
    try {
      const fresh = sim.append('kore-xo-admin-console', 2) as KoreXoRecord[];
      expect(fresh.map((r) => r.timestampValue)).toEqual([now, now]);
      const at = sim.append('kore-xo-admin-console', 1, { at: now - 3 * DAY }) as KoreXoRecord[];
      expect(at[0]!.timestampValue).toBe(now - 3 * DAY);
      // Ids follow arrival (now), not the event time.
      expect(parseInt(at[0]!.AuditLogId.slice(0, 8), 16)).toBe(Math.floor(now / 1000));
      const late = sim.append('uipath-orchestrator-odata', 1, { lateByMs: DAY }) as AuditLogDto[];
      expect(late[0]!.ExecutionTime).toBe(new Date(now - DAY).toISOString());
      expect(sim.groundTruth('kore-xo-admin-console')).toHaveLength(23);
      expect(sim.groundTruth('kore-xo-admin-console')).toContainEqual(at[0]);
      expect(() => sim.append('kore-xo-admin-console', -1)).toThrow();
    } finally {
      await sim.close();
    }
  });

  it('autoAppend: every N data requests add records (late ones too) until turned off', async () => {
    const sim = await startSimulator({
      data: smallData(20),
      rateLimits: { 'kore-xo-admin-console': false },
    });
    try {
      const auth = { auth: await koreJwt(sim) };
      sim.autoAppend('kore-xo-admin-console', { everyRequests: 2, count: 3, lateByMs: DAY });
      const totals: number[] = [];
      for (let i = 0; i < 5; i++)
        totals.push((await http(koreXoUrl(sim), { headers: auth })).json.total);
      expect(totals).toEqual([20, 20, 23, 23, 26]);
      expect(sim.groundTruth('kore-xo-admin-console')).toHaveLength(26);
      sim.autoAppend('kore-xo-admin-console', false);
      await http(koreXoUrl(sim), { headers: auth });
      await http(koreXoUrl(sim), { headers: auth });
      expect(sim.groundTruth('kore-xo-admin-console')).toHaveLength(26);
      expect(() =>
        sim.autoAppend('kore-xo-admin-console', { everyRequests: 0, count: 1 }),
      ).toThrow();
    } finally {
      await sim.close();
    }
  });

  it('autoAppend minIntervalMs: a due burst waits until that much server time has passed', async () => {
    let now = Date.UTC(2026, 3, 1, 12);
    const sim = await startSimulator({
      now: () => now,
      data: smallData(20),
      rateLimits: { 'kore-xo-admin-console': false },
    });
    try {
      const auth = { auth: await koreJwt(sim) };
      sim.autoAppend('kore-xo-admin-console', { everyRequests: 1, count: 2, minIntervalMs: 5 });
      const totals: number[] = [];
      // Requests within one millisecond: one burst, the others wait.
      for (let i = 0; i < 3; i++)
        totals.push((await http(koreXoUrl(sim), { headers: auth })).json.total);
      now += 4;
      totals.push((await http(koreXoUrl(sim), { headers: auth })).json.total);
      now += 1;
      // Due since the second request: it lands after this answer, once 5 ms have passed.
      totals.push((await http(koreXoUrl(sim), { headers: auth })).json.total);
      totals.push((await http(koreXoUrl(sim), { headers: auth })).json.total);
      expect(totals).toEqual([20, 22, 22, 22, 22, 24]);
      const times = (sim.groundTruth('kore-xo-admin-console') as KoreXoRecord[])
        .slice(20)
        .map((r) => r.timestampValue);
      expect(times).toEqual([now - 5, now - 5, now, now]);
      expect(() =>
        sim.autoAppend('kore-xo-admin-console', { everyRequests: 1, count: 1, minIntervalMs: -1 }),
      ).toThrow();
    } finally {
      await sim.close();
    }
  });
});

describe('tokens, routing, request log', () => {
  it('expireTokens makes every issued bearer token expired', async () => {
    const sim = await startSimulator({ data: smallData(5) });
    try {
      const token = bearer(await uipathToken(sim));
      expect((await http(pmUrl(sim), { headers: token })).status).toBe(200);
      sim.expireTokens();
      const res = await http(orchestratorUrl(sim), { headers: token });
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toMatch(/invalid_token/);
      expect((await http(pmUrl(sim), { headers: bearer(await uipathToken(sim)) })).status).toBe(
        200,
      );
    } finally {
      await sim.close();
    }
  });

  it('unknown paths: plain 404 outside the prefixes, vendor-shaped 404 inside; wrong method 405', async () => {
    const sim = await startSimulator({ data: smallData(5) });
    try {
      expect((await http(`${sim.url}/nothing`)).status).toBe(404);
      const kore = await http(`${sim.baseUrls['kore-xo-admin-console']}/api/public/other`);
      expect(kore.status).toBe(404);
      expect(kore.json.errors[0].code).toBe(404);
      const ui = await http(`${sim.url}/uipath/acmecorp/DefaultTenant/orchestrator_/odata/Jobs`);
      expect(ui.status).toBe(404);
      expect(ui.json).toHaveProperty('traceId');
      const post = await http(koreXoUrl(sim), {
        method: 'POST',
        headers: { auth: await koreJwt(sim) },
        body: '{}',
      });
      expect(post.status).toBe(405);
    } finally {
      await sim.close();
    }
  });

  it('logs every request (vendor, route, query, status, server time) and logger lines carry no secrets', async () => {
    const lines: string[] = [];
    const now = Date.UTC(2026, 0, 2);
    const sim = await startSimulator({
      now: () => now,
      data: smallData(5),
      logger: (l) => lines.push(l),
    });
    try {
      const jwt = await koreJwt(sim);
      await http(koreXoUrl(sim, { size: 2 }), { headers: { auth: jwt } });
      const token = await uipathToken(sim, 'OR.Audit.Read');
      await http(orchestratorUrl(sim, { $top: 1 }), { headers: bearer(token) });
      expect(sim.requests).toEqual([
        {
          vendor: 'kore-xo-admin-console',
          route: 'data',
          method: 'GET',
          path: '/kore-xo/api/public/auditlogs',
          query: { size: '2' },
          status: 200,
          at: now,
          rateLimited: false,
        },
        {
          vendor: 'uipath-orchestrator-odata',
          route: 'token',
          method: 'POST',
          path: '/uipath/identity_/connect/token',
          query: {},
          status: 200,
          at: now,
          rateLimited: false,
        },
        {
          vendor: 'uipath-orchestrator-odata',
          route: 'data',
          method: 'GET',
          path: `/uipath/acmecorp/DefaultTenant/orchestrator_/odata/AuditLogs`,
          query: { $top: '1' },
          status: 200,
          at: now,
          rateLimited: false,
        },
      ]);
      expect(lines).toHaveLength(3);
      const text = lines.join('\n');
      for (const secret of [
        jwt,
        token,
        sim.credentials.uipath.clientSecret,
        sim.credentials.koreXo.clientSecret,
      ]) {
        expect(text).not.toContain(secret);
      }
      sim.resetRequestLog();
      expect(sim.requests).toEqual([]);
    } finally {
      await sim.close();
    }
  });

  it('close is idempotent and the simulator is AsyncDisposable', async () => {
    let url: string;
    {
      await using sim = await startSimulator({ data: smallData(1) });
      url = sim.url;
      expect((await http(`${url}/nothing`)).status).toBe(404);
    }
    await expect(http(`${url}/nothing`)).rejects.toThrow();
    const sim = await startSimulator({ data: smallData(1) });
    await Promise.all([sim.close(), sim.close()]);
    await sim.close();
  });
});

describe('scale', () => {
  it('starts with 200 000 Kore XO records and pages anywhere in them', async () => {
    const sim = await startSimulator({
      data: { 'kore-xo-admin-console': { count: 200_000 } },
      rateLimits: { 'kore-xo-admin-console': false },
    });
    try {
      const auth = { auth: await koreJwt(sim) };
      const last = await http(koreXoUrl(sim, { size: 100, offset: 1999 }), { headers: auth });
      expect(last.json.total).toBe(200_000);
      expect(last.json.auditlogs).toHaveLength(100);
      expect(last.json.moreAvailable).toBe(false);
      const mid = (await http(koreXoUrl(sim, { size: 100, offset: 1000 }), { headers: auth })).json
        .auditlogs as KoreXoRecord[];
      const after = await http(koreXoUrl(sim, { size: 100, fetchAfter: mid[99]!.AuditLogId }), {
        headers: auth,
      });
      expect(after.json.total).toBe(200_000 - 100_100);
      expect(sim.groundTruth('kore-xo-admin-console')).toHaveLength(200_000);
    } finally {
      await sim.close();
    }
  });
});
