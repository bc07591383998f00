import { startSimulator, type Simulator, type VendorId } from '@auditrelay/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSource } from '../create-source.js';
import { AuditRelayError } from '../errors/auditrelay-error.js';
import type { AuditEvent } from '../models/audit-event.js';
import type { Checkpoint } from '../models/checkpoint.js';
import { fetchEvents } from '../sync/fetch-events.js';
import { sync } from '../sync/sync.js';
import { collect, drainSync, duplicateKeys } from '../testing.js';
import { perVendor, simulatorSourceConfig, VENDORS } from './simulator-sources.js';

const HOUR = 3_600_000;
const now = Date.now();
const span = { start: now - 10 * 24 * HOUR, end: now - 2 * HOUR };
// Small pages so every walk crosses many page boundaries.
const smallPages = perVendor<Record<string, unknown>>(
  { pageSize: 25 },
  {
    'kore-ai-for-work': { windowMinutes: 24 * 60, responseCap: 40 },
    'uipath-platform-audit': { pageSize: 30 },
    'uipath-orchestrator-odata': { pageSize: 40 },
  },
);

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({
    seed: 'core-integration',
    data: Object.fromEntries(VENDORS.map((v) => [v, { count: 400, ...span }])),
    behavior: { aiForWork: { hardCap: 40 } },
    rateLimits: { 'kore-xo-admin-console': false },
  });
});
afterAll(() => sim?.close());

function sourceFor(vendor: VendorId, options: Record<string, unknown> = {}) {
  return createSource(simulatorSourceConfig(sim, vendor, { ...smallPages(vendor), ...options }), {
    retry: { baseDelayMs: 20, maxDelayMs: 200 },
  });
}

/** What a client got wrong against the ground truth: records missing and records extra. */
function compare(events: AuditEvent[], truth: unknown[]) {
  const got = new Map<string, number>();
  for (const event of events)
    got.set(JSON.stringify(event.raw), (got.get(JSON.stringify(event.raw)) ?? 0) + 1);
  const want = new Set(truth.map((record) => JSON.stringify(record)));
  const short = (text: string) => text.slice(0, 160);
  return {
    received: events.length,
    expected: truth.length,
    missing: [...want]
      .filter((key) => !got.has(key))
      .map(short)
      .slice(0, 3),
    extra: [...got.keys()]
      .filter((key) => !want.has(key))
      .map(short)
      .slice(0, 3),
    repeated: [...got]
      .filter(([, count]) => count > 1)
      .map(([key]) => short(key))
      .slice(0, 3),
  };
}

function expectSameAsTruth(events: AuditEvent[], truth: unknown[]) {
  expect(compare(events, truth)).toEqual({
    received: truth.length,
    expected: truth.length,
    missing: [],
    extra: [],
    repeated: [],
  });
}

describe.each(VENDORS)('%s against the simulator', (vendor) => {
  it('fetches exactly the ground truth of a range', async () => {
    const source = sourceFor(vendor);
    const from = new Date(span.start + 24 * HOUR).toISOString();
    const to = new Date(span.end - 24 * HOUR).toISOString();
    const events = await collect(fetchEvents(source, { from, to }));
    await source.close();
    const truth = sim.groundTruthOfSource(vendor, { from, to });
    expect(truth.length).toBeGreaterThan(100);
    expect(duplicateKeys(events)).toEqual([]);
    expectSameAsTruth(events, truth);
  });

  it('syncs incrementally across records appended mid-sync, losing and duplicating nothing', async () => {
    const source = sourceFor(vendor);
    const startAt = new Date(span.end - 36 * HOUR).toISOString();
    const all: AuditEvent[] = [];
    let checkpoint: Checkpoint | undefined;
    sim.autoAppend(vendor, { everyRequests: 2, count: 3 });
    for (let run = 0; run < 3; run++) {
      const result = await drainSync(
        sync(source, checkpoint, { lagMs: 0, overlapMs: 60_000, startAt }),
      );
      all.push(...result.events);
      checkpoint = JSON.parse(JSON.stringify(result.checkpoint)) as Checkpoint;
    }
    sim.autoAppend(vendor, false);
    sim.append(vendor, 5, { lateByMs: 20_000 });
    // Let the clock pass the newest record, then a final run catches up.
    await new Promise((resolve) => setTimeout(resolve, 20));
    all.push(
      ...(await drainSync(sync(source, checkpoint, { lagMs: 0, overlapMs: 60_000, startAt })))
        .events,
    );
    await source.close();
    const truth = sim.groundTruthOfSource(vendor, { from: startAt, to: new Date().toISOString() });
    expect(duplicateKeys(all)).toEqual([]);
    expectSameAsTruth(all, truth);
  });
});

describe('UiPath Orchestrator standalone', () => {
  it('reads /odata/AuditLogs at the server root, the tenant in a header: exactly the ground truth', async () => {
    const source = sourceFor('uipath-orchestrator-odata', { deployment: 'standalone' });
    const from = new Date(span.start + 24 * HOUR).toISOString();
    const to = new Date(span.end - 24 * HOUR).toISOString();
    const before = sim.requests.length;
    const events = await collect(fetchEvents(source, { from, to }));
    await source.close();
    expectSameAsTruth(events, sim.groundTruth('uipath-orchestrator-odata', { from, to }));
    const paths = sim.requests.slice(before).map((r) => r.path.split('?')[0] ?? '');
    expect(paths).toContain('/uipath/identity/connect/token');
    expect(paths.filter((p) => p.includes('orchestrator_'))).toEqual([]);
  });
});

describe('UiPath Platform Management check', () => {
  it('says when the classic audit log is empty because the organization is on unified audit', async () => {
    const empty = await startSimulator({
      seed: 'unified-org',
      data: { 'uipath-platform-audit': { count: 0, ...span } },
    });
    try {
      const check = async (simulator: Simulator) => {
        const source = createSource(simulatorSourceConfig(simulator, 'uipath-platform-audit'));
        try {
          return await source.check();
        } finally {
          await source.close();
        }
      };
      const unified = await check(empty);
      expect(unified.ok).toBe(true);
      expect(unified.message).toMatch(/0 audit records visible in the classic audit log/);
      expect(unified.message).toMatch(/unified audit experience .*uipath-unified-audit/);
      // With classic records there is nothing to say about unified audit.
      const classic = await check(sim);
      expect(classic.message).not.toMatch(/unified/);
    } finally {
      await empty.close();
    }
  });
});

describe('retries and errors', () => {
  it('honours Retry-After (seconds and HTTP-date) and still returns everything', async () => {
    const vendor = 'uipath-orchestrator-odata';
    sim.resetRequestLog();
    sim.faults.add({
      vendor,
      route: 'data',
      kind: 'rate-limit',
      retryAfter: 'seconds',
      retryAfterSeconds: 1,
    });
    sim.faults.add({
      vendor,
      route: 'data',
      kind: 'rate-limit',
      retryAfter: 'http-date',
      retryAfterSeconds: 2,
      afterRequests: 1,
    });
    sim.faults.add({ vendor, route: 'data', kind: 'status', status: 503, afterRequests: 2 });
    const source = sourceFor(vendor);
    const from = new Date(span.start).toISOString();
    const to = new Date(span.end).toISOString();
    const events = await collect(fetchEvents(source, { from, to }));
    await source.close();
    expectSameAsTruth(events, sim.groundTruthOfSource(vendor, { from, to }));
    const log = sim.requests.filter((r) => r.vendor === vendor && r.path.includes('AuditLogs'));
    const limited = log.filter((r) => r.status === 429);
    expect(limited).toHaveLength(2);
    for (const entry of limited) {
      const next = log[log.indexOf(entry) + 1]!;
      // HTTP-dates have whole-second precision, so allow up to a second less than asked.
      const asked =
        entry.retryAfter && /^\d+$/.test(entry.retryAfter)
          ? Number(entry.retryAfter) * 1000
          : Date.parse(entry.retryAfter!) - entry.at;
      expect(next.at - entry.at).toBeGreaterThanOrEqual(
        Math.max(0, asked - (/^\d+$/.test(entry.retryAfter!) ? 0 : 1000)),
      );
    }
  });

  it('never puts a secret or token in an error, even when the server echoes the request', async () => {
    for (const vendor of VENDORS) {
      // Persistent: a 400 that names the page-size parameter (the echo does) is first answered
      // with smaller pages, down to one record, before the error stands.
      sim.faults.add({
        vendor,
        route: 'data',
        kind: 'status',
        status: 400,
        echoRequest: true,
        times: 20,
      });
      const source = sourceFor(vendor);
      const error = await collect(
        fetchEvents(source, { from: new Date(span.start).toISOString() }),
      ).catch((e: unknown) => e);
      await source.close();
      sim.faults.clear();
      expect(AuditRelayError.isInstance(error), vendor).toBe(true);
      const text = `${String(error)} ${JSON.stringify(error)} ${(error as { bodyExcerpt?: string }).bodyExcerpt ?? ''}`;
      const { koreXo, aiForWork, uipath } = sim.credentials;
      for (const secret of [koreXo.clientSecret, aiForWork.apiKey, uipath.clientSecret])
        expect(text, vendor).not.toContain(secret);
      expect(text).not.toMatch(/eyJ[\w-]{5,}\.[\w-]{5,}/);
      expect((error as AuditRelayError).message).toContain(vendor);
    }
  });

  it('fails bad credentials with AUTH_FAILED naming the source', async () => {
    for (const vendor of VENDORS) {
      const config = simulatorSourceConfig(sim, vendor, smallPages(vendor));
      const credentials = Object.fromEntries(
        Object.entries(config.credentials as Record<string, string>).map(([k, v]) => [
          k,
          k === 'clientId' ? v : `${v}-wrong`,
        ]),
      );
      const source = createSource({ ...config, credentials });
      const error = await collect(
        fetchEvents(source, { from: new Date(span.start).toISOString() }),
      ).catch((e: unknown) => e);
      await source.close();
      expect((error as AuditRelayError).code, vendor).toBe('AUTH_FAILED');
      expect((error as AuditRelayError).message).not.toContain('-wrong');
    }
  });
});

describe('Kore XO rate limit', () => {
  it('keeps under a scaled budget with zero 429s', async () => {
    const scaled = await startSimulator({
      seed: 'rate',
      data: { 'kore-xo-admin-console': { count: 300, ...span } },
      rateLimits: {
        'kore-xo-admin-console': { windows: [{ limit: 5, windowMs: 500 }], retryAfter: 'seconds' },
      },
    });
    try {
      const source = createSource(
        simulatorSourceConfig(scaled, 'kore-xo-admin-console', { pageSize: 20 }),
        {
          rateLimit: [{ limit: 5, windowMs: 500 }],
        },
      );
      const events = await collect(
        fetchEvents(source, { from: new Date(span.start).toISOString(), concurrency: 3 }),
      );
      await source.close();
      expect(events).toHaveLength(
        scaled.groundTruth('kore-xo-admin-console', { from: new Date(span.start).toISOString() })
          .length,
      );
      expect(scaled.requests.filter((r) => r.status === 429)).toEqual([]);
    } finally {
      await scaled.close();
    }
  });
});
