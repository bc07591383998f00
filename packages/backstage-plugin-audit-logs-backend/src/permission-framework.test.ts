// With the permission framework enabled, the real permissions service asks the real
// permission backend, whose policy decides per user: the plugin's checks are not a formality.
import { createBackendModule, type BackendFeature } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import permissionBackendExport from '@backstage/plugin-permission-backend';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteDatabase, type TestDatabase } from './__testing__/databases.js';
import { auditLogsPlugin } from './plugin.js';

const API = '/api/audit-logs';
// A CommonJS default export: the module object under TypeScript, the feature under vitest.
const loaded = permissionBackendExport as unknown as BackendFeature | { default: BackendFeature };
const permissionBackend = 'default' in loaded ? loaded.default : loaded;
const decisions: string[] = [];

/** Readers may read; only the auditor may sync; nobody else gets anything. */
const policyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'audit-logs-test-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint },
      init({ policy }) {
        policy.setPolicy({
          handle(query, user) {
            const ref = user?.info.userEntityRef ?? 'anonymous';
            decisions.push(`${ref} ${query.permission.name}`);
            const allowed =
              (query.permission.name === 'audit-logs.event.read' &&
                ['user:default/reader', 'user:default/auditor'].includes(ref)) ||
              (query.permission.name === 'audit-logs.source.sync' &&
                ref === 'user:default/auditor');
            return Promise.resolve({
              result: allowed ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
            });
          },
        });
        return Promise.resolve();
      },
    });
  },
});

describe('with the permission framework enabled', () => {
  let db: TestDatabase;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];

  beforeAll(async () => {
    db = createSqliteDatabase();
    ({ server } = await startTestBackend({
      features: [
        auditLogsPlugin,
        permissionBackend,
        policyModule,
        mockServices.database.factory({ knex: db.knex }),
        // The real permissions service (no fixed result), switched on by config.
        mockServices.permissions.factory(),
        mockServices.rootConfig.factory({
          data: {
            permission: { enabled: true },
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
      ],
    }));
  });
  afterAll(() => db?.destroy());

  it('lets the policy decide per user and per permission', async () => {
    const as = (ref: string) => mockCredentials.user.header(ref);
    const get = (path: string, ref: string) =>
      request(server).get(`${API}${path}`).set('Authorization', as(ref));
    const post = (path: string, ref: string) =>
      request(server).post(`${API}${path}`).set('Authorization', as(ref));

    expect((await get('/events', 'user:default/reader')).status).toBe(200);
    expect((await get('/events/export', 'user:default/reader')).status).toBe(200);
    expect((await post('/sources/kore/sync', 'user:default/reader')).status).toBe(403);
    expect(
      (
        await post(
          '/.backstage/scheduler/v1/tasks/audit-logs:ingest:kore/trigger',
          'user:default/reader',
        )
      ).status,
    ).toBe(403);
    expect((await get('/sources', 'user:default/stranger')).status).toBe(403);
    expect((await get('/events', 'user:default/stranger')).status).toBe(403);
    expect((await post('/sources/kore/sync', 'user:default/auditor')).status).toBe(202);
    expect(decisions).toContain('user:default/reader audit-logs.source.sync');
    expect(decisions).toContain('user:default/stranger audit-logs.event.read');
  });
});
