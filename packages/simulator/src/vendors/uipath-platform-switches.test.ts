// Every UiPath Platform Management behaviour switch, over real HTTP.

import { parse } from 'csv-parse/sync';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { startSimulator } from '../simulator.js';
import { bearer, http, pmUrl, smallData, uipathToken } from '../testing/helpers.js';
import type { UiPathPlatformBehavior } from '../types.js';
import type { UiPathPlatformRecord } from './uipath-platform.js';

const NOW = Date.UTC(2026, 4, 20, 12, 0, 0);

async function platform(behavior: UiPathPlatformBehavior, count = 120) {
  const sim = await startSimulator({
    seed: 'pm-switches',
    now: () => NOW,
    data: smallData(count),
    behavior: { uipathPlatform: behavior },
  });
  const headers = bearer(await uipathToken(sim, 'PM.Audit.Read'));
  const get = (query: Record<string, string | number> = {}, tail = '') =>
    http(pmUrl(sim, query, tail), { headers });
  const truth = () => sim.groundTruth('uipath-platform-audit') as UiPathPlatformRecord[];
  return Object.assign(sim, { get, truth, headers });
}

const newestFirst = (records: UiPathPlatformRecord[]) => [...records].reverse();

describe('UiPath PM switches: top', () => {
  it('maxTop 37: larger tops are clamped', async () => {
    await using sim = await platform({ maxTop: 37 });
    const res = await sim.get({ top: 100 });
    expect(res.json.results).toEqual(newestFirst(sim.truth()).slice(0, 37));
    expect(res.json.totalCount).toBe(120);
  });

  it("oversizeTop 'reject': a 400 ValidationProblemDetails naming top", async () => {
    await using sim = await platform({ maxTop: 37, oversizeTop: 'reject' });
    const res = await sim.get({ top: 38 });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.json.errors).toEqual({ top: ['The field top must be between 0 and 37.'] });
    expect((await sim.get({ top: 37 })).json.results).toHaveLength(37);
  });

  it('defaultTop 7 applies without top; never above maxTop', async () => {
    await using sim = await platform({ defaultTop: 7 });
    expect((await sim.get()).json.results).toHaveLength(7);
    await using capped = await platform({ defaultTop: 50, maxTop: 20 });
    expect((await capped.get()).json.results).toHaveLength(20);
  });
});

describe('UiPath PM switches: sorting', () => {
  it("sortOrder 'always-desc' ignores sortOrder=asc (and never rejects its value)", async () => {
    await using sim = await platform({ sortOrder: 'always-desc' });
    const want = newestFirst(sim.truth()).slice(0, 20);
    expect((await sim.get({ top: 20, sortOrder: 'asc' })).json.results).toEqual(want);
    expect((await sim.get({ top: 20, sortOrder: 'sideways' })).json.results).toEqual(want);
  });

  it("sortOrder 'always-asc' ignores sortOrder=desc", async () => {
    await using sim = await platform({ sortOrder: 'always-asc' });
    expect((await sim.get({ top: 20, sortOrder: 'desc' })).json.results).toEqual(
      sim.truth().slice(0, 20),
    );
  });

  it("sortOrder 'honoured' (default) follows asc and desc; defaultSortOrder 'asc' applies without it", async () => {
    await using sim = await platform({ defaultSortOrder: 'asc' });
    expect((await sim.get({ top: 20 })).json.results).toEqual(sim.truth().slice(0, 20));
    expect((await sim.get({ top: 20, sortOrder: 'desc' })).json.results).toEqual(
      newestFirst(sim.truth()).slice(0, 20),
    );
  });

  it("sortBy 'ignored' always sorts by createdOn, whatever sortBy says", async () => {
    await using sim = await platform({ sortBy: 'ignored' });
    const want = newestFirst(sim.truth()).slice(0, 30);
    expect((await sim.get({ top: 30, sortBy: 'email' })).json.results).toEqual(want);
    expect((await sim.get({ top: 30, sortBy: 'nonsense' })).json.results).toEqual(want);
  });

  it("sortBy 'honoured' (default) sorts by the field asked", async () => {
    await using sim = await platform({});
    const emails = (
      (await sim.get({ top: 120, sortBy: 'email', sortOrder: 'asc' })).json
        .results as UiPathPlatformRecord[]
    ).map((r) => r.email.toLowerCase());
    expect(emails).toEqual([...emails].sort());
    expect(emails).not.toEqual(sim.truth().map((r) => r.email.toLowerCase()));
  });
});

describe('UiPath PM switches: totalCount', () => {
  it("'absent' omits totalCount", async () => {
    await using sim = await platform({ totalCount: 'absent' });
    expect(Object.keys((await sim.get()).json)).toEqual(['results']);
  });

  it("'stale' keeps the first count while records are appended and purged; 'accurate' follows", async () => {
    await using stale = await platform({ totalCount: 'stale' });
    await using accurate = await platform({});
    for (const sim of [stale, accurate]) {
      expect((await sim.get()).json.totalCount).toBe(120);
      sim.append('uipath-platform-audit', 9);
      sim.purge('uipath-platform-audit', 4);
    }
    expect((await stale.get({ top: 5, skip: 10 })).json.totalCount).toBe(120);
    expect((await accurate.get({ top: 5, skip: 10 })).json.totalCount).toBe(125);
  });
});

describe('UiPath PM switches: download', () => {
  it('downloadDefaultSize 17 and csvBom', async () => {
    await using sim = await platform({ downloadDefaultSize: 17, csvBom: true });
    const res = await request(pmUrl(sim, {}, '/download'), { headers: sim.headers });
    // Bytes, not text: UTF-8 decoding would drop the BOM.
    const bytes = Buffer.from(await res.body.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(parse(bytes.subarray(3), { columns: true })).toHaveLength(17);
  });
});
