import {
  ApiBlueprint,
  createFrontendPlugin,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { AuditLogsClient, auditLogsApiRef } from './api.js';

/** The route of the Audit Logs page (`/audit-logs` by default). */
export const rootRouteRef = createRouteRef();

/** Shield icon for the nav item (an inline SVG: no icon library needed). */
function ShieldIcon() {
  return (
    <svg width="20" height="20" viewBox="0 0 24 24" fill="currentColor" aria-hidden="true">
      <path d="M12 1 3 5v6c0 5.55 3.84 10.74 9 12 5.16-1.26 9-6.45 9-12V5l-9-4Zm0 10.99h7c-.53 4.12-3.28 7.79-7 8.94V12H5V6.3l7-3.11v8.8Z" />
    </svg>
  );
}

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
    icon: <ShieldIcon />,
    routeRef: rootRouteRef,
    loader: () => import('./components/AuditLogsPage.js').then((m) => <m.AuditLogsPage />),
  },
});

/** The audit-logs frontend plugin for the new frontend system: `features: [auditLogsPlugin]`. */
export const auditLogsPlugin = createFrontendPlugin({
  pluginId: 'audit-logs',
  title: 'Audit logs',
  icon: <ShieldIcon />,
  extensions: [auditLogsApi, auditLogsPage],
  routes: { root: rootRouteRef },
});
