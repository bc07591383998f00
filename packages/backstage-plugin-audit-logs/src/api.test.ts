import { ResponseError } from '@backstage/errors';
import { describe, expect, it } from 'vitest';
import { AuditLogsClient, eventsQueryString } from './api.js';

function client(respond: (url: string, init?: RequestInit) => Response) {
  const calls: { url: string; init?: RequestInit }[] = [];
  const api = new AuditLogsClient({
    discoveryApi: { getBaseUrl: (id) => Promise.resolve(`http://backstage.test/api/${id}`) },
    fetchApi: {
      fetch: ((url: string, init?: RequestInit) => {
        calls.push({ url, init });
        return Promise.resolve(respond(url, init));
      }) as typeof fetch,
    },
  });
  return { api, calls };
}

describe('AuditLogsClient', () => {
  it('calls the discovered base URL through fetchApi with the filters as query parameters', async () => {
    const { api, calls } = client(() => Response.json({ items: [], nextCursor: 'abc' }));
    const res = await api.listEvents({
      source: ['kore-xo', 'uipath-platform'],
      from: '2026-11-01T00:00:00.000Z',
      actor: ' alice@example.com ',
      q: '',
      limit: 25,
      cursor: 'c1',
    });
    expect(res.nextCursor).toBe('abc');
    const url = new URL(calls[0]!.url);
    expect(url.origin + url.pathname).toBe('http://backstage.test/api/audit-logs/events');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      source: 'kore-xo,uipath-platform',
      from: '2026-11-01T00:00:00.000Z',
      actor: 'alice@example.com',
      cursor: 'c1',
      limit: '25',
    });
    await api.listSources();
    await api.getEvent('a/b');
    expect(calls.slice(1).map((c) => c.url)).toEqual([
      'http://backstage.test/api/audit-logs/sources',
      'http://backstage.test/api/audit-logs/events/a%2Fb',
    ]);
    expect(await api.getExportUrl({ category: 'Login', cursor: 'x', format: 'csv' })).toBe(
      'http://backstage.test/api/audit-logs/events/export?category=Login&format=csv',
    );
  });

  it('asks /stats and /facets with the same filters, the new ones included', async () => {
    const stats = { interval: 'day', groupBy: 'outcome', keys: ['success'], buckets: [] };
    const { api, calls } = client((url) =>
      Response.json(url.includes('/stats') ? stats : { facets: { action: [] } }),
    );
    const filters = {
      source: ['kore-xo'],
      outcome: 'failure',
      user: 'user:default/jane.doe',
      group: ' ',
    };
    expect(await api.getStats({ ...filters, interval: 'day', groupBy: 'outcome' })).toEqual(stats);
    expect(await api.getFacets({ ...filters, field: ['action', 'actor'], limit: 50 })).toEqual({
      facets: { action: [] },
    });
    const [statsUrl, facetsUrl] = calls.map((c) => new URL(c.url));
    expect(statsUrl!.pathname).toBe('/api/audit-logs/stats');
    expect([...statsUrl!.searchParams]).toEqual([
      ['source', 'kore-xo'],
      ['outcome', 'failure'],
      ['user', 'user:default/jane.doe'],
      ['interval', 'day'],
      ['groupBy', 'outcome'],
    ]);
    expect(facetsUrl!.pathname).toBe('/api/audit-logs/facets');
    expect([...facetsUrl!.searchParams]).toEqual([
      ['source', 'kore-xo'],
      ['outcome', 'failure'],
      ['user', 'user:default/jane.doe'],
      ['field', 'action'],
      ['field', 'actor'],
      ['limit', '50'],
    ]);
  });

  it('downloads an export through fetchApi with the name the backend gives', async () => {
    const { api, calls } = client(
      () =>
        new Response('a,b\n', {
          headers: { 'content-disposition': 'attachment; filename="audit-events.csv"' },
        }),
    );
    const { blob, fileName } = await api.exportEvents({ source: ['kore-xo'] }, 'csv');
    expect(fileName).toBe('audit-events.csv');
    expect(await blob.text()).toBe('a,b\n');
    expect(calls[0]!.url).toBe(
      'http://backstage.test/api/audit-logs/events/export?source=kore-xo&format=csv',
    );
  });

  it('throws a ResponseError with the status and the backend message', async () => {
    const { api } = client(() =>
      Response.json(
        {
          error: { name: 'InputError', message: 'limit must be ≤ 500' },
          response: { statusCode: 400 },
        },
        { status: 400 },
      ),
    );
    const error = await api.listEvents({ limit: 501 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect((error as ResponseError).statusCode).toBe(400);
    expect((error as ResponseError).body.error.message).toBe('limit must be ≤ 500');
  });

  it('builds an empty query string when nothing is set', () => {
    expect(eventsQueryString({})).toBe('');
  });
});
