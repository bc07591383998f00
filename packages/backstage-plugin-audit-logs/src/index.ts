/**
 * The audit-logs Backstage frontend plugin: an Audit Logs page over the audit-logs backend.
 *
 * New frontend system: `export default` (also `auditLogsPlugin`). Legacy system:
 * `legacyAuditLogsPlugin` and `LegacyAuditLogsPage`.
 *
 * @packageDocumentation
 */
import { auditLogsPlugin } from './plugin.js';

export default auditLogsPlugin;
export {
  auditLogsApi,
  auditLogsPage,
  auditLogsPlugin,
  catalogEntityRouteRef,
  rootRouteRef,
} from './plugin.js';
export {
  LegacyAuditLogsPage,
  legacyAuditLogsPlugin,
  legacyCatalogEntityRouteRef,
  legacyRootRouteRef,
} from './legacy.js';
export { AuditLogsClient, auditLogsApiRef, eventsQueryString, type AuditLogsApi } from './api.js';
export { AuditLogsPage, type AuditLogsPageProps } from './components/AuditLogsPage.js';
export { chartModel, type ChartBar, type ChartModel } from './components/chart-model.js';
export { toQuery, type FilterValues, type RangePreset } from './components/query.js';
