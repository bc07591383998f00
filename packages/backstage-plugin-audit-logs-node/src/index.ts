/**
 * Extension points of the `audit-logs` backend plugin, for backend modules: add source types
 * (beside the built-in ones from `@auditrelay/core`) and export formats.
 *
 * @packageDocumentation
 */
export {
  auditLogsSourceTypesExtensionPoint,
  type AuditLogSourceFactory,
  type AuditLogSourceType,
  type AuditLogsSourceTypesExtensionPoint,
  type AuditLogSyncSettings,
  type CreatedAuditLogSource,
} from './source-types.js';
export {
  auditLogsExportFormatsExtensionPoint,
  type AuditLogExportFormat,
  type AuditLogsExportFormatsExtensionPoint,
  type StoredAuditEvent,
} from './export-formats.js';
export {
  auditLogSourceConditions,
  auditLogSourcePermissionResourceRef,
  auditLogSourcePermissionRules,
  createAuditLogSourceConditionalDecision,
  isSource,
  isSourceType,
  type AuditLogSourceQuery,
  type AuditLogSourceResource,
} from './source-permissions.js';
