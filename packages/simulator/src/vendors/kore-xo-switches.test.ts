// Every Kore XO behaviour switch, over real HTTP: the server really answers that way.

import { describe, expect, it } from 'vitest';
import { startSimulator } from '../simulator.js';
import { http, koreJwt, koreXoUrl, smallData } from '../testing/helpers.js';
import type { KoreXoBehavior } from '../types.js';
import type { KoreXoRecord } from './kore-xo.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 4, 20, 12, 0, 0);
const span = { start: NOW - 10 * DAY, end: NOW - DAY };

async function kore(koreXo: KoreXoBehavior, count = 120) {
  const sim = await startSimulator({
    seed: 'kore-switches',
    now: () => NOW,
    data: smallData(count, span),
    rateLimits: { 'kore-xo-admin-console': false },
    behavior: { koreXo },
  });
  const auth = await koreJwt(sim);
  const get = (query: Record<string, string | number> = {}) =>
    http(koreXoUrl(sim, query), { headers: { auth } });
  const truth = () => sim.groundTruth('kore-xo-admin-console') as KoreXoRecord[];
  /** Every page from offset 0 until a short page. */
  const walk = async (query: Record<string, string | number> = {}, size = 25) => {
    const out: KoreXoRecord[] = [];
    for (let offset = 0; ; offset++) {
      const page = (await get({ ...query, size, offset })).json.auditlogs as KoreXoRecord[];
      out.push(...page);
      if (page.length < size) return out;
    }
  };
  return Object.assign(sim, { get, truth, walk });
}

const ids = (records: KoreXoRecord[]) => records.map((r) => r.AuditLogId);
const sorted = (values: string[], dir: 1 | -1) =>
  values.every((v, i) => i === 0 || (dir === 1 ? values[i - 1]! < v : values[i - 1]! > v));

describe('Kore XO switches: page size', () => {
  it('maxSize 37: larger sizes are clamped to 37, the default size too', async () => {
    await using sim = await kore({ maxSize: 37 });
    expect((await sim.get({ size: 100 })).json.auditlogs).toHaveLength(37);
    expect((await sim.get()).json.auditlogs).toHaveLength(37);
    expect((await sim.get({ size: 36 })).json.auditlogs).toHaveLength(36);
  });

  it("maxSize 37 with oversize 'reject': 38 is a 400 naming the limit, 37 is fine", async () => {
    await using sim = await kore({ maxSize: 37, oversize: 'reject' });
    const res = await sim.get({ size: 38 });
    expect(res.status).toBe(400);
    expect(res.json.errors[0].msg).toBe('size should not be more than 37');
    expect((await sim.get({ size: 37 })).json.auditlogs).toHaveLength(37);
  });

  it('defaultSize 13: a request without size gets 13', async () => {
    await using sim = await kore({ defaultSize: 13 });
    expect((await sim.get()).json.auditlogs).toHaveLength(13);
  });
});

describe('Kore XO switches: sort', () => {
  it("'time-asc' (default) pages ascending by time; 'time-desc' is its exact reverse", async () => {
    await using asc = await kore({});
    await using desc = await kore({ sort: 'time-desc' });
    expect(await asc.walk()).toEqual(asc.truth());
    const first = (await desc.get({ size: 5 })).json.auditlogs as KoreXoRecord[];
    expect(first).toEqual(desc.truth().slice(-5).reverse());
    expect(await desc.walk()).toEqual(desc.truth().reverse());
  });

  it("'id-asc' / 'id-desc' order by AuditLogId, not time (late records have newer ids)", async () => {
    for (const [sort, dir] of [
      ['id-asc', 1],
      ['id-desc', -1],
    ] as const) {
      await using sim = await kore({ sort });
      sim.append('kore-xo-admin-console', 4, { lateByMs: 5 * DAY });
      const all = await sim.walk();
      expect(sorted(ids(all), dir)).toBe(true);
      expect(new Set(ids(all))).toEqual(new Set(ids(sim.truth())));
      const times = all.map((r) => r.timestampValue);
      const against = (t: number, i: number) => (dir === 1 ? t < times[i - 1]! : t > times[i - 1]!);
      expect(times.some((t, i) => i > 0 && against(t, i))).toBe(true);
    }
  });

  it("'id-asc' with random ids sorts the random ids, so time order is lost", async () => {
    await using sim = await kore({ sort: 'id-asc', ids: 'random' });
    const all = await sim.walk();
    expect(sorted(ids(all), 1)).toBe(true);
    expect(all).toHaveLength(120);
    const times = all.map((r) => r.timestampValue);
    expect(times.some((t, i) => i > 0 && t < times[i - 1]!)).toBe(true);
  });
});

describe('Kore XO switches: fetchAfter and offset', () => {
  it("fetchAfter 'ignored' returns the same page with or without it, even a malformed one", async () => {
    await using sim = await kore({ fetchAfter: 'ignored' });
    const plain = await sim.get({ size: 10 });
    const lastId = (plain.json.auditlogs as KoreXoRecord[])[9]!.AuditLogId;
    expect((await sim.get({ size: 10, fetchAfter: lastId })).json).toEqual(plain.json);
    expect((await sim.get({ size: 10, fetchAfter: 'not-an-id' })).json).toEqual(plain.json);
  });

  it("fetchAfter 'honoured' (default) filters AuditLogId > fetchAfter", async () => {
    await using sim = await kore({});
    const truth = sim.truth();
    const res = await sim.get({ size: 100, fetchAfter: truth[99]!.AuditLogId });
    expect(res.json.auditlogs).toEqual(truth.slice(100));
    expect(res.json.total).toBe(20);
  });

  it("offset 'record' skips records; 'ignored' always returns the first page", async () => {
    await using byRecord = await kore({ offset: 'record' });
    expect((await byRecord.get({ size: 10, offset: 5 })).json.auditlogs).toEqual(
      byRecord.truth().slice(5, 15),
    );
    await using ignored = await kore({ offset: 'ignored' });
    const res = await ignored.get({ size: 10, offset: 3 });
    expect(res.json.auditlogs).toEqual(ignored.truth().slice(0, 10));
    expect(res.json.moreAvailable).toBe(true);
  });

  it("offset 'page' (default) is a page index", async () => {
    await using sim = await kore({});
    expect((await sim.get({ size: 10, offset: 2 })).json.auditlogs).toEqual(
      sim.truth().slice(20, 30),
    );
  });
});

describe('Kore XO switches: bounds', () => {
  it('fromDateInclusive false excludes a record exactly at fromDate; true (default) keeps it', async () => {
    for (const inclusive of [true, false]) {
      await using sim = await kore({ fromDateInclusive: inclusive });
      const truth = sim.truth();
      const r = truth[40]!;
      expect(truth.filter((x) => x.timestampValue === r.timestampValue)).toHaveLength(1);
      const res = await sim.get({ fromDate: r['Date/Time'], size: 1 });
      expect(res.json.auditlogs[0]).toEqual(inclusive ? r : truth[41]);
      expect(res.json.total).toBe(inclusive ? 80 : 79);
    }
  });

  it('toDateInclusive false excludes a record exactly at toDate', async () => {
    await using sim = await kore({ toDateInclusive: false });
    const truth = sim.truth();
    const res = await sim.get({ toDate: truth[40]!['Date/Time'], size: 100 });
    expect(res.json.auditlogs).toEqual(truth.slice(0, 40));
  });
});

describe('Kore XO switches: total and moreAvailable', () => {
  it("total 'absent' and moreAvailable 'absent' omit the fields", async () => {
    await using sim = await kore({ total: 'absent', moreAvailable: 'absent' });
    const res = await sim.get({ size: 10 });
    expect(Object.keys(res.json)).toEqual(['auditlogs']);
    expect(res.json.auditlogs).toHaveLength(10);
  });

  it("moreAvailable 'accurate' (default): true until the last page", async () => {
    await using sim = await kore({});
    expect((await sim.get({ size: 100 })).json.moreAvailable).toBe(true);
    expect((await sim.get({ size: 100, offset: 1 })).json.moreAvailable).toBe(false);
  });

  it("total 'stale': a query's total stays as first counted while records are appended and purged", async () => {
    await using sim = await kore({ total: 'stale' });
    const from = new Date(span.start).toISOString();
    expect((await sim.get({ fromDate: from, size: 5 })).json.total).toBe(120);
    sim.append('kore-xo-admin-console', 7);
    sim.purge('kore-xo-admin-console', 3);
    const later = await sim.get({ fromDate: from, size: 5, offset: 3 });
    expect(later.json.total).toBe(120);
    expect(later.json.moreAvailable).toBe(true);
    // Another query (no fromDate) is counted when first asked.
    expect((await sim.get({ size: 5 })).json.total).toBe(124);
  });

  it("total 'matching' (default) follows appends and purges", async () => {
    await using sim = await kore({});
    sim.append('kore-xo-admin-console', 7);
    sim.purge('kore-xo-admin-console', 3);
    expect((await sim.get()).json.total).toBe(124);
  });
});

describe('Kore XO switches: ids', () => {
  it("ids 'random': unique 24-hex ids with no order in time; fetchAfter compares them as strings", async () => {
    await using sim = await kore({ ids: 'random' });
    const truth = sim.truth();
    const all = ids(truth);
    expect(all.every((id) => /^[0-9a-f]{24}$/.test(id))).toBe(true);
    expect(new Set(all).size).toBe(all.length);
    expect(sorted(all, 1)).toBe(false);
    expect(sorted(all, -1)).toBe(false);
    const pivot = truth[60]!.AuditLogId;
    const above = truth.filter((r) => r.AuditLogId > pivot);
    const res = await sim.get({ fetchAfter: pivot, size: 100 });
    expect(res.json.auditlogs).toEqual(above.slice(0, 100));
    expect(res.json.total).toBe(above.length);
    expect(sim.groundTruth('kore-xo-admin-console', { fetchAfter: pivot })).toEqual(above);
  });

  it("ids 'arrival' (default) grow with arrival", async () => {
    await using sim = await kore({});
    const late = sim.append('kore-xo-admin-console', 1, { lateByMs: 5 * DAY }) as KoreXoRecord[];
    const truth = sim.truth();
    expect(truth.every((r) => r.AuditLogId <= late[0]!.AuditLogId)).toBe(true);
    expect(
      sorted(
        ids(truth).filter((id) => id !== late[0]!.AuditLogId),
        1,
      ),
    ).toBe(true);
  });
});
