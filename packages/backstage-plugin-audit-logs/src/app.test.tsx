// The plugin inside a real new-frontend-system app (Backstage's test app): the PageBlueprint
// mounts the page at /audit-logs, the ApiBlueprint's factory builds the client from the app's
// discoveryApi and fetchApi, and the catalogEntity external route binds by default to a
// plugin `catalog`'s `catalogEntity` route.
import {
  createFrontendPlugin,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { renderTestApp } from '@backstage/frontend-test-utils';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import auditLogsPlugin from './index.js';
import { SOURCES, makeEvent } from './testing/fake-api.js';

afterEach(cleanup);

/** Stands in for @backstage/plugin-catalog: only its entity page route matters here. */
const entityRouteRef = createRouteRef({ params: ['namespace', 'kind', 'name'] });
const catalogStandIn = createFrontendPlugin({
  pluginId: 'catalog',
  routes: { catalogEntity: entityRouteRef },
  extensions: [
    PageBlueprint.make({
      name: 'entity',
      params: {
        path: '/catalog/:namespace/:kind/:name',
        routeRef: entityRouteRef,
        loader: () => Promise.resolve(<p>entity page</p>),
      },
    }),
  ],
});

function backend() {
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
    const body = url.pathname.endsWith('/sources')
      ? { items: SOURCES }
      : url.pathname.endsWith('/stats')
        ? { interval: 'day', groupBy: 'category', keys: [], buckets: [] }
        : url.pathname.endsWith('/facets')
          ? { facets: {} }
          : { items: [summary] };
    return Promise.resolve(Response.json(body));
  };
  const apis = [
    [
      discoveryApiRef,
      { getBaseUrl: (id: string) => Promise.resolve(`http://backend.test/api/${id}`) },
    ],
    [fetchApiRef, { fetch: fetchImpl }],
  ] as const;
  return { requests, apis };
}

describe('auditLogsPlugin in a Backstage app', () => {
  it('serves the page at /audit-logs, calling the backend through discoveryApi + fetchApi', async () => {
    const { requests, apis } = backend();
    renderTestApp({
      features: [auditLogsPlugin],
      initialRouteEntries: ['/audit-logs'],
      apis: [...apis],
    });
    const table = await screen.findByRole('grid', { name: 'Audit events' }, { timeout: 10_000 });
    await waitFor(() => expect(within(table).getByText('Event number 1')).toBeTruthy());
    // The app's page layout draws the plugin header with the page title.
    expect(screen.getAllByText('Audit logs').length).toBeGreaterThan(0);
    expect(requests).toContain('/api/audit-logs/sources');
    expect(requests.some((r) => r.startsWith('/api/audit-logs/events?'))).toBe(true);
    expect(requests.some((r) => r.startsWith('/api/audit-logs/stats?'))).toBe(true);
    expect(requests.some((r) => r.startsWith('/api/audit-logs/facets?'))).toBe(true);
    // No catalog in this app: the actor is plain text.
    expect(within(table).queryByRole('link')).toBeNull();
  });

  it("links the actor to the catalog's entity page when the catalog is installed", async () => {
    const { apis } = backend();
    renderTestApp({
      features: [auditLogsPlugin, catalogStandIn],
      initialRouteEntries: ['/audit-logs'],
      apis: [...apis],
    });
    const table = await screen.findByRole('grid', { name: 'Audit events' }, { timeout: 10_000 });
    const link = await within(table).findByRole('link', { name: 'User 1' });
    expect(link.getAttribute('href')).toBe('/catalog/default/user/user1');
  });
});
