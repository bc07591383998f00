import {
  ApiBlueprint,
  createExternalRouteRef,
  createFrontendPlugin,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { RiShieldCheckLine } from '@remixicon/react';
import { AuditLogsClient, auditLogsApiRef } from './api.js';

/** The route of the Audit Logs page (`/audit-logs` by default). */
export const rootRouteRef = createRouteRef();

/**
 * The catalog's entity page, where actors resolved to a User entity link to. Bound by default
 * to `catalog.catalogEntity`; without the catalog plugin actors show as plain text.
 */
export const catalogEntityRouteRef = createExternalRouteRef({
  params: ['namespace', 'kind', 'name'],
  defaultTarget: 'catalog.catalogEntity',
});

export const auditLogsApi = ApiBlueprint.make({
  params: (defineParams) =>
    defineParams({
      api: auditLogsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) => new AuditLogsClient({ discoveryApi, fetchApi }),
    }),
});

export const auditLogsPage = PageBlueprint.make({
  params: {
    path: '/audit-logs',
    title: 'Audit logs',
    icon: <RiShieldCheckLine />,
    routeRef: rootRouteRef,
    loader: () =>
      import('./components/CatalogAwarePage.js').then((m) => (
        <m.CatalogAwarePage catalogEntityRoute={catalogEntityRouteRef} />
      )),
  },
});

/** The audit-logs frontend plugin for the new frontend system: `features: [auditLogsPlugin]`. */
export const auditLogsPlugin = createFrontendPlugin({
  pluginId: 'audit-logs',
  title: 'Audit logs',
  icon: <RiShieldCheckLine />,
  extensions: [auditLogsApi, auditLogsPage],
  routes: { root: rootRouteRef },
  externalRoutes: { catalogEntity: catalogEntityRouteRef },
});
