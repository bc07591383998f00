// purge / autoPurge: retention removes the oldest records while a read pages.

import { describe, expect, it } from 'vitest';
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
import type { AiForWorkRecord } from './vendors/ai-for-work.js';
import type { KoreXoRecord } from './vendors/kore-xo.js';
import type { AuditLogDto } from './vendors/orchestrator.js';
import type { UiPathPlatformRecord } from './vendors/uipath-platform.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 4, 20, 12, 0, 0);

async function start() {
  return startSimulator({
    seed: 'purge',
    now: () => NOW,
    data: smallData(100),
    rateLimits: { 'kore-xo-admin-console': false },
  });
}

describe('purge', () => {
  it('removes the oldest records by time (late arrivals included) and returns them; the rest keep their ids', async () => {
    await using sim = await start();
    const [late] = sim.append('kore-xo-admin-console', 1, { lateByMs: 40 * DAY }) as KoreXoRecord[];
    const before = sim.groundTruth('kore-xo-admin-console') as KoreXoRecord[];
    expect(before[0]).toEqual(late);
    const removed = sim.purge('kore-xo-admin-console', 6);
    expect(removed).toEqual(before.slice(0, 6));
    expect(sim.groundTruth('kore-xo-admin-console')).toEqual(before.slice(6));
    expect(sim.purge('kore-xo-admin-console', 0)).toEqual([]);
    expect(() => sim.purge('kore-xo-admin-console', -1)).toThrow(/non-negative integer/);
    expect(sim.purge('kore-xo-admin-console', 1000)).toHaveLength(95);
    expect(sim.groundTruth('kore-xo-admin-console')).toEqual([]);
    // Appends after a full purge are present again.
    const appended = sim.append('kore-xo-admin-console', 2) as KoreXoRecord[];
    expect(appended).toEqual(sim.groundTruth('kore-xo-admin-console'));
    // What the vendor ever held, purged records included, in arrival order.
    const ever = sim.everStored('kore-xo-admin-console') as KoreXoRecord[];
    expect(ever).toHaveLength(103);
    expect(ever.slice(-3)).toEqual([late, ...appended]);
    expect(new Set(ever.map((r) => r.AuditLogId))).toEqual(
      new Set([...before, ...appended].map((r) => r.AuditLogId)),
    );
  });

  it('Kore XO: offset pages shift by the purged count; fetchAfter keysets do not', async () => {
    await using sim = await start();
    const auth = { auth: await koreJwt(sim) };
    const page = async (query: Record<string, string | number>) =>
      (await http(koreXoUrl(sim, { size: 10, ...query }), { headers: auth })).json as {
        auditlogs: KoreXoRecord[];
        total: number;
      };
    const truth = sim.groundTruth('kore-xo-admin-console') as KoreXoRecord[];
    expect((await page({ offset: 1 })).auditlogs).toEqual(truth.slice(10, 20));
    sim.purge('kore-xo-admin-console', 4);
    const shifted = await page({ offset: 2 });
    expect(shifted.auditlogs).toEqual(truth.slice(24, 34));
    expect(shifted.total).toBe(96);
    // Records 20..23 were skipped by the offset walk; a keyset walk still sees them.
    expect((await page({ fetchAfter: truth[19]!.AuditLogId })).auditlogs).toEqual(
      truth.slice(20, 30),
    );
  });

  it('AI for Work, UiPath PM and Orchestrator lose their oldest records too', async () => {
    await using sim = await start();
    const ai = sim.groundTruth('kore-ai-for-work') as AiForWorkRecord[];
    const pm = sim.groundTruth('uipath-platform-audit') as UiPathPlatformRecord[];
    const or = sim.groundTruth('uipath-orchestrator-odata') as AuditLogDto[];
    sim.purge('kore-ai-for-work', 5);
    sim.purge('uipath-platform-audit', 5);
    sim.purge('uipath-orchestrator-odata', 5);

    const logs = await http(aiForWorkUrl(sim), {
      headers: { auth: sim.credentials.aiForWork.apiKey },
    });
    expect(logs.json.logs).toEqual([...ai.slice(5)].reverse());

    const token = bearer(await uipathToken(sim));
    const list = await http(pmUrl(sim, { top: 1000, sortOrder: 'asc' }), { headers: token });
    expect(list.json).toEqual({ totalCount: 95, results: pm.slice(5) });
    const byEmail = await http(pmUrl(sim, { top: 1000, sortBy: 'email' }), { headers: token });
    expect(byEmail.json.results).toHaveLength(95);
    expect(new Set(byEmail.json.results)).toEqual(new Set(pm.slice(5)));

    const odata = await http(orchestratorUrl(sim, { $count: 'true' }), { headers: token });
    expect(odata.json['@odata.count']).toBe(95);
    expect(odata.json.value).toEqual(or.slice(5));
    expect(odata.json.value[0].Id).toBe(6);
    const { organization, tenant } = sim.credentials.uipath;
    const details = (id: number) =>
      http(
        `${sim.url}/uipath/${organization}/${tenant}/orchestrator_/odata/AuditLogs/UiPath.Server.Configuration.OData.GetAuditLogDetails(auditLogId=${id})`,
        { headers: token },
      );
    expect((await details(5)).json.value).toEqual([]);
    expect((await details(6)).json.value.length).toBeGreaterThan(0);
  });
});

describe('autoPurge', () => {
  it('every N data requests purges the oldest records, until turned off; works with autoAppend', async () => {
    await using sim = await start();
    const auth = { auth: await koreJwt(sim) };
    sim.autoPurge('kore-xo-admin-console', { everyRequests: 2, count: 3 });
    const totals: number[] = [];
    for (let i = 0; i < 5; i++)
      totals.push((await http(koreXoUrl(sim), { headers: auth })).json.total);
    expect(totals).toEqual([100, 100, 97, 97, 94]);
    sim.autoAppend('kore-xo-admin-console', { everyRequests: 1, count: 2, lateByMs: DAY });
    await http(koreXoUrl(sim), { headers: auth }); // the 6th: +2, then -3
    expect(sim.groundTruth('kore-xo-admin-console')).toHaveLength(93);
    sim.autoPurge('kore-xo-admin-console', false);
    sim.autoAppend('kore-xo-admin-console', false);
    await http(koreXoUrl(sim), { headers: auth });
    await http(koreXoUrl(sim), { headers: auth });
    expect(sim.groundTruth('kore-xo-admin-console')).toHaveLength(93);
    expect(() => sim.autoPurge('kore-xo-admin-console', { everyRequests: 0, count: 1 })).toThrow(
      /everyRequests/,
    );
    expect(() => sim.autoPurge('kore-xo-admin-console', { everyRequests: 1, count: 1.5 })).toThrow(
      /count/,
    );
  });
});

describe('autoAppend upTo', () => {
  it('stops after upTo records in all, however many requests follow', async () => {
    await using sim = await start();
    const auth = { auth: await koreJwt(sim) };
    sim.autoAppend('kore-xo-admin-console', { everyRequests: 1, count: 4, upTo: 10 });
    const sizes: number[] = [];
    for (let i = 0; i < 5; i++) {
      await http(koreXoUrl(sim), { headers: auth });
      sizes.push(sim.groundTruth('kore-xo-admin-console').length);
    }
    expect(sizes).toEqual([104, 108, 110, 110, 110]);
    expect(() =>
      sim.autoAppend('kore-xo-admin-console', { everyRequests: 1, count: 1, upTo: -1 }),
    ).toThrow(/upTo/);
  });
});
