import { isPermission } from '@backstage/plugin-permission-common';
import { describe, expect, it } from 'vitest';
import {
  auditLogsEventReadPermission,
  auditLogsPermissions,
  auditLogsSourceSyncPermission,
} from './index.js';

describe('permissions', () => {
  it('names the read and sync permissions as the plugin documents them', () => {
    expect(auditLogsPermissions.map((p) => p.name)).toEqual([
      'audit-logs.event.read',
      'audit-logs.source.sync',
    ]);
    expect(isPermission(auditLogsEventReadPermission, auditLogsEventReadPermission)).toBe(true);
    expect(auditLogsEventReadPermission.type).toBe('basic');
    expect(auditLogsSourceSyncPermission.attributes.action).toBe('update');
  });
});
