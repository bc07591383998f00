// End to end with the real catalog, auth and permission backends in the real backend process:
// Users and Groups come from catalog/org.yaml, users sign in through the oauth2-proxy provider
// (the test plays the trusted proxy), and the demo policy decides from catalog groups: the
// security group reads every source, the rpa-team only the UiPath ones (a conditional decision
// the plugin applies in SQL), everybody else nothing.
import { startSimulator, type Simulator } from '@auditrelay/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_SOURCES,
  EVENT_READ_ONLY_TOKEN,
  READ_ONLY_TOKEN,
  freePort,
  simulatorEnv,
  startBackendProcess,
  userToken,
  waitForCatalogUsers,
  waitForIngestion,
  type BackendProcess,
} from './backend-process.js';

const UIPATH = ['uipath-platform', 'uipath-orchestrator'];
const API = '/api/audit-logs';

interface Item {
  id: string;
  source: { id: string };
  actor: { email?: string };
  actorEntityRef?: string;
}

describe('the real backend with the catalog and a permission policy', () => {
  let sim: Simulator;
  let backend: BackendProcess;
  const tokens: Record<string, string> = {};
  const started = new Date().toISOString();

  beforeAll(async () => {
    sim = await startSimulator({ seed: 'backstage-e2e-catalog' });
    backend = await startBackendProcess({
      port: await freePort(),
      database: { client: 'better-sqlite3', connection: ':memory:' },
      env: simulatorEnv(sim),
      schedule: { frequency: { minutes: 10 }, initialDelay: { seconds: 0 } },
      config: {
        permission: { enabled: true },
        auditLogsDemoPolicy: {
          readers: [
            { group: 'group:default/security', sources: 'all' },
            { group: 'group:default/rpa-team', sources: UIPATH },
          ],
          syncers: ['group:default/security'],
        },
      },
    });
    await waitForCatalogUsers(backend, 5);
    for (const name of ['security-analyst', 'rpa-engineer', 'outsider'])
      tokens[name] = await userToken(backend, name);
    await waitForIngestion(backend, started);
  });
  afterAll(async () => {
    await backend?.stop();
    await sim?.close();
  });

  const get = (path: string, as: string) => backend.get(`${API}${path}`, tokens[as] ?? as);
  async function items(path: string, as: string): Promise<Item[]> {
    const res = await get(path, as);
    expect(res.status, `${path} as ${as}`).toBe(200);
    return ((await res.json()) as { items: Item[] }).items;
  }
  /** Every event the caller may read, through the streamed export. */
  async function exported(as: string, query = ''): Promise<Item[]> {
    const res = await get(`/events/export?format=ndjson${query}`, as);
    expect(res.status).toBe(200);
    return (await res.text())
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const event = JSON.parse(line) as Item & { storeId: string };
        return { ...event, id: event.storeId };
      });
  }

  it('links actors to catalog Users and filters by user and by group', async () => {
    const all = await exported('security-analyst');
    const byEmail = (email: string) =>
      all.filter((e) => e.actor.email?.toLowerCase() === email).length;
    expect(byEmail('jane.doe@acme.com')).toBeGreaterThan(0);
    expect(byEmail('john.smith@acme.com')).toBeGreaterThan(0);

    const jane = await items('/events?limit=500&user=user:default/jane.doe', 'security-analyst');
    expect(jane.length).toBe(Math.min(500, byEmail('jane.doe@acme.com')));
    for (const item of jane) {
      expect(item.actor.email?.toLowerCase()).toBe('jane.doe@acme.com');
      expect(item.actorEntityRef).toBe('user:default/jane.doe');
    }
    const detail = await get(`/events/${jane[0]!.id}`, 'security-analyst');
    expect(((await detail.json()) as Item).actorEntityRef).toBe('user:default/jane.doe');

    // platform-team: Jane through the group's members, John through his memberOf.
    const team = await exported('security-analyst', '&group=group:default/platform-team');
    expect(team.length).toBe(byEmail('jane.doe@acme.com') + byEmail('john.smith@acme.com'));
    const stats = (await (
      await get('/stats?group=group:default/platform-team', 'security-analyst')
    ).json()) as {
      buckets: { total: number }[];
    };
    expect(stats.buckets.reduce((n, b) => n + b.total, 0)).toBe(team.length);
    const others = all.filter(
      (e) => e.actor.email && !/^(jane\.doe|john\.smith)@/i.test(e.actor.email),
    );
    expect(others.every((e) => e.actorEntityRef === undefined)).toBe(true);
  });

  it('denies every read to a user outside the reader groups', async () => {
    for (const path of [
      '/sources',
      '/events',
      '/stats',
      '/facets',
      '/events/export',
      '/events/1',
    ]) {
      const res = await get(path, 'outsider');
      expect(res.status, path).toBe(403);
    }
    expect((await backend.post(`${API}/sources/kore-xo/sync`, tokens.outsider)).status).toBe(403);
  });

  it('narrows every read of the rpa-team to the UiPath sources, in the query itself', async () => {
    const all = await exported('security-analyst');
    const uipath = all.filter((e) => UIPATH.includes(e.source.id));
    expect(uipath.length).toBeGreaterThan(0);
    expect(uipath.length).toBeLessThan(all.length);

    const sources = (await (await get('/sources', 'rpa-engineer')).json()) as {
      items: { id: string }[];
    };
    expect(sources.items.map((s) => s.id).sort()).toEqual([...UIPATH].sort());

    const mine = await exported('rpa-engineer');
    expect(mine.map((e) => e.id).sort()).toEqual(uipath.map((e) => e.id).sort());
    // Asking for a source outside the grant gives nothing.
    expect(await items('/events?source=kore-xo', 'rpa-engineer')).toEqual([]);
    const page = await items('/events?limit=500', 'rpa-engineer');
    expect(page.every((e) => UIPATH.includes(e.source.id))).toBe(true);

    const kore = all.find((e) => e.source.id === 'kore-xo')!;
    expect((await get(`/events/${kore.id}`, 'rpa-engineer')).status).toBe(404);
    expect((await get(`/events/${uipath[0]!.id}`, 'rpa-engineer')).status).toBe(200);

    const stats = (await (await get('/stats?groupBy=source', 'rpa-engineer')).json()) as {
      keys: string[];
      buckets: { total: number }[];
    };
    expect(stats.keys.sort()).toEqual([...UIPATH].sort());
    expect(stats.buckets.reduce((n, b) => n + b.total, 0)).toBe(uipath.length);
    const facets = (await (await get('/facets?field=source', 'rpa-engineer')).json()) as {
      facets: { source: { value: string; count: number }[] };
    };
    expect(facets.facets.source.map((f) => f.value).sort()).toEqual([...UIPATH].sort());

    expect(
      (await backend.post(`${API}/sources/uipath-platform/sync`, tokens['rpa-engineer'])).status,
    ).toBe(403);
  });

  it('lets the security group read everything and sync', async () => {
    const sources = (await (await get('/sources', 'security-analyst')).json()) as {
      items: {
        id: string;
        storedCount: number;
        quarantinedCount: number;
        retentionDays?: number;
        oldestEventAt?: string;
      }[];
    };
    expect(sources.items.map((s) => s.id).sort()).toEqual(DEMO_SOURCES.map(([id]) => id).sort());
    for (const s of sources.items)
      expect(s).toMatchObject({
        quarantinedCount: 0,
        retentionDays: 90,
        oldestEventAt: expect.any(String),
      });
    expect(
      (await backend.post(`${API}/sources/kore-xo/sync`, tokens['security-analyst'])).status,
    ).toBe(202);
  });

  it('decides service tokens by their access restrictions (the migration for read-only tokens)', async () => {
    expect((await get('/events?limit=1', READ_ONLY_TOKEN)).status).toBe(200);
    // A token restricted to audit-logs.event.read alone lacks audit-logs.source.read now.
    const legacy = await get('/events?limit=1', EVENT_READ_ONLY_TOKEN);
    expect(legacy.status).toBe(403);
    expect(await legacy.text()).toContain('audit-logs.source.read');
  });
});
