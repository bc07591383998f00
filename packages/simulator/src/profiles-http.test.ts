// Drawn profiles over real HTTP, with records appended late and purged while reads page: every
// answer is well-formed, within the profile's caps, and made of records present when it was asked.

import { describe, expect, it } from 'vitest';
import { describeProfile } from './profiles.js';
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
  unifiedUrl,
} from './testing/helpers.js';
import type { Simulator, SimulatedVendorId } from './types.js';

const DAY = 86_400_000;

/** A record's identity: its id, or all of it for UiPath PM (which has none). */
const identity: Record<SimulatedVendorId, (r: Record<string, unknown>) => string> = {
  'kore-xo-admin-console': (r) => String(r['AuditLogId']),
  'kore-ai-for-work': (r) => String(r['_id']),
  'uipath-platform-audit': (r) => JSON.stringify(r),
  'uipath-orchestrator-odata': (r) => String(r['Id']),
  'uipath-unified-audit': (r) => String(r['id']),
};

async function requests(sim: Simulator) {
  const b = sim.behavior;
  const kore = { auth: await koreJwt(sim) };
  const uipath = bearer(await uipathToken(sim));
  const aiKey = { auth: sim.credentials.aiForWork.apiKey };
  const from = new Date(sim.now() - 20 * DAY).toISOString();
  return [
    {
      vendor: 'kore-xo-admin-console' as const,
      cap: b.koreXo.maxSize,
      get: (i: number) =>
        http(koreXoUrl(sim, { size: b.koreXo.maxSize, offset: i, fromDate: from }), {
          headers: kore,
        }),
      list: (json: Record<string, unknown>) => json['auditlogs'],
    },
    {
      vendor: 'kore-ai-for-work' as const,
      cap: b.aiForWork.hardCap === false ? Infinity : b.aiForWork.hardCap,
      get: () => http(aiForWorkUrl(sim, { startTime: from }), { headers: aiKey }),
      list: (json: Record<string, unknown>) => json['logs'],
    },
    {
      vendor: 'uipath-platform-audit' as const,
      cap: b.uipathPlatform.maxTop,
      get: (i: number) =>
        http(pmUrl(sim, { top: b.uipathPlatform.maxTop, skip: i * 7, sortOrder: 'asc' }), {
          headers: uipath,
        }),
      list: (json: Record<string, unknown>) => json['results'],
    },
    {
      vendor: 'uipath-orchestrator-odata' as const,
      cap: b.orchestrator.maxTop,
      get: (i: number) =>
        http(
          orchestratorUrl(sim, {
            $top: b.orchestrator.maxTop,
            $filter: `Id gt ${i * 9} and ExecutionTime ge ${from}`,
            $orderby: 'Id asc',
            $count: 'true',
          }),
          { headers: uipath },
        ),
      list: (json: Record<string, unknown>) => json['value'],
    },
    {
      vendor: 'uipath-unified-audit' as const,
      cap: b.uipathUnified.maxCount,
      get: (i: number) =>
        http(
          unifiedUrl(sim, i % 2 === 0 ? 'tenant' : 'organization', {
            from,
            maxCount: 1000,
            status: i % 3 === 0 ? 1 : 0,
          }),
          { headers: uipath },
        ),
      list: (json: Record<string, unknown>) => json['auditEvents'],
    },
  ];
}

describe('drawn profiles over HTTP, with appends and purges mid-read', () => {
  it.each(Array.from({ length: 24 }, (_, seed) => seed))('profile seed %i', async (seed) => {
    await using sim = await startSimulator({
      seed,
      profile: { seed },
      data: smallData(150),
      rateLimits: { 'kore-xo-admin-console': false },
    });
    const why = describeProfile(sim.behavior);
    for (const request of await requests(sim)) {
      sim.autoAppend(request.vendor, { everyRequests: 2, count: 3, lateByMs: (seed % 5) * DAY });
      sim.autoPurge(request.vendor, { everyRequests: 3, count: 2 });
      for (let i = 0; i < 6; i++) {
        const present = new Set(
          sim
            .groundTruth(request.vendor)
            .map((r) => identity[request.vendor](r as Record<string, unknown>)),
        );
        const res = await request.get(i);
        expect(res.status, `${request.vendor} ${why}`).toBe(200);
        const list = request.list(res.json as Record<string, unknown>) as Record<string, unknown>[];
        expect(Array.isArray(list), why).toBe(true);
        expect(list.length, why).toBeLessThanOrEqual(request.cap);
        for (const record of list) {
          expect(present.has(identity[request.vendor](record)), `${request.vendor} ${why}`).toBe(
            true,
          );
        }
      }
    }
  });
});
