import { isPermission, isResourcePermission } from '@backstage/plugin-permission-common';
import { describe, expect, it } from 'vitest';
import {
  AUDIT_LOG_SOURCE_RESOURCE_TYPE,
  auditLogsEventReadPermission,
  auditLogsPermissions,
  auditLogsSourceReadPermission,
  auditLogsSourceSyncPermission,
} from './index.js';

describe('permissions', () => {
  it('names the read and sync permissions as the plugin documents them', () => {
    expect(auditLogsPermissions.map((p) => p.name)).toEqual([
      'audit-logs.event.read',
      'audit-logs.source.read',
      'audit-logs.source.sync',
    ]);
    expect(isPermission(auditLogsEventReadPermission, auditLogsEventReadPermission)).toBe(true);
    expect(auditLogsEventReadPermission.type).toBe('basic');
    expect(auditLogsSourceSyncPermission.attributes.action).toBe('update');
  });

  it('has a per-source read permission on the audit-log-source resource type', () => {
    expect(AUDIT_LOG_SOURCE_RESOURCE_TYPE).toBe('audit-log-source');
    expect(isResourcePermission(auditLogsSourceReadPermission, 'audit-log-source')).toBe(true);
    expect(auditLogsSourceReadPermission.attributes.action).toBe('read');
  });
});
