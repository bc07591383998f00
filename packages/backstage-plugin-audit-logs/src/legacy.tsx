import {
  createApiFactory,
  createPlugin,
  createRoutableExtension,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { AuditLogsClient, auditLogsApiRef } from './api.js';

/** The legacy frontend system's route of the page. */
export const legacyRootRouteRef = createRouteRef({ id: 'audit-logs' });

/**
 * The plugin for apps on the legacy frontend system (`@backstage/app-defaults`):
 * `<Route path="/audit-logs" element={<AuditLogsPage />} />`.
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
});

/** The Audit Logs page as a routable extension of the legacy plugin. */
export const LegacyAuditLogsPage = legacyAuditLogsPlugin.provide(
  createRoutableExtension({
    name: 'AuditLogsPage',
    component: () => import('./components/AuditLogsPage.js').then((m) => m.AuditLogsPage),
    mountPoint: legacyRootRouteRef,
  }),
);
