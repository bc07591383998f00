// The plugin inside a real new-frontend-system app (Backstage's test app): the PageBlueprint
// mounts the page at /audit-logs and the ApiBlueprint's factory builds the client from the
// app's discoveryApi and fetchApi.
import { discoveryApiRef, fetchApiRef } from '@backstage/frontend-plugin-api';
import { renderTestApp } from '@backstage/frontend-test-utils';
import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import auditLogsPlugin from './index.js';
import { SOURCES, makeEvent } from './testing/fake-api.js';

afterEach(cleanup);

describe('auditLogsPlugin in a Backstage app', () => {
  it('serves the page at /audit-logs, calling the backend through discoveryApi + fetchApi', async () => {
    const requests: string[] = [];
    const {
      raw: _raw,
      changes: _changes,
      schemaVersion: _s,
      originalTime: _o,
      ...summary
    } = makeEvent(1);
    const fetchImpl = (input: RequestInfo | URL) => {
      const url = new URL(input instanceof Request ? input.url : input);
      requests.push(url.pathname + url.search);
      const body = url.pathname.endsWith('/sources') ? { items: SOURCES } : { items: [summary] };
      return Promise.resolve(Response.json(body));
    };
    renderTestApp({
      features: [auditLogsPlugin],
      initialRouteEntries: ['/audit-logs'],
      apis: [
        [
          discoveryApiRef,
          { getBaseUrl: (id: string) => Promise.resolve(`http://backend.test/api/${id}`) },
        ],
        [fetchApiRef, { fetch: fetchImpl }],
      ],
    });
    const table = await screen.findByRole('table', { name: 'Audit events' }, { timeout: 10_000 });
    expect(within(table).getByText('Event number 1')).toBeTruthy();
    expect(requests).toContain('/api/audit-logs/sources');
    expect(requests.some((r) => r.startsWith('/api/audit-logs/events?'))).toBe(true);
  });
});
