import { describe, expect, it } from 'vitest';
import { recordingTransport, type RecordedRequest } from '../../__testing__/recording-transport.js';
import { createSource, parseSourceConfig } from '../../create-source.js';
import { fetchEvents } from '../../sync/fetch-events.js';
import { collect } from '../../testing.js';

const SECRET = 'canary-unified-client-secret-77c1';
const ORCHESTRATOR = '11111111-1111-4111-8111-111111111111';
const APPS = '22222222-2222-4222-8222-222222222222';
const PROCESSES = '33333333-3333-4333-8333-333333333333';
const TREE = [
  {
    id: ORCHESTRATOR,
    name: 'Orchestrator',
    eventTargets: [
      {
        id: PROCESSES,
        name: 'Processes',
        eventTypes: [{ id: '44444444-4444-4444-8444-444444444444', name: 'Created process' }],
      },
    ],
  },
  {
    id: APPS,
    name: 'Apps',
    eventTargets: [
      {
        id: '55555555-5555-4555-8555-555555555555',
        name: 'Apps',
        eventTypes: [{ id: '66666666-6666-4666-8666-666666666666', name: 'Published app' }],
      },
    ],
  },
];

/** Seven events a minute apart (newest first), alternating between Orchestrator and Apps. */
const EVENTS = Array.from({ length: 7 }, (_, i) => ({
  id: `00000000-0000-4000-8000-00000000000${7 - i}`,
  createdOn: `2026-03-10T10:0${7 - i}:00.0000000Z`,
  actorName: 'Dana',
  eventType: i % 2 === 0 ? 'Created process' : 'Published app',
  eventSource: i % 2 === 0 ? 'Orchestrator' : 'Apps',
  eventTarget: i % 2 === 0 ? 'Processes' : 'Apps',
  eventDetails: '{}',
  status: 0,
}));

/**
 * A unified audit API in a few lines: keyset pages newest first, `maxCount` clamped to 3,
 * relative cursor links; `olderLink` says which of them leads to older events.
 */
function tenant(options: { olderLink?: 'previous' | 'next'; linkHost?: string } = {}) {
  const older = options.olderLink ?? 'previous';
  return recordingTransport((request: RecordedRequest) => {
    if (request.path.endsWith('/connect/token'))
      return { json: { access_token: 'tok-1', expires_in: 3600, token_type: 'Bearer' } };
    if (request.path.endsWith('/api/query/sources')) return { json: TREE };
    const { to, from, before, source } = request.query;
    const count = Math.min(Math.max(Number(request.query.maxCount ?? 50), 1), 3);
    const matching = EVENTS.filter(
      (e) =>
        (to === undefined || e.createdOn <= to) &&
        (from === undefined || e.createdOn >= from) &&
        (before === undefined || e.createdOn < before) &&
        (source === undefined ||
          e.eventSource === (source === ORCHESTRATOR ? 'Orchestrator' : 'Apps')),
    );
    const page = matching.slice(0, count);
    const last = page.at(-1);
    const rest = matching.length > page.length && last;
    const params = new URLSearchParams(
      Object.entries(request.query).filter(([k]) => k !== 'before'),
    );
    if (rest) params.set('before', last.createdOn);
    const link = rest ? `${options.linkHost ?? ''}${request.path}?${params.toString()}` : null;
    return {
      json: {
        auditEvents: page,
        [older]: link,
        [older === 'previous' ? 'next' : 'previous']: null,
      },
    };
  });
}

function unified(transport: ReturnType<typeof tenant>, options: object = {}) {
  return createSource(
    {
      id: 'unified',
      type: 'uipath-unified-audit',
      baseUrl: 'https://cloud.uipath.test',
      credentials: { clientId: 'app-1', clientSecret: SECRET },
      options: {
        organization: 'acme',
        scope: 'tenant',
        tenant: 'Production',
        pageSize: 3,
        ...options,
      },
    },
    { transport, rateLimit: false },
  );
}

const window = { from: '2026-03-10T10:00:00Z', to: '2026-03-10T10:10:00Z' };

describe('uipath-unified-audit requests', () => {
  it('walks the tenant API from the window end by its cursor links and proves the end', async () => {
    const transport = tenant();
    const stream = fetchEvents(unified(transport), window);
    const events = await collect(stream);
    // Newest first, as the API pages.
    expect(events.map((e) => e.occurredAt)).toEqual(
      EVENTS.map((e) => e.createdOn.replace('.0000000Z', '.000Z')),
    );
    const [token, ...data] = transport.requests;
    expect(token!.body).toBe(
      `grant_type=client_credentials&client_id=app-1&client_secret=${SECRET}&scope=PM.Audit.Read`,
    );
    expect(data.every((r) => r.path === '/acme/Production/tenantaudit_/api/query/events')).toBe(
      true,
    );
    expect(data.every((r) => r.headers.authorization === 'Bearer tok-1')).toBe(true);
    // One tick before the start and a millisecond past the end: every event of the window
    // whichever way the server reads its bounds.
    expect(data[0]!.query).toEqual({
      from: '2026-03-10T09:59:59.9999999Z',
      to: '2026-03-10T10:10:00.0010000Z',
      maxCount: '3',
    });
    expect(data.slice(1, 3).map((r) => r.query.before)).toEqual([
      '2026-03-10T10:05:00.0000000Z',
      '2026-03-10T10:02:00.0000000Z',
    ]);
    // The cursors ended: a last query anchored a tick after the oldest event returns nothing new.
    expect(data.at(-1)!.query).toMatchObject({ to: '2026-03-10T10:01:00.0000001Z' });
    expect(stream.report).toMatchObject({ status: 'complete', delivered: 7 });
    expect(stream.report.windows[0]!.method).toBe('cursor-exhausted');
    expect(JSON.stringify(transport.requests.slice(1))).not.toContain(SECRET);
  });

  it('takes an answer asked again that holds every record seen, while records are written late', async () => {
    // A window that fits one page (no cursor link to echo the query), a server that answers at
    // least 10 records whatever maxCount says, and a record dated 10:06:30 written after every
    // request: each check shows one the answer before it lacked, below its newest record.
    const events = [...EVENTS];
    let written = 0;
    const transport = recordingTransport((request: RecordedRequest) => {
      if (request.path.endsWith('/connect/token'))
        return { json: { access_token: 'tok-1', expires_in: 3600, token_type: 'Bearer' } };
      const { to, from } = request.query;
      const count = Math.max(Number(request.query.maxCount ?? 50), 10);
      const page = events
        .filter((e) => (!to || e.createdOn <= to) && (!from || e.createdOn >= from))
        .sort((a, b) => b.createdOn.localeCompare(a.createdOn))
        .slice(0, count);
      written++;
      events.push({
        ...EVENTS[0]!,
        id: `00000000-0000-4000-8000-1000000000${String(written).padStart(2, '0')}`,
        createdOn: `2026-03-10T10:06:30.${String(written).padStart(7, '0')}Z`,
      });
      return { json: { auditEvents: page, previous: null, next: null } };
    });
    const stream = fetchEvents(unified(transport, { pageSize: 50 }), window);
    const delivered = await collect(stream);
    expect(stream.report.status).toBe('complete');
    const ids = delivered.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    // The window's records, and the late ones that were there when the answer was taken.
    expect(EVENTS.every((e) => ids.includes(e.id))).toBe(true);
    expect(ids.filter((id) => id.includes('-1000000000')).length).toBeGreaterThan(0);
  });

  it('fails loudly when a cache keeps answering the full query with what it held before', async () => {
    // The full query always gets the first answer, without the record at 10:06:30 that the
    // small check query shows: no answer asked again holds it, so nothing proves the window.
    let cached: unknown;
    const late = { ...EVENTS[0]!, id: 'late-1', createdOn: '2026-03-10T10:06:30.0000000Z' };
    const transport = recordingTransport((request: RecordedRequest) => {
      if (request.path.endsWith('/connect/token'))
        return { json: { access_token: 'tok-1', expires_in: 3600, token_type: 'Bearer' } };
      const page = request.query.maxCount === '1' ? [EVENTS[0], late] : EVENTS;
      cached ??= { auditEvents: page, previous: null, next: null };
      return { json: request.query.maxCount === '1' ? { auditEvents: page } : cached };
    });
    const stream = fetchEvents(unified(transport, { pageSize: 50 }), window);
    await expect(collect(stream)).rejects.toMatchObject({ code: 'INCOMPLETE' });
  });

  it('learns that `next` leads to older events when the server has it that way', async () => {
    const stream = fetchEvents(unified(tenant({ olderLink: 'next' })), window);
    expect(await collect(stream)).toHaveLength(7);
    expect(stream.report.status).toBe('complete');
    expect(stream.report.behaviours.map((b) => b.code)).toContain('cursor-reversed');
  });

  it('resolves a service name to its GUID through the metadata, case-insensitively', async () => {
    const transport = tenant();
    const events = await collect(
      fetchEvents(unified(transport), { ...window, filters: { eventSource: 'orchestrator' } }),
    );
    expect(new Set(events.map((e) => e.category))).toEqual(new Set(['Orchestrator']));
    expect(events).toHaveLength(4);
    const data = transport.requests.filter((r) => r.path.endsWith('/events'));
    expect(data.every((r) => r.query.source === ORCHESTRATOR)).toBe(true);
    expect(transport.requests.filter((r) => r.path.endsWith('/sources'))).toHaveLength(1);
  });

  it('holds several values itself rather than trust an undocumented array encoding', async () => {
    const transport = tenant();
    const stream = fetchEvents(unified(transport), {
      ...window,
      filters: { eventSource: 'Orchestrator, Apps', eventType: 'Created process' },
    });
    const events = await collect(stream);
    expect(events.map((e) => e.action)).toEqual(Array(4).fill('Created process'));
    const data = transport.requests.filter((r) => r.path.endsWith('/events'));
    expect(data.every((r) => r.query.source === undefined)).toBe(true);
    expect(stream.report.caveats).toEqual([
      expect.stringContaining('filter eventSource with several values held by auditrelay'),
      expect.stringContaining('the live API keeps 90 days'),
    ]);
    // The one type GUID was sent; this server ignores it, which the records show.
    expect(data.every((r) => r.query.type === '44444444-4444-4444-8444-444444444444')).toBe(true);
  });

  it('names the known sources when a filter names one the organization does not have', async () => {
    const error = await collect(
      fetchEvents(unified(tenant()), { ...window, filters: { eventSource: 'Orchestratr' } }),
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'INPUT_INVALID' });
    expect((error as Error).message).toMatch(/eventSource "Orchestratr".*Apps, Orchestrator/);
  });

  it('never follows a cursor link to another host with the token', async () => {
    const transport = tenant({ linkHost: 'https://elsewhere.test' });
    const error = await collect(fetchEvents(unified(transport), window)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'RESPONSE_INVALID' });
    expect(transport.requests.every((r) => !r.path.includes('elsewhere'))).toBe(true);
  });

  it('asks for the tenant when the scope is tenant', () => {
    expect(() =>
      parseSourceConfig({
        id: 'u',
        type: 'uipath-unified-audit',
        baseUrl: 'https://cloud.uipath.com',
        credentials: { clientId: 'a', clientSecret: 'b' },
        options: { organization: 'acme', scope: 'tenant' },
      }),
    ).toThrow(/options\.tenant.*scope is "tenant"/);
  });
});
