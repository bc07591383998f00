import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSimulator, type Simulator, type VendorId } from '@auditrelay/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSource } from '../create-source.js';
import { createUndiciTransport } from '../http/undici-transport.js';
import type { AuditEvent } from '../models/audit-event.js';
import { fetchEvents } from '../sync/fetch-events.js';
import { collect } from '../testing.js';
import { perVendor, simulatorSourceConfig, VENDORS } from './simulator-sources.js';

const HOUR = 3_600_000;
const now = Date.now();
let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({
    seed: 'hostile',
    data: Object.fromEntries(
      VENDORS.map((v) => [v, { count: 90, start: now - 24 * HOUR, end: now - HOUR }]),
    ),
    rateLimits: { 'kore-xo-admin-console': false },
  });
});
afterAll(() => sim?.close());

const pages = perVendor<Record<string, unknown>>(
  { pageSize: 20 },
  { 'kore-ai-for-work': { windowMinutes: 60 }, 'uipath-unified-audit': { pageSize: 25 } },
);

/** Bodies with the right status but the wrong shape for any vendor: no JSON object at all. */
const NOT_AN_OBJECT: Array<[string, RegExp]> = [
  ['[]', /response/],
  ['"ok"', /response/],
];

/** Per vendor, its own shapes gone wrong: a record or a list, naming the field. */
const MALFORMED: Partial<Record<VendorId, Array<[string, RegExp]>>> = {
  'kore-xo-admin-console': [
    ['{"total":1,"auditlogs":[{"Name":"Login"}]}', /response\.auditlogs\[0\]\.AuditLogId/],
    ['{"total":1,"auditlogs":"none"}', /response\.auditlogs/],
  ],
  'kore-ai-for-work': [
    ['{"logs":[{"_id":42,"cOn":"2026-01-01T00:00:00Z"}]}', /response\.logs\[0\]\._id/],
    ['{"items":[]}', /response\.logs/],
  ],
  'uipath-platform-audit': [
    ['{"totalCount":1,"results":[{"category":"User"}]}', /response\.results\[0\]\.createdOn/],
    ['{"results":null}', /response\.results/],
  ],
  'uipath-orchestrator-odata': [
    [
      '{"value":[{"Id":"seven","ExecutionTime":"2026-01-01T00:00:00Z"}]}',
      /response\.value\[0\]\.Id/,
    ],
    ['{"@odata.count":3}', /response\.value/],
  ],
  'uipath-unified-audit': [
    [
      '{"auditEvents":[{"id":"e1","eventType":"Created process"}],"next":null}',
      /response\.auditEvents\[0\]\.createdOn/,
    ],
    ['{"auditEvents":{},"previous":null}', /response\.auditEvents/],
  ],
};

describe.each(VENDORS)('%s with hostile responses', (vendor) => {
  it.each([...NOT_AN_OBJECT, ...(MALFORMED[vendor] ?? [])])(
    'rejects %s with an error naming the source and the field',
    async (body, field) => {
      sim.faults.add({
        vendor,
        route: 'data',
        kind: 'status',
        status: 200,
        body,
        headers: { 'content-type': 'application/json' },
        // Orchestrator first asks for its newest record (the walk's ceiling), then pages.
        afterRequests: vendor === 'uipath-orchestrator-odata' ? 2 : 1,
      });
      const source = createSource(simulatorSourceConfig(sim, vendor, pages(vendor)));
      const delivered: AuditEvent[] = [];
      const error = await (async () => {
        // Without a start, Platform Management pages from the first record (no binary-search probes).
        const from = vendor === 'uipath-platform-audit' ? undefined : new Date(now - 24 * HOUR);
        for await (const event of fetchEvents(source, { from })) delivered.push(event);
      })().catch((e: unknown) => e);
      await source.close();
      sim.faults.clear();
      expect(error).toMatchObject({ code: 'RESPONSE_INVALID' });
      expect((error as Error).message).toContain(vendor);
      expect((error as Error).message).toMatch(field);
      // What the first page delivered stays delivered.
      if (vendor !== 'kore-ai-for-work') expect(delivered.length).toBeGreaterThan(0);
    },
  );
});

describe('transport safety', () => {
  let target: Server;
  let redirector: Server;
  const seenByTarget: IncomingHttpHeaders[] = [];

  beforeAll(async () => {
    target = createServer((req, res) => {
      seenByTarget.push(req.headers);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"logs":[]}');
    });
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    const targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
    redirector = createServer((req, res) =>
      res.writeHead(302, { location: `${targetUrl}${req.url}` }).end(),
    );
    await new Promise<void>((resolve) => redirector.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await new Promise((resolve) => target.close(resolve));
    await new Promise((resolve) => redirector.close(resolve));
  });

  it('never follows a redirect, so credentials never reach another host', async () => {
    const baseUrl = `http://127.0.0.1:${(redirector.address() as AddressInfo).port}`;
    const source = createSource({
      id: 'ai',
      type: 'kore-ai-for-work',
      baseUrl,
      credentials: { apiKey: 'canary-redirect-key-123' },
    });
    const error = await collect(fetchEvents(source, { from: new Date(now - HOUR) })).catch(
      (e: unknown) => e,
    );
    await source.close();
    expect(error).toMatchObject({ code: 'HTTP_ERROR', status: 302 });
    expect((error as Error).message).toContain('Redirects are not followed');
    expect(seenByTarget).toEqual([]);
    expect(String((error as Error).message)).not.toContain('canary-redirect-key-123');
  });

  it('refuses plain http to a non-loopback host unless explicitly allowed', () => {
    expect(() =>
      createSource({
        id: 'ai',
        type: 'kore-ai-for-work',
        baseUrl: 'http://kore.example.com',
        credentials: { apiKey: 'k' },
      }),
    ).toThrow(/baseUrl: plain http:\/\/ is only allowed for loopback hosts/);
  });

  it('bounds the size of a response body', async () => {
    const source = createSource(
      simulatorSourceConfig(sim, 'uipath-orchestrator-odata', { pageSize: 50 }),
      {
        transport: createUndiciTransport({ maxResponseBytes: 2_000 }),
      },
    );
    const error = await collect(fetchEvents(source, { from: new Date(now - 24 * HOUR) })).catch(
      (e: unknown) => e,
    );
    await source.close();
    expect(error).toMatchObject({ code: 'RESPONSE_TOO_LARGE' });
    expect((error as Error).message).toMatch(/2000-byte limit/);
  });
});
