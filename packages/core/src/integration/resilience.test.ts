import { startSimulator, type Simulator, type VendorId } from '@auditrelay/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSource } from '../create-source.js';
import type { AuditEvent } from '../models/audit-event.js';
import type { Checkpoint } from '../models/checkpoint.js';
import { fetchEvents } from '../sync/fetch-events.js';
import { sync } from '../sync/sync.js';
import { collect, duplicateKeys } from '../testing.js';
import { parseDownloadCsv } from '../sources/download-parsers.js';
import { sourceDefinition } from '../sources/registry.js';
import type { UipathPlatformAuditSource } from '../sources/uipath-platform-audit/source.js';
import { perVendor, simulatorSourceConfig, VENDORS } from './simulator-sources.js';

const HOUR = 3_600_000;
const now = Date.now();
const span = { start: now - 5 * 24 * HOUR, end: now - HOUR };
const pages = perVendor<Record<string, unknown>>(
  { pageSize: 20 },
  {
    'kore-ai-for-work': { windowMinutes: 12 * 60, responseCap: 30 },
    'uipath-unified-audit': { pageSize: 25 },
  },
);

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({
    seed: 'resilience',
    data: Object.fromEntries(VENDORS.map((v) => [v, { count: 250, ...span }])),
    behavior: { aiForWork: { hardCap: 30 } },
    rateLimits: { 'kore-xo-admin-console': false },
  });
});
afterAll(() => sim?.close());

const sourceFor = (vendor: VendorId, options: Record<string, unknown> = {}) =>
  createSource(simulatorSourceConfig(sim, vendor, { ...pages(vendor), ...options }), {
    retry: { baseDelayMs: 10, maxDelayMs: 50 },
  });

const ids = (events: AuditEvent[]) => events.map((e) => JSON.stringify(e.raw)).sort();
const truthIds = (records: unknown[]) => records.map((r) => JSON.stringify(r)).sort();

/** Reads the span until the fetch fails: the events delivered before, and the error. */
async function readUntilFailure(source: ReturnType<typeof sourceFor>) {
  const delivered: AuditEvent[] = [];
  const error = await (async () => {
    for await (const event of fetchEvents(source, { from: new Date(span.start).toISOString() }))
      delivered.push(event);
  })().catch((e: unknown) => e);
  await source.close();
  sim.faults.clear();
  return { delivered, error };
}

describe.each(VENDORS)('%s resilience', (vendor) => {
  it('resumes a sync stopped mid-window from the last committed checkpoint: no gap, no duplicate', async () => {
    const startAt = new Date(span.start).toISOString();
    const delivered: AuditEvent[] = [];
    let committed: Checkpoint | undefined;
    // Stop after each batch, as if the process died right after committing it.
    for (let attempt = 0; attempt < 200; attempt++) {
      const source = sourceFor(vendor);
      let finished = false;
      for await (const batch of sync(source, committed, { lagMs: 0, overlapMs: 30_000, startAt })) {
        delivered.push(...batch.events);
        committed = JSON.parse(JSON.stringify(batch.checkpoint)) as Checkpoint;
        finished = batch.done;
        break;
      }
      await source.close();
      if (finished) break;
    }
    expect(committed?.window).toBeUndefined();
    expect(duplicateKeys(delivered)).toEqual([]);
    expect(ids(delivered)).toEqual(
      truthIds(sim.groundTruthOfSource(vendor, { from: startAt, to: committed!.watermark! })),
    );
  });

  it('recovers from resets, truncated bodies, 5xx bursts and slow responses', async () => {
    const kinds = [
      { kind: 'reset' },
      { kind: 'reset-mid-body' },
      { kind: 'truncated-json' },
      { kind: 'status', status: 502, times: 2 },
      { kind: 'delay', ms: 150 },
    ] as const;
    kinds.forEach((fault, index) =>
      sim.faults.add({ vendor, route: 'data', afterRequests: index * 2, ...fault }),
    );
    const source = sourceFor(vendor);
    const from = new Date(span.start).toISOString();
    const to = new Date(span.end).toISOString();
    const events = await collect(fetchEvents(source, { from, to }));
    await source.close();
    sim.faults.clear();
    expect(ids(events)).toEqual(truthIds(sim.groundTruthOfSource(vendor, { from, to })));
  });

  it('fails clearly on an HTML page with status 200 and keeps what was already delivered', async () => {
    // Platform Management first binary-searches the start (one-record probes), so fail later there.
    sim.faults.add({
      vendor,
      route: 'data',
      kind: 'html-200',
      afterRequests: vendor === 'uipath-platform-audit' ? 12 : 2,
    });
    const source = sourceFor(vendor);
    const { delivered, error } = await readUntilFailure(source);
    expect(error).toMatchObject({ code: 'RESPONSE_INVALID' });
    expect(String((error as Error).message)).toMatch(
      new RegExp(`${vendor}.*expected JSON .* but got text/html`),
    );
    expect(delivered.length).toBeGreaterThan(0);
  });

  it('names the source when the connection keeps dropping mid-body, keeping what was delivered', async () => {
    sim.faults.add({
      vendor,
      route: 'data',
      kind: 'reset-mid-body',
      afterRequests: vendor === 'uipath-platform-audit' ? 12 : 2,
      times: 1000,
    });
    const source = sourceFor(vendor, { maxAttempts: 2 });
    const { delivered, error } = await readUntilFailure(source);
    expect(error).toMatchObject({ code: 'NETWORK_ERROR' });
    expect(String((error as Error).message)).toMatch(new RegExp(`^${vendor} "`));
    expect(delivered.length).toBeGreaterThan(0);
  });

  // A page served again: by the server itself (no `Age`), or by a cache in front of it.
  it.each(['duplicate-previous-page', 'cached-answer'] as const)(
    'never passes off a repeated page as progress (%s): exactly the ground truth, or a loud error',
    async (kind) => {
      sim.faults.add({
        vendor,
        route: 'data',
        kind,
        afterRequests: 2,
        times: 5,
      });
      const source = sourceFor(vendor);
      const from = new Date(span.start).toISOString();
      const to = new Date().toISOString();
      const stream = fetchEvents(source, { from, to });
      const delivered: AuditEvent[] = [];
      const error = await (async () => {
        for await (const event of stream) delivered.push(event);
      })().catch((e: unknown) => e);
      await source.close();
      sim.faults.clear();
      expect(duplicateKeys(delivered)).toEqual([]);
      if (error === undefined) {
        // The read saw the repeat (as a shift, an ignored cursor…) and read on to the end.
        expect(ids(delivered)).toEqual(truthIds(sim.groundTruthOfSource(vendor, { from, to })));
        expect(stream.report.status).toBe('complete');
        // A page the server itself repeats is seen by the read; a cache's stored answer is
        // refused by the HTTP client and reported as such.
        expect(stream.report.behaviours.length).toBeGreaterThan(0);
        if (kind === 'cached-answer')
          expect(stream.report.behaviours.map((b) => b.code)).toContain('answer-cached');
      } else {
        expect(error).toMatchObject({
          code: expect.stringMatching(/^(PAGINATION_LOOP|INCOMPLETE|RESPONSE_INVALID)$/) as string,
        });
        expect(stream.report.status).not.toBe('complete');
      }
    },
  );
});

describe('AI for Work beyond its response cap', () => {
  it('fails clearly when more logs than the cap share one millisecond (the API cannot page)', async () => {
    // Before the span other tests read, so their ranges never see these records.
    const at = span.start - 12 * HOUR;
    sim.append('kore-ai-for-work', 40, { at });
    const source = sourceFor('kore-ai-for-work');
    const error = await collect(
      fetchEvents(source, { from: new Date(at - HOUR), to: new Date(at + HOUR) }),
    ).catch((e: unknown) => e);
    await source.close();
    expect(error).toMatchObject({ code: 'INCOMPLETE' });
    expect((error as Error).message).toMatch(
      /as many as the largest answer seen, so the answer may be cut short, and the window cannot be split further/,
    );
    // What the user can do about it: declare the known cap, or measure it.
    expect((error as Error).message).toMatch(/set options\.responseCap .*auditlogs probe/);
  });
});

describe('UiPath tokens', () => {
  it.each(
    VENDORS.filter(
      (vendor) => sourceDefinition(vendor).credentialKind === 'uipath-client-credentials',
    ),
  )('%s refreshes an expired token mid-run', async (vendor) => {
    sim.resetRequestLog();
    sim.faults.add({ vendor, route: 'data', kind: 'token-expired', afterRequests: 2 });
    const source = sourceFor(vendor);
    const from = new Date(span.start).toISOString();
    const events = await collect(fetchEvents(source, { from }));
    await source.close();
    expect(ids(events)).toEqual(
      truthIds(sim.groundTruthOfSource(vendor, { from, to: new Date().toISOString() })),
    );
    // Only this source ran since the reset; the log attributes the shared token endpoint by
    // scope, which does not tell the PM.Audit APIs apart.
    expect(
      sim.requests.filter((r) => r.path.includes('connect/token') && r.status === 200),
    ).toHaveLength(2);
  });
});

describe('UiPath Download Audit Logs', () => {
  it('streams the CSV and normalizes rows to the same events as the JSON API', async () => {
    const source = sourceFor('uipath-platform-audit') as UipathPlatformAuditSource;
    const csvEvents = await collect(
      parseDownloadCsv(await source.downloadCsv({ size: 50 }), {
        type: source.type,
        id: source.id,
      }),
    );
    const apiEvents = await collect(
      fetchEvents(source, { from: new Date(span.start).toISOString() }),
    );
    await source.close();
    expect(csvEvents).toHaveLength(50);
    const apiIds = new Map(apiEvents.map((e) => [e.id, e]));
    for (const event of csvEvents) {
      const match = apiIds.get(event.id);
      expect(match, `CSV row ${event.originalTime} has no JSON twin`).toBeDefined();
      expect(event.changes).toEqual(match!.changes);
      expect(event.occurredAt).toBe(match!.occurredAt);
    }
  });
});

describe('parallel slices', () => {
  // Every type whose API filters by time: only those split a range.
  it.each(VENDORS.filter((vendor) => sourceDefinition(vendor).capabilities.timeSlicing))(
    '%s: 4 slices return exactly the ground truth',
    async (vendor) => {
      const source = sourceFor(vendor);
      const from = new Date(span.start).toISOString();
      const to = new Date(span.end).toISOString();
      const events = await collect(fetchEvents(source, { from, to, concurrency: 4 }));
      await source.close();
      expect(duplicateKeys(events)).toEqual([]);
      expect(ids(events)).toEqual(truthIds(sim.groundTruthOfSource(vendor, { from, to })));
    },
  );
});
