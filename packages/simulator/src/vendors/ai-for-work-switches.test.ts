// Every AI for Work behaviour switch, over real HTTP: the server really answers that way.

import { describe, expect, it } from 'vitest';
import { startSimulator } from '../simulator.js';
import { aiForWorkUrl, http, smallData } from '../testing/helpers.js';
import type { AiForWorkBehavior } from '../types.js';
import type { AiForWorkRecord } from './ai-for-work.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 4, 20, 12, 0, 0);
const span = { start: NOW - 10 * DAY, end: NOW - DAY };

async function aiForWork(behavior: AiForWorkBehavior, count = 300) {
  const sim = await startSimulator({
    seed: 'aiforwork-switches',
    now: () => NOW,
    data: smallData(count, span),
    behavior: { aiForWork: behavior },
  });
  const get = async (query: Record<string, string | number> = {}) => {
    const res = await http(aiForWorkUrl(sim, query), {
      headers: { auth: sim.credentials.aiForWork.apiKey },
    });
    expect(res.status).toBe(200);
    return res.json.logs as AiForWorkRecord[];
  };
  const truth = () => sim.groundTruth('kore-ai-for-work') as AiForWorkRecord[];
  return Object.assign(sim, { get, truth });
}

const reversed = <T>(items: T[]): T[] => [...items].reverse();

describe('AI for Work switches: cap', () => {
  it.each([
    // [order, capKeeps, which records, shown in]
    ['desc', 'first', 'newest', 'desc'],
    ['asc', 'first', 'oldest', 'asc'],
    ['desc', 'oldest', 'oldest', 'desc'],
    ['asc', 'newest', 'newest', 'asc'],
    ['desc', 'newest', 'newest', 'desc'],
    ['asc', 'oldest', 'oldest', 'asc'],
  ] as const)(
    'hardCap 137, order %s, capKeeps %s: the %s 137, %s',
    async (order, capKeeps, which, shown) => {
      await using sim = await aiForWork({ hardCap: 137, order, capKeeps });
      const truth = sim.truth();
      const kept = which === 'newest' ? truth.slice(-137) : truth.slice(0, 137);
      expect(await sim.get()).toEqual(shown === 'asc' ? kept : reversed(kept));
    },
  );

  it('hardCap false returns every record in the window', async () => {
    await using sim = await aiForWork({ hardCap: false, order: 'asc' });
    expect(await sim.get()).toEqual(sim.truth());
  });

  it('a window with fewer records than the cap is complete', async () => {
    await using sim = await aiForWork({ hardCap: 137 });
    const truth = sim.truth();
    const logs = await sim.get({ startTime: truth[200]!.cOn, endTime: truth[259]!.cOn });
    expect(logs).toEqual(reversed(truth.slice(200, 260)));
  });
});

describe('AI for Work switches: bounds, order, ids', () => {
  it('startInclusive false excludes a record exactly at startTime; true (default) keeps it', async () => {
    for (const startInclusive of [true, false]) {
      await using sim = await aiForWork({ startInclusive, order: 'asc', hardCap: false });
      const truth = sim.truth();
      const r = truth[100]!;
      expect(truth.filter((x) => x.cOn === r.cOn)).toHaveLength(1);
      const logs = await sim.get({ startTime: r.cOn });
      expect(logs[0]).toEqual(startInclusive ? r : truth[101]);
      expect(logs).toHaveLength(startInclusive ? 200 : 199);
    }
  });

  it('endInclusive false excludes a record exactly at endTime', async () => {
    await using sim = await aiForWork({ endInclusive: false, order: 'asc', hardCap: false });
    const truth = sim.truth();
    expect(await sim.get({ endTime: truth[100]!.cOn })).toEqual(truth.slice(0, 100));
  });

  it("order 'asc' is oldest first", async () => {
    await using sim = await aiForWork({ order: 'asc', hardCap: false });
    expect(await sim.get()).toEqual(sim.truth());
  });

  it('undocumentedPaging: limit/skip page inside the cap', async () => {
    await using sim = await aiForWork({ undocumentedPaging: true, order: 'asc', hardCap: 50 });
    const truth = sim.truth();
    expect(await sim.get({ limit: 20, skip: 30 })).toEqual(truth.slice(30, 50));
    expect(await sim.get({ limit: 200, skip: 10 })).toEqual(truth.slice(10, 60));
  });

  it("ids 'random': unique 24-hex _ids with no order in time; 'arrival' ids grow with time", async () => {
    await using random = await aiForWork({ ids: 'random' });
    const ids = random.truth().map((r) => r._id);
    expect(ids.every((id) => /^[0-9a-f]{24}$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.some((id, i) => i > 0 && id < ids[i - 1]!)).toBe(true);
    expect(ids.some((id, i) => i > 0 && id > ids[i - 1]!)).toBe(true);
    await using arrival = await aiForWork({});
    const grown = arrival.truth().map((r) => r._id);
    expect(grown.every((id, i) => i === 0 || id > grown[i - 1]!)).toBe(true);
  });
});
