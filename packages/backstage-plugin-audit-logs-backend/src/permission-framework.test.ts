// A permission policy decides per user: ALLOW, DENY, or a conditional decision on the
// audit-log-source resource that the plugin applies in its SQL (list, detail, stats, facets,
// export) and to `GET /sources`. In process, the permissions service hands every request to the
// policy: the permission backend refuses conditional requests from backend-test-utils' mock auth
// (its on-behalf-of tokens lose their actor), so the same decisions through the real permission
// backend, auth and catalog are tested in apps/backstage-backend's e2e suite.
import {
  auditLogSourceConditions,
  createAuditLogSourceConditionalDecision,
} from '@auditrelay/backstage-plugin-audit-logs-node';
import type {
  AuditLogFacetsResponse,
  AuditLogStatsResponse,
  ListEventsResponse,
  ListSourcesResponse,
} from '@auditrelay/backstage-plugin-audit-logs-common';
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  isResourcePermission,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import type { PermissionPolicy } from '@backstage/plugin-permission-node';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteDatabase, type TestDatabase } from './__testing__/databases.js';
import { fakeCheckpoint, fakeEvent } from './__testing__/events.js';
import { auditLogsPlugin } from './plugin.js';
import { AuditLogStore } from './store/audit-log-store.js';

const API = '/api/audit-logs';
const decisions: string[] = [];
const PER_SOURCE = 30;

/**
 * reader and auditor read everything (only the auditor syncs); kore-reader reads the kore
 * source only, orchestrator-reader the UiPath Orchestrator type only; no-sources may read but
 * no source; everybody else gets nothing.
 */
const policy: PermissionPolicy = {
  handle(query, user): Promise<PolicyDecision> {
    const ref = user?.info.userEntityRef ?? 'anonymous';
    const name = query.permission.name;
    decisions.push(`${ref} ${name}`);
    const readers = [
      'user:default/reader',
      'user:default/auditor',
      'user:default/kore-reader',
      'user:default/orchestrator-reader',
      'user:default/no-sources',
    ];
    const allow = (yes: boolean): Promise<PolicyDecision> =>
      Promise.resolve({ result: yes ? AuthorizeResult.ALLOW : AuthorizeResult.DENY });
    if (name === 'audit-logs.event.read') return allow(readers.includes(ref));
    if (name === 'audit-logs.source.sync') return allow(ref === 'user:default/auditor');
    if (isResourcePermission(query.permission, 'audit-log-source')) {
      if (ref === 'user:default/kore-reader')
        return Promise.resolve(
          createAuditLogSourceConditionalDecision(
            query.permission,
            auditLogSourceConditions.isSource({ sourceIds: ['kore'] }),
          ),
        );
      if (ref === 'user:default/orchestrator-reader')
        return Promise.resolve(
          createAuditLogSourceConditionalDecision(query.permission, {
            anyOf: [
              auditLogSourceConditions.isSourceType({ sourceTypes: ['uipath-orchestrator-odata'] }),
            ],
          }),
        );
      return allow(['user:default/reader', 'user:default/auditor'].includes(ref));
    }
    return allow(false);
  },
};

/** The permissions service as the permission backend would answer it with `policy`. */
function decide(
  queries: { permission: PolicyQueryPermission }[],
  credentials: BackstageCredentials,
) {
  const principal = credentials.principal as { type: string; userEntityRef?: string };
  const user =
    principal.type === 'user'
      ? {
          info: { userEntityRef: principal.userEntityRef!, ownershipEntityRefs: [] },
          identity: undefined,
        }
      : undefined;
  return Promise.all(queries.map(({ permission }) => policy.handle({ permission }, user as never)));
}
type PolicyQueryPermission = Parameters<PermissionPolicy['handle']>[0]['permission'];
const permissionsService = mockServices.permissions.mock({
  authorizeConditional: (queries: never, { credentials }: { credentials: BackstageCredentials }) =>
    decide(queries, credentials),
  authorize: async (queries: never, { credentials }: { credentials: BackstageCredentials }) =>
    (await decide(queries, credentials)).map((d) =>
      d.result === AuthorizeResult.CONDITIONAL ? { result: AuthorizeResult.DENY } : d,
    ),
});

describe('a permission policy with per-source decisions', () => {
  let db: TestDatabase;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    db = createSqliteDatabase();
    ({ server } = await startTestBackend({
      features: [
        auditLogsPlugin,
        mockServices.database.factory({ knex: db.knex }),
        permissionsService.factory,
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
                {
                  id: 'orch',
                  type: 'uipath-orchestrator-odata',
                  baseUrl: 'http://127.0.0.1:9',
                  credentials: { clientId: 'id', clientSecret: 'secret-0123456789' },
                  options: { organization: 'org', tenant: 'tenant' },
                },
              ],
            },
          },
        }),
      ],
    }));
    const store = new AuditLogStore(db.knex);
    await store.init();
    for (const [id, type] of [
      ['kore', 'kore-ai-for-work'],
      ['orch', 'uipath-orchestrator-odata'],
    ] as const) {
      const events = Array.from({ length: PER_SOURCE }, (_, i) =>
        fakeEvent(i + 1, { source: { type, id }, dedupeKey: `${id}:${i}`, id: `${id}-${i}` }),
      );
      await store.storeBatch(id, type, events, fakeCheckpoint(id));
      const [first] = (await store.listEvents({ source: [id] }, { limit: 1 })).items;
      ids[id] = first!.id;
    }
  });
  afterAll(() => db?.destroy());

  const as = (ref: string) => mockCredentials.user.header(ref);
  const get = (path: string, ref: string) =>
    request(server).get(`${API}${path}`).set('Authorization', as(ref));
  const post = (path: string, ref: string) =>
    request(server).post(`${API}${path}`).set('Authorization', as(ref));

  it('lets the policy decide per user and per permission', async () => {
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

  it('denies every read when audit-logs.source.read is denied', async () => {
    for (const path of [
      '/sources',
      '/events',
      '/stats',
      '/facets',
      '/events/export',
      `/events/${ids.kore}`,
    ]) {
      const res = await get(path, 'user:default/no-sources');
      expect(res.status, path).toBe(403);
      expect(res.body.error.message, path).toContain('audit-logs.source.read');
    }
  });

  it.each([
    ['user:default/reader', ['kore', 'orch']],
    ['user:default/kore-reader', ['kore']],
    ['user:default/orchestrator-reader', ['orch']],
  ])('narrows every read of %s to %j', async (ref, allowed) => {
    const sources = await get('/sources', ref);
    expect(sources.status).toBe(200);
    expect((sources.body as ListSourcesResponse).items.map((s) => s.id)).toEqual(allowed);

    const list = await get('/events?limit=500', ref);
    const listed = (list.body as ListEventsResponse).items;
    expect(new Set(listed.map((e) => e.source.id))).toEqual(new Set(allowed));
    expect(list.body.items).toHaveLength(PER_SOURCE * allowed.length);
    // Asking for a source outside the grant gives nothing, not an error.
    const other = await get('/events?source=kore,orch&limit=500', ref);
    expect(other.body.items).toHaveLength(PER_SOURCE * allowed.length);

    for (const id of ['kore', 'orch'])
      expect((await get(`/events/${ids[id]}`, ref)).status, id).toBe(
        allowed.includes(id) ? 200 : 404,
      );

    const stats = await get('/stats?groupBy=source&interval=day', ref);
    expect(stats.status).toBe(200);
    const body = stats.body as AuditLogStatsResponse;
    expect([...body.keys].sort()).toEqual([...allowed].sort());
    const total = body.buckets.reduce((n, b) => n + b.total, 0);
    expect(total).toBe(PER_SOURCE * allowed.length);

    const facets = await get('/facets?field=source&field=action', ref);
    const values = (facets.body as AuditLogFacetsResponse).facets.source ?? [];
    expect(values.map((f) => f.value).sort()).toEqual([...allowed].sort());

    const exported = await get('/events/export?format=ndjson', ref);
    const lines = exported.text.trim().split('\n').filter(Boolean);
    expect(lines).toHaveLength(PER_SOURCE * allowed.length);
    for (const line of lines) expect(allowed).toContain(JSON.parse(line).source.id);
  });
});
