// The legacy export in a legacy-system test app (@backstage/test-utils): the routable extension
// renders the page with its own header, and actors link to the catalog only when the app binds
// the optional catalogEntity route.
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { auditLogsApiRef } from './api.js';
import { Route, Routes } from 'react-router-dom';
import { LegacyAuditLogsPage, legacyCatalogEntityRouteRef } from './legacy.js';
import { FakeAuditLogsApi, SOURCES, makeEvent } from './testing/fake-api.js';

afterEach(cleanup);

function page() {
  const api = new FakeAuditLogsApi(SOURCES, [makeEvent(1), makeEvent(3)]);
  return (
    <TestApiProvider apis={[[auditLogsApiRef, api]]}>
      <Routes>
        <Route path="/audit-logs" element={<LegacyAuditLogsPage />} />
      </Routes>
    </TestApiProvider>
  );
}

describe('LegacyAuditLogsPage', () => {
  it('renders the page under its own header, actors as text without a catalog', async () => {
    await renderInTestApp(page(), {
      routeEntries: ['/audit-logs'],
    });
    // The first render loads the page's module lazily: give it time.
    expect(
      await screen.findByRole('heading', { name: 'Audit logs' }, { timeout: 10_000 }),
    ).toBeTruthy();
    const table = await screen.findByRole('grid', { name: 'Audit events' });
    expect(await within(table).findByText('User 1')).toBeTruthy();
    expect(within(table).queryByRole('link')).toBeNull();
  });

  it('links actors to the catalog entity page the app binds', async () => {
    await renderInTestApp(page(), {
      routeEntries: ['/audit-logs'],
      mountedRoutes: {
        '/catalog/:namespace/:kind/:name': legacyCatalogEntityRouteRef,
      },
    });
    const table = await screen.findByRole('grid', { name: 'Audit events' });
    const link = await within(table).findByRole('link', { name: 'User 1' });
    expect(link.getAttribute('href')).toBe('/catalog/default/user/user1');
    // Event 3's actor is not in the catalog.
    expect(within(table).getByText('User 0').closest('a')).toBeNull();
  });
});
