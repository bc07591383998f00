import { createPermission } from '@backstage/plugin-permission-common';

/** Read stored audit events and source status (`GET /sources`, `/events`, `/events/:id`, export). */
export const auditLogsEventReadPermission = createPermission({
  name: 'audit-logs.event.read',
  attributes: { action: 'read' },
});

/** Start an ingestion run of a source now (`POST /sources/:id/sync`). */
export const auditLogsSourceSyncPermission = createPermission({
  name: 'audit-logs.source.sync',
  attributes: { action: 'update' },
});

/** Every permission of the audit-logs plugin, for `permissionsRegistry.addPermissions`. */
export const auditLogsPermissions = [auditLogsEventReadPermission, auditLogsSourceSyncPermission];
