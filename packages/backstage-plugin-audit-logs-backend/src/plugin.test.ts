import { CSV_COLUMNS, ERROR_TABLE } from '@auditrelay/core';
import { startSimulator, type Simulator } from '@auditrelay/simulator';
import type { AuditorService, BackendFeature } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type {
  AuditLogSourceStatus,
  ListEventsResponse,
  ListSourcesResponse,
} from '@auditrelay/backstage-plugin-audit-logs-common';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createSqliteDatabase, type TestDatabase } from './__testing__/databases.js';
import { fakeCheckpoint, fakeEvent } from './__testing__/events.js';
import { auditLogsPlugin } from './plugin.js';
import { AuditLogStore } from './store/audit-log-store.js';

const STORED = 1234;
const API = '/api/audit-logs';

function auditorMock() {
  const events: { eventId: string; severityLevel?: string; status?: string }[] = [];
  const auditor = mockServices.auditor.mock({
    createEvent: vi.fn((options: Parameters<AuditorService['createEvent']>[0]) => {
      const entry: (typeof events)[number] = {
        eventId: options.eventId,
        ...(options.severityLevel ? { severityLevel: options.severityLevel } : {}),
      };
      events.push(entry);
      return Promise.resolve({
        success: vi.fn(() => {
          entry.status = 'succeeded';
          return Promise.resolve();
        }),
        fail: vi.fn(() => {
          entry.status = 'failed';
          return Promise.resolve();
        }),
      });
    }) as unknown as AuditorService['createEvent'],
  });
  return { auditor, events };
}

function configFor(sim: Simulator) {
  return {
    auditLogs: {
      schedule: { frequency: { trigger: 'manual' }, timeout: { minutes: 2 } },
      sources: [
        {
          id: 'orchestrator',
          type: 'uipath-orchestrator-odata',
          baseUrl: sim.baseUrls['uipath-orchestrator-odata'],
          credentials: {
            clientId: sim.credentials.uipath.clientId,
            clientSecret: sim.credentials.uipath.clientSecret,
          },
          options: {
            organization: sim.credentials.uipath.organization,
            tenant: sim.credentials.uipath.tenant,
            startAt: new Date(Date.now() - 5 * 86_400_000).toISOString(),
            lagSeconds: 0,
          },
        },
        {
          id: 'ai-for-work',
          type: 'kore-ai-for-work',
          baseUrl: sim.baseUrls['kore-ai-for-work'],
          credentials: { apiKey: 'not-the-right-key-0123456789' },
          options: { maxAttempts: 1 },
        },
        {
          // Filters by name, as the vendor's metadata names them: resolved to GUIDs by the core.
          id: 'unified-orchestrator',
          type: 'uipath-unified-audit',
          baseUrl: sim.baseUrls['uipath-unified-audit'],
          credentials: {
            clientId: sim.credentials.uipath.clientId,
            clientSecret: sim.credentials.uipath.clientSecret,
          },
          options: {
            organization: sim.credentials.uipath.organization,
            scope: 'tenant',
            tenant: sim.credentials.uipath.tenant,
            filters: { eventSource: 'Orchestrator' },
            startAt: new Date(Date.now() - 5 * 86_400_000).toISOString(),
            lagSeconds: 0,
          },
        },
      ],
    },
  };
}

describe('audit-logs plugin over HTTP', () => {
  let sim: Simulator;
  let db: TestDatabase;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  const audit = auditorMock();

  beforeAll(async () => {
    sim = await startSimulator({ seed: 'backstage-plugin' });
    db = createSqliteDatabase();
    ({ server } = await startTestBackend({
      features: [
        auditLogsPlugin,
        mockServices.database.factory({ knex: db.knex }),
        mockServices.rootConfig.factory({ data: configFor(sim) }),
        audit.auditor.factory,
      ],
    }));
    // The plugin migrated the database; fill it with a large store of another source.
    const store = new AuditLogStore(db.knex);
    const events = Array.from({ length: STORED }, (_, i) =>
      fakeEvent(i + 1, {
        source: { type: 'kore-ai-for-work', id: 'seeded' },
        dedupeKey: `seeded:${i}`,
      }),
    );
    for (let i = 0; i < events.length; i += 500)
      await store.storeBatch(
        'seeded',
        'kore-ai-for-work',
        events.slice(i, i + 500),
        fakeCheckpoint('seeded'),
      );
  });
  afterAll(async () => {
    await sim?.close();
  });

  async function waitForStatus(
    id: string,
    done: (status: AuditLogSourceStatus) => boolean,
  ): Promise<AuditLogSourceStatus> {
    for (let i = 0; i < 150; i++) {
      const res = await request(server).get(`${API}/sources`);
      const status = (res.body as ListSourcesResponse).items.find((s) => s.id === id);
      if (status && done(status)) return status;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`source ${id} did not reach the expected state`);
  }

  it('pages through a large store with a keyset cursor, newest first, nothing repeated', async () => {
    const ids = new Set<string>();
    let cursor: string | undefined;
    let previous = '9999';
    let pages = 0;
    do {
      const res = await request(server)
        .get(`${API}/events`)
        .query({ source: 'seeded', limit: 500, ...(cursor ? { cursor } : {}) });
      expect(res.status).toBe(200);
      for (const item of res.body.items) {
        expect(item.occurredAt <= previous).toBe(true);
        previous = item.occurredAt;
        ids.add(item.id);
        expect(item).not.toHaveProperty('raw');
      }
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(ids.size).toBe(STORED);
  });

  it('filters, and returns one event with raw and changes', async () => {
    const res = await request(server)
      .get(`${API}/events`)
      .query({ source: 'seeded', q: 'event number 77 ', limit: 5 });
    expect(res.status).toBe(200);
    const { items } = res.body as ListEventsResponse;
    expect(items.map((i) => i.eventId)).toEqual(['evt-77']);
    const detail = await request(server).get(`${API}/events/${items[0]!.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({
      eventId: 'evt-77',
      raw: { n: 77, nested: { ok: true } },
      changes: [{ field: 'name', from: 'old 77', to: 'new 77' }],
    });
    expect((await request(server).get(`${API}/events/999999`)).status).toBe(404);
  });

  it('streams exports as NDJSON and CSV', async () => {
    const ndjson = await request(server)
      .get(`${API}/events/export`)
      .query({ format: 'ndjson', source: 'seeded' })
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        res.on('end', () => done(null, text));
      });
    expect(ndjson.status).toBe(200);
    expect(ndjson.headers['content-type']).toMatch(/application\/x-ndjson/);
    expect(ndjson.headers['transfer-encoding']).toBe('chunked');
    const lines = (ndjson.body as string)
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(STORED);
    expect(lines[0]).toMatchObject({ id: 'evt-1', raw: { n: 1 } });
    const csv = await request(server)
      .get(`${API}/events/export`)
      .query({ format: 'csv', source: 'seeded', q: 'number 5 ' });
    expect(csv.status).toBe(200);
    expect(csv.headers['content-disposition']).toMatch(
      /attachment; filename="audit-events-.*\.csv"/,
    );
    const rows = csv.text.trim().split('\r\n');
    // The core's columns (the CLI's too), then the store's.
    expect(rows[0]).toBe(`${CSV_COLUMNS.map(([name]) => name).join(',')},storeId,ingestedAt`);
    expect(rows).toHaveLength(2);
    expect(rows[1]).toContain('"Event number 5 with 100% ""quotes"", commas and\nnew lines"');
  });

  it.each(['ocsf', 'ecs'])('exports %s, one document per line', async (format) => {
    const res = await request(server)
      .get(`${API}/events/export`)
      .query({ format, source: 'seeded', q: 'number 7 ' })
      .buffer(true)
      .parse((response, done) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        response.on('end', () => done(null, text));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toMatch(
      new RegExp(`filename="audit-events-.*\\.${format}\\.ndjson"`),
    );
    const docs = (res.body as string)
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(docs.length).toBeGreaterThan(0);
    if (format === 'ocsf') {
      for (const doc of docs)
        expect(doc).toMatchObject({ metadata: { version: '1.8.0' }, severity_id: 1 });
      expect(
        docs.every(
          (d) =>
            typeof d.class_uid === 'number' &&
            d.type_uid === d.class_uid * 100 + (d.activity_id as number),
        ),
      ).toBe(true);
    } else {
      for (const doc of docs)
        expect(doc).toMatchObject({ ecs: { version: '8.17.0' }, event: { kind: 'event' } });
    }
  });

  it('reads from/to as every host does: no offset is UTC, durations back from now', async () => {
    // Events 1-3 of "seeded" are at 00:01, 00:02 and 00:03 UTC on 2026-10-01.
    const ids = async (query: Record<string, string>) =>
      (
        (
          await request(server)
            .get(`${API}/events`)
            .query({ source: 'seeded', ...query })
        ).body as ListEventsResponse
      ).items.map((item) => item.eventId);
    const utc = await ids({ from: '2026-10-01T00:01:00Z', to: '2026-10-01T00:03:00Z' });
    expect(utc).toHaveLength(2);
    expect(await ids({ from: '2026-10-01T00:01', to: '2026-10-01 00:03' })).toEqual(utc);
    expect(await ids({ from: '2026-10-01T02:01+02:00', to: '2026-10-01T02:03+02:00' })).toEqual(
      utc,
    );
    expect(await ids({ from: '1h' })).toEqual([]);
  });

  it.each([
    ['/events?limit=0', 'limit'],
    ['/events?limit=501', 'limit'],
    ['/events?limit=abc', 'limit'],
    ['/events?from=yesterday', 'from'],
    ['/events?from=2026-02-30', 'from'],
    ['/events?from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z', 'to'],
    ['/events?cursor=bm9wZQ', 'cursor'],
    ['/events?actor[a]=b', 'actor'],
    ['/events?q=a%00b', 'q'],
    ['/events?actor=%00', 'actor'],
    ['/events?host=evil.example', 'host'],
    ['/events/export?format=xml', 'format'],
    ['/events/abc', 'id'],
  ])('GET %s is a 400 naming "%s"', async (path, name) => {
    const res = await request(server).get(`${API}${path}`);
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
    expect(res.body.error.message).toContain(`"${name}"`);
  });

  it('refuses callers without credentials (401)', async () => {
    for (const [method, path] of [
      ['get', '/sources'],
      ['get', '/events'],
      ['get', '/events/export'],
      ['post', '/sources/orchestrator/sync'],
      ['post', '/.backstage/scheduler/v1/tasks/audit-logs:ingest:orchestrator/trigger'],
    ] as const) {
      const agent = request(server);
      const res = await agent[method](`${API}${path}`).set(
        'Authorization',
        mockCredentials.none.header(),
      );
      expect(res.status, `${method} ${path}`).toBe(401);
    }
  });

  it('syncs a source on demand into the store, equal to the simulator ground truth', async () => {
    const res = await request(server).post(`${API}/sources/orchestrator/sync`);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ sourceId: 'orchestrator', status: 'triggered' });
    const status = await waitForStatus('orchestrator', (s) => Boolean(s.lastSuccessAt));
    const exported = await request(server)
      .get(`${API}/events/export`)
      .query({ source: 'orchestrator' });
    const raws = exported.text
      .trim()
      .split('\n')
      .map((line) => JSON.stringify(JSON.parse(line).raw));
    const truth = sim
      .groundTruth('uipath-orchestrator-odata', {
        from: new Date(Date.now() - 5 * 86_400_000).toISOString(),
      })
      .map((record) => JSON.stringify(record));
    expect(status.storedCount).toBe(raws.length);
    expect(new Set(raws).size).toBe(raws.length);
    // Sync started a moment before `truth` was taken; nothing is appended meanwhile.
    expect(raws.sort()).toEqual(truth.sort());
    expect(status.lagSeconds).toBeLessThan(120);
    expect((await request(server).post(`${API}/sources/nope/sync`)).status).toBe(404);
  });

  it('ingests a unified audit source with filters given by name in config', async () => {
    await request(server).post(`${API}/sources/unified-orchestrator/sync`).expect(202);
    const status = await waitForStatus('unified-orchestrator', (s) => Boolean(s.lastSuccessAt));
    const exported = await request(server)
      .get(`${API}/events/export`)
      .query({ source: 'unified-orchestrator' });
    const raws = exported.text
      .trim()
      .split('\n')
      .map((line) => JSON.stringify(JSON.parse(line).raw));
    const truth = (
      sim.groundTruth('uipath-unified-audit', {
        scope: 'tenant',
        from: new Date(Date.now() - 5 * 86_400_000).toISOString(),
      }) as Array<{ eventSource: string }>
    )
      .filter((record) => record.eventSource === 'Orchestrator')
      .map((record) => JSON.stringify(record));
    expect(truth.length).toBeGreaterThan(20);
    expect(raws.sort()).toEqual(truth.sort());
    expect(status.lastCompleteness?.status).toBe('complete');
  });

  it('reports a failing source with its error code and no secret', async () => {
    await request(server).post(`${API}/sources/ai-for-work/sync`).expect(202);
    const status = await waitForStatus('ai-for-work', (s) => Boolean(s.lastError));
    expect(status.lastError).toMatchObject({ code: 'AUTH_FAILED' });
    expect(JSON.stringify(status)).not.toContain('not-the-right-key');
  });

  it("answers a probe the vendor refused with the core table's status, not the vendor's 401", async () => {
    const res = await request(server).post(`${API}/sources/ai-for-work/probe`);
    expect(res.status).toBe(ERROR_TABLE.AUTH_FAILED.httpStatus);
    expect(res.status).toBe(502);
    expect(res.body.error).toMatchObject({ name: 'AuditRelayError', code: 'AUTH_FAILED' });
    expect(JSON.stringify(res.body)).not.toContain('not-the-right-key');
  });

  it('records reads, exports and syncs with the auditor', () => {
    const has = (eventId: string, severityLevel: string, status: string) =>
      audit.events.some(
        (e) => e.eventId === eventId && e.severityLevel === severityLevel && e.status === status,
      );
    expect(has('events-read', 'low', 'succeeded')).toBe(true);
    expect(has('events-export', 'medium', 'succeeded')).toBe(true);
    expect(has('source-sync', 'medium', 'succeeded')).toBe(true);
    expect(has('sources-read', 'low', 'succeeded')).toBe(true);
    expect(audit.events.some((e) => e.eventId === 'events-read' && e.status === 'failed')).toBe(
      true,
    );
  });
});

describe('audit-logs permissions', () => {
  async function startWith(permissions: BackendFeature) {
    const db = createSqliteDatabase();
    const { server } = await startTestBackend({
      features: [
        auditLogsPlugin,
        mockServices.database.factory({ knex: db.knex }),
        mockServices.rootConfig.factory({
          data: {
            auditLogs: {
              schedule: { frequency: { trigger: 'manual' }, timeout: { minutes: 1 } },
              sources: [
                {
                  id: 'kore',
                  type: 'kore-ai-for-work',
                  baseUrl: 'http://127.0.0.1:9',
                  credentials: { apiKey: 'key-0123456789' },
                },
              ],
            },
          },
        }),
        permissions,
      ],
    });
    return server;
  }

  it('answers 403 on every route when the policy denies', async () => {
    const server = await startWith(
      mockServices.permissions.factory({ result: AuthorizeResult.DENY }),
    );
    for (const [method, path] of [
      ['get', '/sources'],
      ['get', '/events'],
      ['get', '/events/1'],
      ['get', '/events/export'],
      ['post', '/sources/kore/sync'],
      ['get', '/.backstage/scheduler/v1/tasks'],
      ['post', '/.backstage/scheduler/v1/tasks/audit-logs:ingest:kore/trigger'],
      ['post', '/.backstage/scheduler/v1/tasks/audit-logs:ingest:kore/cancel'],
    ] as const) {
      const res = await request(server)[method](`${API}${path}`);
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.body.error.name).toBe('NotAllowedError');
    }
  });

  it('checks the read and sync permissions separately', async () => {
    const asked: string[] = [];
    const decide = vi.fn((requests: { permission: { name: string } }[]) =>
      Promise.resolve(
        requests.map(({ permission }) => {
          asked.push(permission.name);
          return {
            result:
              permission.name === 'audit-logs.source.sync'
                ? AuthorizeResult.DENY
                : AuthorizeResult.ALLOW,
          };
        }),
      ),
    );
    const permissions = mockServices.permissions.mock({
      authorize: decide,
      authorizeConditional: decide,
    });
    const server = await startWith(permissions.factory);
    expect((await request(server).get(`${API}/events`)).status).toBe(200);
    expect((await request(server).get(`${API}/.backstage/scheduler/v1/tasks`)).status).toBe(200);
    expect((await request(server).post(`${API}/sources/kore/sync`)).status).toBe(403);
    expect(
      (
        await request(server).post(
          `${API}/.backstage/scheduler/v1/tasks/audit-logs:ingest:kore/trigger`,
        )
      ).status,
    ).toBe(403);
    expect(new Set(asked)).toEqual(
      new Set(['audit-logs.event.read', 'audit-logs.source.read', 'audit-logs.source.sync']),
    );
  });
});
