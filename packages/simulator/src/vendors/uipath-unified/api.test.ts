import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../simulator.js';
import { simulatorSourceConfig } from '../../source-configs.js';
import {
  bearer,
  http,
  smallData,
  uipathToken,
  unifiedUrl,
  walkUnified,
} from '../../testing/helpers.js';
import type { UnifiedQuery } from '../../testing/helpers.js';
import type { Simulator, SimulatorOptions } from '../../types.js';
import { UNIFIED_CSV_COLUMNS } from './api.js';
import type { SourceTree } from './catalog.js';
import type { UiPathUnifiedEvent } from './data.js';

const NOW = Date.UTC(2026, 4, 20, 12, 0, 0);
const DAY = 86_400_000;
const VENDOR = 'uipath-unified-audit';
type Scope = 'organization' | 'tenant';
type Page = { auditEvents: UiPathUnifiedEvent[]; next: string | null; previous: string | null };

const options = (extra: SimulatorOptions = {}): SimulatorOptions => ({
  seed: 'unified',
  now: () => NOW,
  ...extra,
  data: { ...smallData(5), [VENDOR]: { count: 900 }, ...extra.data },
});

async function started(extra: SimulatorOptions = {}) {
  const sim = await startSimulator(options(extra));
  const auth = bearer(await uipathToken(sim, 'PM.Audit.Read'));
  return { sim, auth };
}

const truth = (sim: Simulator, query: Parameters<Simulator['groundTruth']>[1] = {}) =>
  sim.groundTruth(VENDOR, query) as UiPathUnifiedEvent[];

/** The shared walk, typed with this vendor's events. */
const walk = async (
  sim: Simulator,
  auth: Record<string, string>,
  first: string,
  cursor: 'previous' | 'next',
) =>
  (await walkUnified(sim, auth, first, cursor)) as unknown as {
    events: UiPathUnifiedEvent[];
    pages: Page[];
  };

describe('UiPath unified audit: auth, routing, metadata', () => {
  let sim: Simulator;
  beforeAll(async () => {
    ({ sim } = await started());
  });
  afterAll(() => sim.close());

  it('401 without a valid token, 403 without a PM audit scope, 200 with PM.Audit or PM.Audit.Read', async () => {
    for (const scope of ['organization', 'tenant'] as const) {
      const url = unifiedUrl(sim, scope);
      const none = await http(url);
      expect(none.status).toBe(401);
      expect(none.headers['www-authenticate']).toBe('Bearer');
      expect((await http(url, { headers: bearer('nope') })).status).toBe(401);
      const orOnly = await http(url, { headers: bearer(await uipathToken(sim, 'OR.Audit.Read')) });
      expect(orOnly.status).toBe(403);
      expect(orOnly.json.message).toMatch(/PM\.Audit/);
      for (const pm of ['PM.Audit', 'PM.Audit.Read']) {
        expect((await http(url, { headers: bearer(await uipathToken(sim, pm)) })).status).toBe(200);
      }
    }
    const token = bearer(await uipathToken(sim, 'PM.Audit.Read'));
    sim.expireTokens();
    const expired = await http(unifiedUrl(sim, 'tenant'), { headers: token });
    expect(expired.status).toBe(401);
    expect(expired.headers['www-authenticate']).toMatch(/^Bearer error="invalid_token"/);
  });

  it('404 for an unknown organization, tenant or endpoint', async () => {
    const auth = bearer(await uipathToken(sim, 'PM.Audit'));
    const base = sim.baseUrls[VENDOR];
    for (const path of [
      '/nobody/orgaudit_/api/query/events',
      '/acmecorp/NoTenant/tenantaudit_/api/query/events',
      '/acmecorp/orgaudit_/api/query/nothing',
    ]) {
      expect((await http(`${base}${path}`, { headers: auth })).status, path).toBe(404);
    }
    const byGuid = `${base}/${sim.credentials.uipath.partitionGlobalId}/orgaudit_/api/query/events`;
    expect((await http(byGuid, { headers: auth })).status).toBe(200);
  });

  it('serves a source → targets → types tree per scope, every event named from its own tree', async () => {
    const auth = bearer(await uipathToken(sim, 'PM.Audit.Read'));
    const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    const trees: Record<Scope, SourceTree[]> = { organization: [], tenant: [] };
    for (const scope of ['organization', 'tenant'] as const) {
      const res = await http(unifiedUrl(sim, scope, {}, 'sources'), { headers: auth });
      expect(res.status).toBe(200);
      trees[scope] = res.json as SourceTree[];
      for (const source of trees[scope]) {
        expect(source.id).toMatch(guid);
        for (const target of source.eventTargets) {
          expect(target.id).toMatch(guid);
          for (const type of target.eventTypes)
            expect(Object.keys(type).sort()).toEqual(['id', 'name']);
        }
      }
      const names = new Set(
        trees[scope].flatMap((s) =>
          s.eventTargets.flatMap((t) => t.eventTypes.map((y) => `${s.name}/${t.name}/${y.name}`)),
        ),
      );
      for (const e of truth(sim, { scope })) {
        expect(names.has(`${e.eventSource}/${e.eventTarget}/${e.eventType}`)).toBe(true);
      }
    }
    expect(trees.organization.map((s) => s.name)).toContain('Identity');
    expect(trees.tenant.map((s) => s.name)).toContain('Orchestrator');
    expect(trees.tenant.map((s) => s.name)).not.toContain('Identity');
    expect(
      sim.requests.filter((r) => r.path.endsWith('/sources')).every((r) => r.route === 'metadata'),
    ).toBe(true);
  });

  it('events carry the documented fields; eventDetails is a JSON string; tenant ids only at tenant level', async () => {
    const auth = bearer(await uipathToken(sim, 'PM.Audit.Read'));
    for (const scope of ['organization', 'tenant'] as const) {
      const page = (await http(unifiedUrl(sim, scope, { maxCount: 200 }), { headers: auth }))
        .json as Page;
      expect(Object.keys(page).sort()).toEqual(['auditEvents', 'next', 'previous']);
      expect(page.auditEvents).toHaveLength(200);
      for (const e of page.auditEvents) {
        expect(e.createdOn).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/);
        expect(e.organizationId).toBe(sim.credentials.uipath.partitionGlobalId);
        expect(e.organizationName).toBe(sim.credentials.uipath.organization);
        if (scope === 'tenant') expect(e.tenantName).toBe(sim.credentials.uipath.tenant);
        else expect([e.tenantId, e.tenantName]).toEqual([null, null]);
        expect(typeof JSON.parse(e.eventDetails)).toBe('object');
        expect([0, 1]).toContain(e.status);
        expect(e.eventSummary.startsWith(e.actorName)).toBe(true);
        if (e.actorId === null) expect(e.clientInfo).toBeUndefined();
        else expect(Object.keys(e.clientInfo ?? {}).sort()).toEqual(['ipAddress', 'ipCountry']);
      }
      // Each scope has events the service raised itself: no actor id or email, no clientInfo.
      const system = truth(sim, { scope }).filter((e) => e.actorId === null);
      expect(system.length).toBeGreaterThan(0);
      for (const e of system) expect([e.actorEmail, e.clientInfo]).toEqual([null, undefined]);
    }
  });

  it('rejects invalid values with ValidationProblemDetails naming the field', async () => {
    const auth = bearer(await uipathToken(sim, 'PM.Audit.Read'));
    for (const [query, field] of [
      [{ from: 'yesterday' }, 'from'],
      [{ to: '2026-13-45' }, 'to'],
      [{ source: 'Orchestrator' }, 'source'],
      [{ status: 2 }, 'status'],
      [{ maxCount: 'ten' }, 'maxCount'],
      [{ before: '2026-05-01T00:00:00Z', beforeId: 'x' }, 'beforeId'],
    ] as Array<[UnifiedQuery, string]>) {
      const res = await http(unifiedUrl(sim, 'tenant', query), { headers: auth });
      expect(res.status, field).toBe(400);
      expect(Object.keys(res.json.errors)).toEqual([field]);
    }
  });
});

describe('UiPath unified audit: cursor walks', () => {
  it('the older cursor walks exactly the ground truth of each scope; the newer one walks it back', async () => {
    const { sim, auth } = await started();
    try {
      for (const scope of ['organization', 'tenant'] as const) {
        const expected = truth(sim, { scope });
        expect(expected.length).toBeGreaterThan(100);
        const back = await walk(sim, auth, unifiedUrl(sim, scope, { maxCount: 37 }), 'previous');
        expect(back.events).toEqual([...expected].reverse());
        expect(back.pages[0]!.next).toBeNull();
        expect(back.pages.slice(0, -1).every((p) => p.auditEvents.length === 37)).toBe(true);
        expect(back.pages.at(-1)!.previous).toBeNull();
        // From the oldest page, `next` leads forward again: pages newest first inside.
        const oldest = back.pages.at(-1)!;
        const forward = await walk(
          sim,
          auth,
          `${sim.baseUrls[VENDOR]}${oldest.next ?? ''}`,
          'next',
        );
        const seen = [...oldest.auditEvents].reverse();
        for (const page of forward.pages) seen.push(...[...page.auditEvents].reverse());
        expect(seen).toEqual(expected);
        expect(oldest.next).toMatch(
          scope === 'tenant'
            ? /^\/acmecorp\/DefaultTenant\/tenantaudit_\/api\/query\/events\?.*after=.*&afterId=.*&qw=/
            : /^\/acmecorp\/orgaudit_\/api\/query\/events\?.*maxCount=37&after=/,
        );
      }
    } finally {
      await sim.close();
    }
  });

  it('appended and purged records: a walk then a new query from the newest seen equals the ground truth', async () => {
    const { sim, auth } = await started();
    try {
      sim.autoAppend(VENDOR, { everyRequests: 1, count: 2 });
      const back = await walk(
        sim,
        auth,
        unifiedUrl(sim, 'organization', { maxCount: 100 }),
        'previous',
      );
      sim.autoAppend(VENDOR, false);
      const newest = back.events[0]!.createdOn;
      const rest = await walk(
        sim,
        auth,
        unifiedUrl(sim, 'organization', { from: newest, maxCount: 200 }),
        'previous',
      );
      const ids = new Map([...back.events, ...rest.events].map((e) => [e.id, e]));
      const expected = truth(sim, { scope: 'organization' });
      expect(expected.length).toBeGreaterThan(back.events.length);
      expect([...ids.values()].sort((a, b) => (a.createdOn < b.createdOn ? -1 : 1))).toEqual(
        expected,
      );

      const purged = sim.purge(VENDOR, 7) as UiPathUnifiedEvent[];
      expect(purged).toHaveLength(7);
      const after = await walk(sim, auth, unifiedUrl(sim, 'tenant', { maxCount: 200 }), 'previous');
      expect(after.events).toEqual([...truth(sim, { scope: 'tenant' })].reverse());
      const gone = new Set(purged.map((e) => e.id));
      expect(after.events.some((e) => gone.has(e.id))).toBe(false);
    } finally {
      await sim.close();
    }
  });
});

describe('UiPath unified audit: filters, clamp, retention', () => {
  let sim: Simulator;
  let auth: Record<string, string>;
  beforeAll(async () => {
    ({ sim, auth } = await started());
  });
  afterAll(() => sim.close());

  const all = async (scope: Scope, query: UnifiedQuery) =>
    (await walk(sim, auth, unifiedUrl(sim, scope, { maxCount: 200, ...query }), 'previous')).events;

  it('source, target, type, userIds, status and searchTerm each keep exactly their events', async () => {
    const tree = (await http(unifiedUrl(sim, 'tenant', {}, 'sources'), { headers: auth }))
      .json as SourceTree[];
    const orchestrator = tree.find((s) => s.name === 'Orchestrator')!;
    const jobs = orchestrator.eventTargets.find((t) => t.name === 'Jobs')!;
    const startedJob = jobs.eventTypes.find((t) => t.name === 'Started job')!;
    const sample = truth(sim, { scope: 'tenant' }).filter((e) => e.actorId !== null);
    const users = [sample[0]!.actorId!, sample[1]!.actorId!];
    const ip = sample[2]!.clientInfo!.ipAddress;
    const cases: Array<[UnifiedQuery, Parameters<Simulator['groundTruth']>[1]]> = [
      [{ source: orchestrator.id }, { eventSources: [orchestrator.id] }],
      [{ target: jobs.id }, { eventTargets: [jobs.id] }],
      [
        { type: [startedJob.id, jobs.eventTypes[1]!.id] },
        { eventTypes: [startedJob.id, jobs.eventTypes[1]!.id] },
      ],
      [{ userIds: users }, { userIds: users }],
      [{ status: 1 }, { status: 1 }],
      [{ status: 0 }, { status: 0 }],
      [{ searchTerm: ip }, { searchTerm: ip }],
    ];
    for (const [query, expected] of cases) {
      const events = await all('tenant', query);
      const want = truth(sim, { scope: 'tenant', ...expected });
      expect(want.length, JSON.stringify(query)).toBeGreaterThan(0);
      expect(want.length).toBeLessThan(truth(sim, { scope: 'tenant' }).length);
      expect(events, JSON.stringify(query)).toEqual([...want].reverse());
    }
    // searchTerm does not look at the actor's email.
    expect(await all('tenant', { searchTerm: sample[0]!.actorEmail! })).toEqual([]);
  });

  it('clamps maxCount to [10, 200] and uses 50 without it', async () => {
    const size = async (query: UnifiedQuery) =>
      ((await http(unifiedUrl(sim, 'tenant', query), { headers: auth })).json as Page).auditEvents
        .length;
    expect(await size({ maxCount: 1 })).toBe(10);
    expect(await size({ maxCount: 0 })).toBe(10);
    expect(await size({ maxCount: 77 })).toBe(77);
    expect(await size({ maxCount: 5000 })).toBe(200);
    expect(await size({})).toBe(50);
    const page = (await http(unifiedUrl(sim, 'tenant', { maxCount: 3 }), { headers: auth }))
      .json as Page;
    expect(page.previous).toMatch(/maxCount=10&/);
  });

  it('keeps 90 days: older events are not served whatever from says', async () => {
    const oldest = truth(sim)[0]!;
    expect(Date.parse(oldest.createdOn)).toBeGreaterThanOrEqual(NOW - 90 * DAY);
    const events = await all('organization', { from: new Date(NOW - 119 * DAY).toISOString() });
    expect(events).toEqual([...truth(sim, { scope: 'organization' })].reverse());
    expect(Date.parse(events.at(-1)!.createdOn)).toBeGreaterThanOrEqual(NOW - 90 * DAY);
    expect(Date.parse(events.at(-1)!.createdOn)).toBeLessThan(NOW - 88 * DAY);
    const longer = await startSimulator(
      options({ behavior: { uipathUnified: { retentionDays: 200 } } }),
    );
    try {
      const kept = longer.groundTruth(VENDOR) as UiPathUnifiedEvent[];
      expect(kept.length).toBeGreaterThan(truth(sim).length);
      expect(Date.parse(kept[0]!.createdOn)).toBeLessThan(NOW - 110 * DAY);
    } finally {
      await longer.close();
    }
  });
});

describe('UiPath unified audit: data and time bounds', () => {
  it('is deterministic per seed; the metadata GUIDs do not depend on the seed', async () => {
    const [a, b, c] = await Promise.all([
      startSimulator(options()),
      startSimulator(options()),
      startSimulator(options({ seed: 'other' })),
    ]);
    try {
      expect(a.groundTruth(VENDOR)).toEqual(b.groundTruth(VENDOR));
      expect(a.groundTruth(VENDOR)).not.toEqual(c.groundTruth(VENDOR));
      const tree = async (sim: Simulator) =>
        (
          await http(unifiedUrl(sim, 'tenant', {}, 'sources'), {
            headers: bearer(await uipathToken(sim, 'PM.Audit.Read')),
          })
        ).json as SourceTree[];
      expect(await tree(a)).toEqual(await tree(c));
    } finally {
      await Promise.all([a.close(), b.close(), c.close()]);
    }
  });

  it('a date-only to means 00:00Z of that day, inclusive', async () => {
    const { sim, auth } = await started();
    try {
      const day = new Date(NOW - 10 * DAY).toISOString().slice(0, 10);
      const res = await walk(
        sim,
        auth,
        unifiedUrl(sim, 'tenant', { to: day, maxCount: 200 }),
        'previous',
      );
      const expected = truth(sim, { scope: 'tenant', to: `${day}T00:00:00Z` });
      expect(res.events).toEqual([...expected].reverse());
      expect(res.events[0]!.createdOn < `${day}T00:00:00.0000001Z`).toBe(true);
    } finally {
      await sim.close();
    }
  });
});

describe('UiPath unified audit: downloadevents CSV', () => {
  it('every matching event in the window, newest first, searchTerm and maxCount not read', async () => {
    const { sim, auth } = await started();
    try {
      const res = await http(
        unifiedUrl(
          sim,
          'tenant',
          { status: 0, maxCount: 10, searchTerm: 'zzz-no-match' },
          'downloadevents',
        ),
        { headers: auth },
      );
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toMatch(/attachment; filename=".*\.csv"/);
      expect(res.text).toMatch(/^Id,Created On,.*\r\n/);
      const rows: Array<Record<string, string>> = parse(res.text, { columns: true });
      const expected = [...truth(sim, { scope: 'tenant', status: 0 })].reverse();
      expect(rows.map((r) => r['Id'])).toEqual(expected.map((e) => e.id));
      expect(Object.keys(rows[0]!)).toEqual(UNIFIED_CSV_COLUMNS);
      expect(rows[0]!['Event Details']).toBe(expected[0]!.eventDetails);
      expect(rows.every((r) => r['Status'] === '0')).toBe(true);
      const noToken = await http(unifiedUrl(sim, 'tenant', {}, 'downloadevents'));
      expect(noToken.status).toBe(401);
      expect(
        sim.requests
          .filter((r) => r.path.endsWith('downloadevents'))
          .every((r) => r.route === 'download'),
      ).toBe(true);
    } finally {
      await sim.close();
    }
  });
});

describe('UiPath unified audit: faults and source config', () => {
  it('faults hit only this vendor, in the UiPath error shape, then service resumes', async () => {
    const { sim } = await started();
    let auth = bearer(await uipathToken(sim, 'PM.Audit.Read'));
    try {
      const url = unifiedUrl(sim, 'tenant', { maxCount: 10 });
      sim.faults.add({ vendor: VENDOR, kind: 'status', status: 503, times: 2 });
      const pm = await http(`${sim.url}/uipath/acmecorp/audit_/api/auditlogs`, { headers: auth });
      expect(pm.status).toBe(200);
      const first = await http(url, { headers: auth });
      expect(first.status).toBe(503);
      expect(Object.keys(first.json).sort()).toEqual(['errorCode', 'message', 'traceId']);
      expect((await http(url, { headers: auth })).status).toBe(503);
      const ok = await http(url, { headers: auth });
      expect(ok.status).toBe(200);

      sim.faults.add({ vendor: VENDOR, kind: 'duplicate-previous-page' });
      const older = `${sim.baseUrls[VENDOR]}${(ok.json as Page).previous ?? ''}`;
      const dup = await http(older, { headers: auth });
      expect(dup.json).toEqual(ok.json);

      sim.faults.add({ vendor: VENDOR, kind: 'token-expired' });
      const expired = await http(url, { headers: auth });
      expect(expired.status).toBe(401);
      expect(expired.headers['www-authenticate']).toMatch(/invalid_token/);

      // The fault expires the token itself: a new one is needed.
      expect((await http(url, { headers: auth })).status).toBe(401);
      auth = bearer(await uipathToken(sim, 'PM.Audit'));

      sim.faults.add({ vendor: VENDOR, kind: 'truncated-json' });
      const truncated = await http(url, { headers: auth });
      expect(truncated.status).toBe(200);
      expect(truncated.json).toBeUndefined();

      sim.faults.add({ vendor: VENDOR, route: 'metadata', kind: 'status', status: 500 });
      expect((await http(url, { headers: auth })).status).toBe(200);
      expect((await http(unifiedUrl(sim, 'tenant', {}, 'sources'), { headers: auth })).status).toBe(
        500,
      );
    } finally {
      await sim.close();
    }
  });

  it('simulatorSourceConfig gives the uipath-unified-audit config as plain JSON', async () => {
    const { sim } = await started();
    try {
      const config = simulatorSourceConfig(sim, VENDOR, { options: { scope: 'tenant' } });
      expect(JSON.parse(JSON.stringify(config))).toEqual({
        id: 'uipath-unified',
        type: 'uipath-unified-audit',
        name: 'UiPath unified audit logs (simulated)',
        baseUrl: `${sim.url}/uipath`,
        credentials: {
          clientId: sim.credentials.uipath.clientId,
          clientSecret: sim.credentials.uipath.clientSecret,
        },
        options: { scope: 'tenant', organization: 'acmecorp', tenant: 'DefaultTenant' },
      });
    } finally {
      await sim.close();
    }
  });
});
