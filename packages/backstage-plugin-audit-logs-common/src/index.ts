/**
 * Shared by the audit-logs backend and any frontend: permissions and the API's types.
 *
 * @packageDocumentation
 */
export {
  auditLogsEventReadPermission,
  auditLogsPermissions,
  auditLogsSourceReadPermission,
  auditLogsSourceSyncPermission,
} from './permissions.js';
export {
  AUDIT_LOG_FACET_FIELDS,
  AUDIT_LOG_SOURCE_RESOURCE_TYPE,
  BUILT_IN_EXPORT_FORMATS,
  DEFAULT_EVENTS_PAGE_SIZE,
  DEFAULT_FACET_LIMIT,
  MAX_EVENTS_PAGE_SIZE,
  MAX_FACET_LIMIT,
  MAX_STATS_BUCKETS,
  type AuditLogEventDetail,
  type AuditLogEventQuery,
  type AuditLogEventSummary,
  type AuditLogFacetField,
  type AuditLogFacetsRequest,
  type AuditLogFacetsResponse,
  type AuditLogFacetValue,
  type AuditLogsErrorResponse,
  type AuditLogSourceCompleteness,
  type AuditLogSourceError,
  type AuditLogSourceStatus,
  type AuditLogStatsBucket,
  type AuditLogStatsGroupBy,
  type AuditLogStatsInterval,
  type AuditLogStatsRequest,
  type AuditLogStatsResponse,
  type ListEventsRequest,
  type ListEventsResponse,
  type ListSourcesResponse,
  type SyncSourceResponse,
} from './api-types.js';
