import {
  createApiFactory,
  createExternalRouteRef,
  createPlugin,
  createRoutableExtension,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { AuditLogsClient, auditLogsApiRef } from './api.js';
import type { AuditLogsPageProps } from './components/AuditLogsPage.js';

/** The legacy frontend system's route of the page. */
export const legacyRootRouteRef = createRouteRef({ id: 'audit-logs' });

/**
 * The catalog's entity page for actors resolved to a User entity; optional, bound by default
 * to the catalog's entity page (`bindRoutes` can bind it elsewhere).
 */
export const legacyCatalogEntityRouteRef = createExternalRouteRef({
  id: 'audit-logs-catalog-entity',
  params: ['namespace', 'kind', 'name'],
  optional: true,
  defaultTarget: 'catalog.catalogEntity',
});

/**
 * The plugin for apps on the legacy frontend system (`@backstage/app-defaults`):
 * `<Route path="/audit-logs" element={<LegacyAuditLogsPage />} />`.
 */
export const legacyAuditLogsPlugin = createPlugin({
  id: 'audit-logs',
  apis: [
    createApiFactory({
      api: auditLogsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) => new AuditLogsClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: { root: legacyRootRouteRef },
  externalRoutes: { catalogEntity: legacyCatalogEntityRouteRef },
});

/** The Audit Logs page as a routable extension of the legacy plugin. */
export const LegacyAuditLogsPage = legacyAuditLogsPlugin.provide(
  createRoutableExtension({
    name: 'AuditLogsPage',
    component: () =>
      import('./components/LegacyPage.js').then(
        ({ LegacyPage }) =>
          function AuditLogsLegacyPage(props: AuditLogsPageProps) {
            return <LegacyPage {...props} catalogEntityRoute={legacyCatalogEntityRouteRef} />;
          },
      ),
    mountPoint: legacyRootRouteRef,
  }),
);
