import { describe, expect, it } from 'vitest';
import { recordingTransport } from '../../__testing__/recording-transport.js';
import { createSource } from '../../create-source.js';
import type { HttpTransport } from '../../http/transport.js';
import { fetchEvents } from '../../sync/fetch-events.js';
import { collect } from '../../testing.js';

const SECRET = 'canary-pm-client-secret-5be0';
const BASE_HEADERS = {
  accept: 'application/json',
  'user-agent': 'auditrelay',
  'cache-control': 'no-cache',
};
const TIMES = [
  '2021-10-14T10:00:00.0000000+00:00',
  '2021-10-14T11:00:00.0000000+00:00',
  '2021-10-14T12:00:00.0000000+00:00',
  '2021-10-14T13:00:00.0000000+00:00',
];
const records = TIMES.map((createdOn, i) => ({
  createdOn,
  category: 'User',
  action: 'Login',
  userName: `user${i}`,
  message: `User ${i} logged in`,
  source: 'Cis',
}));

/** An organization whose identity server grants `tok-1` and whose audit API holds `held`. */
const organization = (held: typeof records) =>
  recordingTransport((request) => {
    if (request.path.endsWith('/connect/token'))
      return { json: { access_token: 'tok-1', expires_in: 3600, token_type: 'Bearer' } };
    const skip = Number(request.query.skip);
    const top = Number(request.query.top);
    return { json: { totalCount: held.length, results: held.slice(skip, skip + top) } };
  });

function platformAudit(transport: HttpTransport, options: object) {
  return createSource(
    {
      id: 'pm',
      type: 'uipath-platform-audit',
      baseUrl: 'https://cloud.uipath.test',
      credentials: { clientId: 'app-1', clientSecret: SECRET },
      options: { organization: 'acme', ...options },
    },
    { transport, rateLimit: false },
  );
}

describe('uipath-platform-audit requests', () => {
  it('gets a client-credentials token, then pages createdOn ascending with top/skip', async () => {
    const transport = organization(records);
    const source = platformAudit(transport, { tenant: 'Default', pageSize: 2 });
    const events = await collect(
      fetchEvents(source, { from: '2021-10-14T00:00:00Z', to: '2021-10-15T00:00:00Z' }),
    );
    expect(events.map((e) => e.actor.name)).toEqual(['user0', 'user1', 'user2', 'user3']);

    const [token, ...pages] = transport.requests;
    expect(token).toEqual({
      method: 'POST',
      path: '/identity_/connect/token',
      query: {},
      headers: { ...BASE_HEADERS, 'content-type': 'application/x-www-form-urlencoded' },
      body: `grant_type=client_credentials&client_id=app-1&client_secret=${SECRET}&scope=PM.Audit.Read`,
    });
    for (const page of pages) {
      expect(page).toMatchObject({
        method: 'GET',
        path: '/acme/Default/audit_/api/auditlogs',
        headers: {
          ...BASE_HEADERS,
          'content-type': 'application/json',
          authorization: 'Bearer tok-1',
        },
      });
    }
    const order = { language: 'en', sortBy: 'createdOn', sortOrder: 'asc' };
    // Each page overlaps the one before by a record, so a shifted page is seen, never skipped.
    expect(pages.map((page) => page.query)).toEqual([
      { ...order, top: '2', skip: '0' },
      { ...order, top: '2', skip: '1' },
      { ...order, top: '2', skip: '2' },
      { ...order, top: '2', skip: '3' },
    ]);
  });

  it('adds the partition to the path and api-version to the query when configured', async () => {
    const transport = organization([]);
    const source = platformAudit(transport, {
      partitionGlobalId: '8c1b7f0e-0000-4000-8000-000000000001',
      apiVersion: '2',
      language: 'de',
    });
    await collect(
      fetchEvents(source, { from: '2021-10-14T00:00:00Z', to: '2021-10-15T00:00:00Z' }),
    );
    expect(transport.requests[1]).toMatchObject({
      path: '/acme/audit_/api/auditlogs/8c1b7f0e-0000-4000-8000-000000000001',
      query: { language: 'de', 'api-version': '2', skip: '0', sortOrder: 'asc' },
    });
  });
});
