// Every Orchestrator OData behaviour switch, over real HTTP.

import { describe, expect, it } from 'vitest';
import { startSimulator } from '../simulator.js';
import { bearer, http, orchestratorUrl, smallData, uipathToken } from '../testing/helpers.js';
import type { OrchestratorBehavior } from '../types.js';
import type { AuditLogDto } from './orchestrator.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 4, 20, 12, 0, 0);

async function orchestrator(behavior: OrchestratorBehavior, count = 1200) {
  const sim = await startSimulator({
    seed: 'or-switches',
    now: () => NOW,
    data: smallData(count),
    behavior: { orchestrator: behavior },
  });
  const headers = bearer(await uipathToken(sim, 'OR.Audit.Read'));
  const get = (query: Record<string, string | number> = {}) =>
    http(orchestratorUrl(sim, query), { headers });
  const values = async (query: Record<string, string | number> = {}) => {
    const res = await get(query);
    expect(res.status).toBe(200);
    return res.json.value as AuditLogDto[];
  };
  return Object.assign(sim, { get, values });
}

const idsOf = (records: AuditLogDto[]) => records.map((r) => r.Id);

describe('Orchestrator switches: $top', () => {
  it('maxTop 333: $top 1000 and the default top are clamped to 333', async () => {
    await using sim = await orchestrator({ maxTop: 333 });
    expect(await sim.values({ $top: 1000 })).toHaveLength(333);
    expect(await sim.values()).toHaveLength(333);
  });

  it("maxTop 250 with oversizeTop 'reject': 251 is a 400, a missing $top is not", async () => {
    await using sim = await orchestrator({ maxTop: 250, oversizeTop: 'reject' });
    const res = await sim.get({ $top: 251 });
    expect(res.status).toBe(400);
    expect(res.json.message).toMatch(/limit of '250'/);
    expect(await sim.values()).toHaveLength(250);
  });

  it('defaultTop 100 applies without $top', async () => {
    await using sim = await orchestrator({ defaultTop: 100 });
    expect(idsOf(await sim.values())).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
  });
});

describe('Orchestrator switches: order', () => {
  it("orderby 'ignored': $orderby=Id desc still returns the default order, a bad $orderby is no 400", async () => {
    await using sim = await orchestrator({ orderby: 'ignored' });
    const first = idsOf(await sim.values({ $top: 5, $orderby: 'Id desc' }));
    expect(first).toEqual([1, 2, 3, 4, 5]);
    expect(idsOf(await sim.values({ $top: 5, $orderby: 'Nonsense desc' }))).toEqual(first);
  });

  it("defaultOrder 'id-desc': newest Id first without $orderby; $orderby still honoured", async () => {
    await using sim = await orchestrator({ defaultOrder: 'id-desc' });
    expect(idsOf(await sim.values({ $top: 3 }))).toEqual([1200, 1199, 1198]);
    expect(idsOf(await sim.values({ $top: 3, $orderby: 'Id asc' }))).toEqual([1, 2, 3]);
  });

  it("defaultOrder 'time-desc': newest ExecutionTime first, so a late record sinks below newer Ids", async () => {
    await using sim = await orchestrator({ defaultOrder: 'time-desc', orderby: 'ignored' });
    const [late] = sim.append('uipath-orchestrator-odata', 1, {
      lateByMs: 2 * DAY,
    }) as AuditLogDto[];
    const all = await sim.values({ $top: 1000, $orderby: 'Id asc' });
    const times = all.map((r) => Date.parse(r.ExecutionTime));
    expect(times.every((t, i) => i === 0 || t <= times[i - 1]!)).toBe(true);
    expect(all[0]!.Id).toBe(1200);
    expect(idsOf(all)).toContain(late!.Id);
    expect(all.findIndex((r) => r.Id === late!.Id)).toBeGreaterThan(0);
  });
});

describe('Orchestrator switches: $filter', () => {
  it("filter 'ignore-id': Id predicates are dropped (ids below the keyset come back), ExecutionTime applies", async () => {
    await using sim = await orchestrator({ filter: 'ignore-id' });
    expect(idsOf(await sim.values({ $top: 3, $filter: 'Id gt 100' }))).toEqual([1, 2, 3]);
    const truth = sim.groundTruth('uipath-orchestrator-odata') as AuditLogDto[];
    const from = truth[500]!.ExecutionTime;
    const got = await sim.values({ $top: 3, $filter: `Id gt 900 and ExecutionTime ge ${from}` });
    expect(got).toEqual(truth.slice(500, 503));
  });

  it("filter 'ignored': the whole $filter is ignored, even an invalid one", async () => {
    await using sim = await orchestrator({ filter: 'ignored' });
    const truth = sim.groundTruth('uipath-orchestrator-odata') as AuditLogDto[];
    const got = await sim.values({
      $top: 3,
      $filter: `ExecutionTime ge ${truth[500]!.ExecutionTime} and Id gt 900`,
    });
    expect(idsOf(got)).toEqual([1, 2, 3]);
    expect(idsOf(await sim.values({ $top: 3, $filter: 'Name eq 1' }))).toEqual([1, 2, 3]);
  });

  it("filter 'honoured' (default): Id gt is a keyset", async () => {
    await using sim = await orchestrator({});
    expect(idsOf(await sim.values({ $top: 3, $filter: 'Id gt 100' }))).toEqual([101, 102, 103]);
  });
});

describe('Orchestrator switches: @odata.count', () => {
  it("count 'absent' omits @odata.count even with $count=true", async () => {
    await using sim = await orchestrator({ count: 'absent' });
    const res = await sim.get({ $top: 2, $count: 'true' });
    expect(res.json).not.toHaveProperty('@odata.count');
    expect(res.json.value).toHaveLength(2);
  });

  it("count 'stale': a filter's count stays while records are appended and purged; a new filter is counted afresh", async () => {
    await using sim = await orchestrator({ count: 'stale' });
    const count = async (query: Record<string, string | number>) =>
      (await sim.get({ $top: 1, $count: 'true', ...query })).json['@odata.count'] as number;
    expect(await count({ $filter: 'Id gt 1000' })).toBe(200);
    sim.append('uipath-orchestrator-odata', 10);
    sim.purge('uipath-orchestrator-odata', 5);
    expect(await count({ $filter: 'Id gt 1000', $skip: 50 })).toBe(200);
    expect(await count({ $filter: 'Id gt 1001' })).toBe(209);
    expect(await count({})).toBe(1205);
  });

  it("count 'accurate' (default) follows appends and purges", async () => {
    await using sim = await orchestrator({});
    sim.append('uipath-orchestrator-odata', 10);
    sim.purge('uipath-orchestrator-odata', 5);
    expect((await sim.get({ $top: 1, $count: 'true' })).json['@odata.count']).toBe(1205);
  });
});
