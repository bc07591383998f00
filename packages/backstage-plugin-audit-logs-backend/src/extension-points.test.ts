// A backend module adds a source type and an export format through the `-node` package's
// extension points; the plugin then builds the configured source, syncs it on demand into its
// store and exports it in the module's format — what a module author relies on.
import {
  auditLogsExportFormatsExtensionPoint,
  auditLogsSourceTypesExtensionPoint,
} from '@auditrelay/backstage-plugin-audit-logs-node';
import type {
  AuditLogSourceStatus,
  ListEventsResponse,
  ListSourcesResponse,
} from '@auditrelay/backstage-plugin-audit-logs-common';
import { defineSource, type AuditEvent, type AuditSource } from '@auditrelay/core';
import { createBackendModule } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteDatabase, type TestDatabase } from './__testing__/databases.js';
import { auditLogsPlugin } from './plugin.js';

const API = '/api/audit-logs';
const created: unknown[] = [];

/** Three events a minute apart, just before the end of the window asked for. */
function acmeSource(): AuditSource {
  return {
    id: 'acme',
    type: 'acme-audit',
    name: 'Acme audit',
    capabilities: { timeSlicing: false, persistentCursor: false, filters: [], download: false },
    async *read({ start, end }) {
      const events = [3, 2, 1].map((minutes, i): AuditEvent => {
        const at = new Date(end.getTime() - minutes * 60_000).toISOString();
        return {
          schemaVersion: 1,
          id: `acme-${i}`,
          dedupeKey: `acme-audit:acme:acme-${i}`,
          source: { type: 'acme-audit', id: 'acme' },
          occurredAt: at,
          originalTime: at,
          actor: { name: `user${i}` },
          action: 'door.opened',
          activity: 'other',
          category: 'doors',
          outcome: 'success',
          changes: [],
          raw: { i },
        };
      });
      yield await Promise.resolve({
        events,
        proof: {
          window: { ...(start ? { start: start.toISOString() } : {}), end: end.toISOString() },
          delivered: events.length,
          method: 'cursor-exhausted' as const,
          detail: 'three fixed events',
          behaviours: [],
        },
      });
    },
    check: () => Promise.resolve({ ok: true, message: 'ok' }),
    close: () => Promise.resolve(),
  };
}

const acmeModule = createBackendModule({
  pluginId: 'audit-logs',
  moduleId: 'acme',
  register(env) {
    env.registerInit({
      deps: {
        sourceTypes: auditLogsSourceTypesExtensionPoint,
        formats: auditLogsExportFormatsExtensionPoint,
      },
      init({ sourceTypes, formats }) {
        sourceTypes.addSourceType(
          defineSource({
            type: 'acme-audit',
            description: 'Acme door audit',
            create: (config: unknown, context) => {
              created.push({ config, path: context.path });
              return acmeSource();
            },
          }),
        );
        formats.addExportFormat({
          id: 'tsv',
          contentType: 'text/tab-separated-values; charset=utf-8',
          fileExtension: 'tsv',
          header: () => 'time\taction\n',
          formatEvent: ({ event }) => `${event.occurredAt}\t${event.action}\n`,
        });
        return Promise.resolve();
      },
    });
  },
});

describe('a module using the extension points', () => {
  let db: TestDatabase;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];

  beforeAll(async () => {
    db = createSqliteDatabase();
    ({ server } = await startTestBackend({
      features: [
        auditLogsPlugin,
        acmeModule,
        mockServices.database.factory({ knex: db.knex }),
        mockServices.rootConfig.factory({
          data: {
            auditLogs: {
              schedule: { frequency: { trigger: 'manual' }, timeout: { minutes: 2 } },
              sources: [{ id: 'acme', type: 'acme-audit', options: { site: 'hq' } }],
            },
          },
        }),
      ],
    }));
  });
  afterAll(async () => {
    await db?.knex.destroy();
  });

  it('gets its source type built from config, synced on demand and listed', async () => {
    expect(created).toEqual([
      {
        config: expect.objectContaining({
          id: 'acme',
          type: 'acme-audit',
          options: { site: 'hq' },
        }),
        path: 'auditLogs.sources[0]',
      },
    ]);
    await request(server).post(`${API}/sources/acme/sync`).expect(202);
    let status: AuditLogSourceStatus | undefined;
    for (let i = 0; i < 100 && !status?.lastSuccessAt; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const res = await request(server).get(`${API}/sources`);
      status = (res.body as ListSourcesResponse).items.find((s) => s.id === 'acme');
    }
    expect(status).toMatchObject({ id: 'acme', type: 'acme-audit', storedCount: 3 });
    expect(status?.lastError).toBeUndefined();

    const listed = await request(server).get(`${API}/events`).query({ source: 'acme' });
    expect(listed.status).toBe(200);
    expect((listed.body as ListEventsResponse).items.map((item) => item.actor?.name)).toEqual([
      'user2',
      'user1',
      'user0',
    ]);
  });

  it('gets its export format served by the export route', async () => {
    const res = await request(server)
      .get(`${API}/events/export`)
      .query({ source: 'acme', format: 'tsv' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/tab-separated-values; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/\.tsv"$/);
    const lines = res.text.trim().split('\n');
    expect(lines[0]).toBe('time\taction');
    expect(lines.slice(1).map((line) => line.split('\t')[1])).toEqual([
      'door.opened',
      'door.opened',
      'door.opened',
    ]);
  });
});
