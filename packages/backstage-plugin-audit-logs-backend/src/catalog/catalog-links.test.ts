// Actor emails resolve to catalog Users, and the user/group filters become actor emails, through
// the catalog service (an in-memory catalog here; the e2e suite runs the real catalog backend).
import type { AuditLogStatsResponse } from '@auditrelay/backstage-plugin-audit-logs-common';
import type { Entity } from '@backstage/catalog-model';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteDatabase, type TestDatabase } from '../__testing__/databases.js';
import { fakeCheckpoint, fakeEvent } from '../__testing__/events.js';
import { auditLogsPlugin } from '../plugin.js';
import { AuditLogStore } from '../store/audit-log-store.js';

const API = '/api/audit-logs';

const user = (name: string, email?: string, memberOf: string[] = []): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name, namespace: 'default' },
  spec: { profile: email ? { email } : {}, memberOf },
  relations: memberOf.map((targetRef) => ({ type: 'memberOf', targetRef })),
});

const ENTITIES: Entity[] = [
  // Emails in another case than the events': matching is case-insensitive.
  user('jane.doe', 'USER1@example.com'),
  user('carol', 'user3@example.com', ['group:default/team-a']),
  user('no-email'),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'team-a', namespace: 'default' },
    spec: { type: 'team', children: [] },
    relations: [
      { type: 'hasMember', targetRef: 'user:default/jane.doe' },
      { type: 'hasMember', targetRef: 'user:default/no-email' },
    ],
  },
];

describe('catalog links', () => {
  let db: TestDatabase;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];

  beforeAll(async () => {
    db = createSqliteDatabase();
    ({ server } = await startTestBackend({
      features: [
        auditLogsPlugin,
        mockServices.database.factory({ knex: db.knex }),
        catalogServiceMock.factory({ entities: ENTITIES }),
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
      ],
    }));
    const store = new AuditLogStore(db.knex);
    await store.init();
    // Actors user0 … user6 in turn.
    await store.storeBatch(
      'kore',
      'kore-ai-for-work',
      Array.from({ length: 70 }, (_, i) => fakeEvent(i + 1)),
      fakeCheckpoint('kore'),
    );
  });
  afterAll(() => db?.destroy());

  const list = async (query: Record<string, string>) => {
    const res = await request(server)
      .get(`${API}/events`)
      .query({ limit: 500, ...query });
    expect(res.status, res.text).toBe(200);
    return res.body.items as { id: string; actor: { email: string }; actorEntityRef?: string }[];
  };

  it('links actors whose email is a User’s to that User, in lists and details', async () => {
    const items = await list({});
    const byEmail = new Map(items.map((item) => [item.actor.email, item.actorEntityRef]));
    expect(byEmail.get('user1@example.com')).toBe('user:default/jane.doe');
    expect(byEmail.get('user3@example.com')).toBe('user:default/carol');
    expect(byEmail.get('user2@example.com')).toBeUndefined();
    const jane = items.find((item) => item.actor.email === 'user1@example.com')!;
    const detail = await request(server).get(`${API}/events/${jane.id}`);
    expect(detail.body.actorEntityRef).toBe('user:default/jane.doe');
  });

  it('filters by user and by group membership (hasMember and memberOf)', async () => {
    const jane = await list({ user: 'user:default/jane.doe' });
    expect(jane).toHaveLength(10);
    expect(new Set(jane.map((item) => item.actor.email))).toEqual(new Set(['user1@example.com']));
    const team = await list({ group: 'group:default/team-a' });
    expect(new Set(team.map((item) => item.actor.email))).toEqual(
      new Set(['user1@example.com', 'user3@example.com']),
    );
    expect(await list({ user: 'user:default/nobody' })).toEqual([]);
    expect(await list({ user: 'user:default/no-email' })).toEqual([]);
    expect(await list({ group: 'group:default/team-a', user: 'user:default/carol' })).toHaveLength(
      10,
    );
    const stats = await request(server)
      .get(`${API}/stats`)
      .query({ group: 'group:default/team-a' });
    const { buckets } = stats.body as AuditLogStatsResponse;
    const total = buckets.reduce((n, b) => n + b.total, 0);
    expect(total).toBe(20);
    const facets = await request(server)
      .get(`${API}/facets`)
      .query({ field: 'actor', user: 'user:default/jane.doe' });
    expect(facets.body.facets.actor).toEqual([{ value: 'user1@example.com', count: 10 }]);
  });

  it('refuses refs of the wrong kind with a 400 naming the parameter', async () => {
    for (const [name, value] of [
      ['user', 'group:default/team-a'],
      ['group', 'user:default/jane.doe'],
      ['user', 'user:'],
    ]) {
      const res = await request(server)
        .get(`${API}/events`)
        .query({ [name!]: value });
      expect(res.status, `${name}=${value}`).toBe(400);
      expect(res.body.error.message).toContain(`"${name}"`);
    }
  });
});
