/**
 * Shared by the audit-logs backend and any frontend: permissions and the API's types.
 *
 * @packageDocumentation
 */
export {
  auditLogsEventReadPermission,
  auditLogsPermissions,
  auditLogsSourceSyncPermission,
} from './permissions.js';
export {
  BUILT_IN_EXPORT_FORMATS,
  DEFAULT_EVENTS_PAGE_SIZE,
  MAX_EVENTS_PAGE_SIZE,
  type AuditLogEventDetail,
  type AuditLogEventQuery,
  type AuditLogEventSummary,
  type AuditLogFacetField,
  type AuditLogFacetsRequest,
  type AuditLogFacetsResponse,
  type AuditLogsErrorResponse,
  type AuditLogSourceError,
  type AuditLogSourceStatus,
  type AuditLogStatsGroupBy,
  type AuditLogStatsInterval,
  type AuditLogStatsRequest,
  type AuditLogStatsResponse,
  type ListEventsRequest,
  type ListEventsResponse,
  type ListSourcesResponse,
  type SyncSourceResponse,
} from './api-types.js';
