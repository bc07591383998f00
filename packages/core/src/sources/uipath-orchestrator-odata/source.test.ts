import { describe, expect, it } from 'vitest';
import { recordingTransport } from '../../__testing__/recording-transport.js';
import { createSource } from '../../create-source.js';
import type { HttpTransport } from '../../http/transport.js';
import { fetchEvents } from '../../sync/fetch-events.js';
import { collect } from '../../testing.js';

const SECRET = 'canary-orch-client-secret-a41d';
const BASE_HEADERS = {
  accept: 'application/json',
  'user-agent': 'auditrelay',
  'cache-control': 'no-cache',
};
const records = [101, 102, 103].map((Id, i) => ({
  Id,
  ExecutionTime: `2022-10-12T${String(9 + i).padStart(2, '0')}:00:00.000Z`,
  Action: 'Update',
  Component: 'Assets',
  UserName: 'admin',
}));

/** The OData the connector uses: `$filter` clauses joined by `and`, `$orderby` on Id, `$top`, `$skip`. */
function odata(query: Record<string, string>) {
  let rows = [...records];
  for (const clause of (query.$filter ?? '').split(' and ').filter(Boolean)) {
    const [field, op, value] = clause.split(' ') as [string, string, string];
    const key = (r: (typeof records)[number]) =>
      field === 'Id' ? r.Id : Date.parse(r.ExecutionTime);
    const bound = field === 'Id' ? Number(value) : Date.parse(value);
    rows = rows.filter((r) =>
      op === 'gt' ? key(r) > bound : op === 'ge' ? key(r) >= bound : key(r) <= bound,
    );
  }
  if (query.$orderby === 'Id desc') rows.reverse();
  const skip = Number(query.$skip ?? 0);
  return { '@odata.count': rows.length, value: rows.slice(skip, skip + Number(query.$top)) };
}

/** A tenant whose identity server grants `tok-1` and whose OData endpoint holds `records`. */
const tenant = () =>
  recordingTransport((request) =>
    request.path.endsWith('/connect/token')
      ? { json: { access_token: 'tok-1', expires_in: 3600, token_type: 'Bearer' } }
      : { json: odata(request.query) },
  );

function orchestrator(transport: HttpTransport, baseUrl: string, options: object) {
  return createSource(
    {
      id: 'orch',
      type: 'uipath-orchestrator-odata',
      baseUrl,
      credentials: { clientId: 'app-1', clientSecret: SECRET },
      options: { organization: 'acme', tenant: 'Default', ...options },
    },
    { transport, rateLimit: false },
  );
}

describe('uipath-orchestrator-odata requests', () => {
  it('gets a token, then walks the Id keyset with $filter, $orderby, $top and $count', async () => {
    const transport = tenant();
    const source = orchestrator(transport, 'https://cloud.uipath.test', { pageSize: 2 });
    const events = await collect(
      fetchEvents(source, { from: '2022-10-12T00:00:00Z', to: '2022-10-13T00:00:00Z' }),
    );
    expect(events.map((e) => e.id)).toEqual(['101', '102', '103']);

    const [token, newest, first, next] = transport.requests;
    expect(transport.requests).toHaveLength(4);
    expect(token).toEqual({
      method: 'POST',
      path: '/identity_/connect/token',
      query: {},
      headers: { ...BASE_HEADERS, 'content-type': 'application/x-www-form-urlencoded' },
      body: `grant_type=client_credentials&client_id=app-1&client_secret=${SECRET}&scope=OR.Audit.Read`,
    });
    const list = {
      method: 'GET',
      path: '/acme/Default/orchestrator_/odata/AuditLogs',
      headers: {
        ...BASE_HEADERS,
        'content-type': 'application/json',
        'x-UIPATH-AuditedService': 'Orchestrator',
        authorization: 'Bearer tok-1',
      },
    };
    const window =
      'ExecutionTime ge 2022-10-12T00:00:00.000Z and ExecutionTime le 2022-10-13T00:00:00.000Z';
    // The newest record first: its id bounds the walk, which stops there (Id 103) with no empty
    // page to ask for; records arriving meanwhile are the next read's.
    expect(newest).toEqual({
      ...list,
      query: { $top: '2', $orderby: 'Id desc', $count: 'true' },
    });
    expect(first).toEqual({
      ...list,
      query: { $top: '2', $orderby: 'Id asc', $count: 'true', $filter: window },
    });
    expect(next).toEqual({
      ...list,
      query: { $top: '2', $orderby: 'Id asc', $count: 'true', $filter: `Id gt 102 and ${window}` },
    });
  });

  it('names the tenant in a header on a standalone Orchestrator', async () => {
    const transport = tenant();
    const source = orchestrator(transport, 'https://orchestrator.acme.test', {
      deployment: 'standalone',
    });
    await collect(
      fetchEvents(source, { from: '2022-10-12T00:00:00Z', to: '2022-10-13T00:00:00Z' }),
    );
    expect(transport.requests[0]!.path).toBe('/identity/connect/token');
    // OData at the server's root: no organization, tenant or orchestrator_ in the path.
    expect(transport.requests[1]!.path).toBe('/odata/AuditLogs');
    expect(transport.requests[1]!.headers).toMatchObject({
      'x-UIPATH-AuditedService': 'Orchestrator',
      'X-UIPATH-TenantName': 'Default',
    });
  });
});

describe('uipath-orchestrator-odata at the end of its keyset', () => {
  /** A tenant that sends no count, whose keyset answers in `empties` say "nothing more". */
  const withoutCount = (empties: (walked: string | undefined) => boolean) =>
    recordingTransport((request) => {
      if (request.path.endsWith('/connect/token'))
        return { json: { access_token: 'tok-1', expires_in: 3600, token_type: 'Bearer' } };
      const { value } = odata(request.query);
      const walked = /Id gt (\d+)/.exec(request.query.$filter ?? '')?.[1];
      const keysetPage = request.query.$orderby === 'Id asc';
      return { json: { value: keysetPage && empties(walked) ? [] : value } };
    });
  const range = { from: '2022-10-12T00:00:00Z', to: '2022-10-13T00:00:00Z' };

  it('does not end on one empty page that a second query contradicts', async () => {
    let once = true;
    // The page after Id 102 is answered empty once (a stale replica, a repeated answer).
    const transport = withoutCount((walked) => walked === '102' && once && !(once = false));
    const stream = fetchEvents(
      orchestrator(transport, 'https://cloud.test', { pageSize: 2 }),
      range,
    );
    expect((await collect(stream)).map((e) => e.id)).toEqual(['101', '102', '103']);
    expect(stream.report.status).toBe('complete');
    expect(stream.report.behaviours.map((b) => b.code)).toContain('end-disputed');
  });

  it('fails loudly when empty pages keep contradicting the second query', async () => {
    const transport = withoutCount((walked) => walked === '102');
    const stream = fetchEvents(
      orchestrator(transport, 'https://cloud.test', { pageSize: 2 }),
      range,
    );
    await expect(collect(stream)).rejects.toMatchObject({
      code: 'INCOMPLETE',
      message: expect.stringContaining('while a second query found more') as string,
    });
  });
});
