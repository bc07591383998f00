import { createPermission } from '@backstage/plugin-permission-common';
import { AUDIT_LOG_SOURCE_RESOURCE_TYPE } from './api-types.js';

/** Read stored audit events and source status (`GET /sources`, `/events`, `/events/:id`, export). */
export const auditLogsEventReadPermission = createPermission({
  name: 'audit-logs.event.read',
  attributes: { action: 'read' },
});

/**
 * Read the events and status of one source (resource type `audit-log-source`). Checked on every
 * read together with `audit-logs.event.read`: a policy answers ALLOW, DENY, or a conditional
 * decision (`isSource`, `isSourceType`) that the backend applies in its SQL, so a group can be
 * given some sources only.
 */
export const auditLogsSourceReadPermission = createPermission({
  name: 'audit-logs.source.read',
  attributes: { action: 'read' },
  resourceType: AUDIT_LOG_SOURCE_RESOURCE_TYPE,
});

/** Start an ingestion run of a source now (`POST /sources/:id/sync`). */
export const auditLogsSourceSyncPermission = createPermission({
  name: 'audit-logs.source.sync',
  attributes: { action: 'update' },
});

/** Every permission of the audit-logs plugin, for `permissionsRegistry.addPermissions`. */
export const auditLogsPermissions = [
  auditLogsEventReadPermission,
  auditLogsSourceReadPermission,
  auditLogsSourceSyncPermission,
];
