// Every UiPath unified audit behaviour switch, over real HTTP, and drawn profiles walking to the
// ground truth.

import { describe, expect, it } from 'vitest';
import { drawProfile } from '../../profiles.js';
import { startSimulator } from '../../simulator.js';
import {
  bearer,
  http,
  smallData,
  uipathToken,
  unifiedUrl,
  walkUnified,
} from '../../testing/helpers.js';
import type { UnifiedPage, UnifiedQuery } from '../../testing/helpers.js';
import type { GroundTruthQuery, SimulatorBehavior, UiPathUnifiedBehavior } from '../../types.js';
import type { SourceTree } from './catalog.js';
import type { UiPathUnifiedEvent } from './data.js';
import { appendArray } from './query.js';

const NOW = Date.UTC(2026, 4, 20, 12, 0, 0);
const DAY = 86_400_000;
const VENDOR = 'uipath-unified-audit';
type Scope = 'organization' | 'tenant';

async function unified(
  options: { behavior?: UiPathUnifiedBehavior; profile?: SimulatorBehavior; seed?: number } = {},
) {
  const sim = await startSimulator({
    seed: options.seed ?? 'unified-switches',
    now: () => NOW,
    data: { ...smallData(5), [VENDOR]: { count: 700 } },
    ...(options.profile === undefined ? {} : { profile: options.profile }),
    behavior: { uipathUnified: options.behavior ?? {} },
  });
  const headers = bearer(await uipathToken(sim, 'PM.Audit.Read'));
  const page = async (scope: Scope, query: UnifiedQuery | URLSearchParams = {}) => {
    const res = await http(unifiedUrl(sim, scope, query), { headers });
    expect(res.status, res.text).toBe(200);
    return res.json as UnifiedPage & { auditEvents: UiPathUnifiedEvent[] };
  };
  const walk = async (
    scope: Scope,
    query: UnifiedQuery | URLSearchParams,
    cursor: 'previous' | 'next',
  ) =>
    (await walkUnified(sim, headers, unifiedUrl(sim, scope, query), cursor))
      .events as unknown as UiPathUnifiedEvent[];
  const truth = (query: GroundTruthQuery = {}) =>
    sim.groundTruth(VENDOR, query) as UiPathUnifiedEvent[];
  const tree = async (scope: Scope) =>
    (await http(unifiedUrl(sim, scope, {}, 'sources'), { headers })).json as SourceTree[];
  return Object.assign(sim, { page, walk, truth, tree, headers });
}

const newestFirst = (events: UiPathUnifiedEvent[]) => [...events].reverse();

describe('UiPath unified switches: paging', () => {
  it("cursorDirection 'next-older': next leads to older events, previous to newer ones", async () => {
    await using sim = await unified({ behavior: { cursorDirection: 'next-older' } });
    const first = await sim.page('tenant', { maxCount: 20 });
    expect(first.previous).toBeNull();
    expect(first.next).toMatch(/before=.*&beforeId=/);
    expect(await sim.walk('tenant', { maxCount: 20 }, 'next')).toEqual(
      newestFirst(sim.truth({ scope: 'tenant' })),
    );
    expect(await sim.walk('tenant', { maxCount: 20 }, 'previous')).toHaveLength(20);
  });

  it("newestCursor 'cursor': the newest page links to newer events, and that page is empty", async () => {
    await using sim = await unified({ behavior: { newestCursor: 'cursor' } });
    const first = await sim.page('organization', { maxCount: 20 });
    expect(first.next).toMatch(/after=.*&afterId=/);
    const newer = await http(`${sim.baseUrls[VENDOR]}${first.next ?? ''}`, {
      headers: sim.headers,
    });
    expect(newer.json).toEqual({ auditEvents: [], next: null, previous: null });
    await using documented = await unified();
    expect((await documented.page('organization', { maxCount: 20 })).next).toBeNull();
  });

  it('minCount, maxCount and defaultCount set the clamp', async () => {
    await using sim = await unified({ behavior: { minCount: 3, maxCount: 41, defaultCount: 17 } });
    expect((await sim.page('tenant', { maxCount: 1 })).auditEvents).toHaveLength(3);
    expect((await sim.page('tenant', { maxCount: 40 })).auditEvents).toHaveLength(40);
    expect((await sim.page('tenant', { maxCount: 1000 })).auditEvents).toHaveLength(41);
    expect((await sim.page('tenant')).auditEvents).toHaveLength(17);
    await using over = await unified({ behavior: { maxCount: 12, defaultCount: 50 } });
    expect((await over.page('tenant')).auditEvents).toHaveLength(12);
  });
});

describe('UiPath unified switches: bounds and retention', () => {
  it('fromInclusive and toInclusive decide whether events exactly at the bounds are served', async () => {
    for (const [fromInclusive, toInclusive] of [
      [true, true],
      [false, false],
      [true, false],
      [false, true],
    ] as const) {
      await using sim = await unified({ behavior: { fromInclusive, toInclusive } });
      const all = sim.truth({ scope: 'tenant' });
      const from = all[10]!.createdOn;
      const to = all[30]!.createdOn;
      const got = await sim.walk('tenant', { from, to, maxCount: 200 }, 'previous');
      const want = all.slice(fromInclusive ? 10 : 11, toInclusive ? 31 : 30);
      expect(got, `${fromInclusive} ${toInclusive}`).toEqual(newestFirst(want));
    }
  });

  it('retentionDays 20: nothing older is served, and ground truth agrees', async () => {
    await using sim = await unified({ behavior: { retentionDays: 20 } });
    const got = await sim.walk('organization', { from: '2020-01-01', maxCount: 200 }, 'previous');
    expect(got).toEqual(newestFirst(sim.truth({ scope: 'organization' })));
    expect(Date.parse(got.at(-1)!.createdOn)).toBeGreaterThanOrEqual(NOW - 20 * DAY);
    expect(Date.parse(got.at(-1)!.createdOn)).toBeLessThan(NOW - 19 * DAY);
  });
});

describe('UiPath unified switches: arrayEncoding', () => {
  it.each(['repeated', 'brackets', 'indexed', 'comma'] as const)(
    '%s: its own encoding filters, the others are silently not read',
    async (encoding) => {
      await using sim = await unified({ behavior: { arrayEncoding: encoding } });
      const ids = (await sim.tree('organization')).slice(0, 2).map((s) => s.id);
      const everything = newestFirst(sim.truth({ scope: 'organization' }));
      const filtered = newestFirst(sim.truth({ scope: 'organization', eventSources: ids }));
      expect(filtered.length).toBeGreaterThan(0);
      expect(filtered.length).toBeLessThan(everything.length);
      const first = newestFirst(sim.truth({ scope: 'organization', eventSources: [ids[0]!] }));
      for (const other of ['repeated', 'brackets', 'indexed', 'comma'] as const) {
        const qs = new URLSearchParams({ maxCount: '200' });
        appendArray(qs, 'source', ids, other);
        if (encoding === 'repeated' && other === 'comma') {
          // One value "a,b" is not a GUID: ASP.NET's binder answers 400.
          const res = await http(unifiedUrl(sim, 'organization', qs), { headers: sim.headers });
          expect(res.json.errors).toHaveProperty('source');
          continue;
        }
        const got = await sim.walk('organization', qs, 'previous');
        if (other === encoding) expect(got, other).toEqual(filtered);
        // A comma-reading server splits the first value only: repeated keys filter by the first.
        else if (encoding === 'comma' && other === 'repeated') expect(got, other).toEqual(first);
        else expect(got, other).toEqual(everything);
      }
    },
  );

  it('cursor URLs repeat the filters in the encoding the server reads', async () => {
    await using sim = await unified({ behavior: { arrayEncoding: 'indexed' } });
    const ids = (await sim.tree('tenant')).slice(0, 2).map((s) => s.id);
    const first = await sim.page('tenant', {
      'source[0]': ids[0]!,
      'source[1]': ids[1]!,
      maxCount: 10,
    });
    const query = new URL(first.previous ?? '', 'http://x').searchParams;
    expect([query.get('source[0]'), query.get('source[1]')]).toEqual(ids);
  });
});

describe('UiPath unified: drawn profiles', () => {
  it.each(Array.from({ length: 16 }, (_, seed) => seed))(
    'profile %i: the older cursor with filters and bounds returns exactly the ground truth',
    async (seed) => {
      await using sim = await unified({ profile: drawProfile(seed), seed });
      const b = sim.behavior.uipathUnified;
      const scope: Scope = seed % 2 === 0 ? 'tenant' : 'organization';
      const all = sim.truth({ scope });
      const from = all[5]!.createdOn;
      const to = all[all.length - 5]!.createdOn;
      const chosen = (await sim.tree(scope)).slice(0, 2).map((s) => s.id);
      const qs = new URLSearchParams({ from, to, maxCount: String(seed * 13) });
      appendArray(qs, 'source', chosen, b.arrayEncoding);
      const older = b.cursorDirection === 'previous-older' ? 'previous' : 'next';
      const { events, pages } = await walkUnified(
        sim,
        sim.headers,
        unifiedUrl(sim, scope, qs),
        older,
      );
      const expected = sim
        .truth({ scope, eventSources: chosen, from, to, toInclusive: b.toInclusive })
        .filter((e) => b.fromInclusive || e.createdOn !== from);
      expect(expected.length).toBeGreaterThan(0);
      expect(events).toEqual(newestFirst(expected));
      const clamp = Math.min(Math.max(seed * 13, b.minCount), b.maxCount);
      for (const page of pages) expect(page.auditEvents.length).toBeLessThanOrEqual(clamp);
      if (expected.length > clamp) expect(pages[0]!.auditEvents).toHaveLength(clamp);
    },
  );
});
