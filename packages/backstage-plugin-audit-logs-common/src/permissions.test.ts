import {
  AuthorizeResult,
  isPermission,
  isResourcePermission,
  type Permission,
} from '@backstage/plugin-permission-common';
import { describe, expect, it } from 'vitest';
import {
  AUDIT_LOG_SOURCE_RESOURCE_TYPE,
  auditLogsEventReadPermission,
  auditLogsPermissions,
  auditLogsSourceReadPermission,
  auditLogsSourceSyncPermission,
} from './index.js';

/** What a permission policy receives: the permission as the permission backend deserialized it. */
const overTheWire = (permission: Permission): Permission =>
  JSON.parse(JSON.stringify(permission)) as Permission;

/**
 * A policy written as the backend README shows: the RPA team reads events, some sources only
 * (a conditional decision), and may not start syncs.
 */
function rpaTeamPolicy(permission: Permission): AuthorizeResult {
  if (isResourcePermission(permission, AUDIT_LOG_SOURCE_RESOURCE_TYPE))
    return AuthorizeResult.CONDITIONAL;
  if (isPermission(permission, auditLogsEventReadPermission)) return AuthorizeResult.ALLOW;
  return AuthorizeResult.DENY;
}

describe('the audit-logs permissions in a policy', () => {
  it('are told apart by isPermission and isResourcePermission as the backend sends them', () => {
    expect(
      Object.fromEntries(auditLogsPermissions.map((p) => [p.name, rpaTeamPolicy(overTheWire(p))])),
    ).toEqual({
      'audit-logs.event.read': AuthorizeResult.ALLOW,
      'audit-logs.source.read': AuthorizeResult.CONDITIONAL,
      'audit-logs.source.sync': AuthorizeResult.DENY,
    });
  });

  it('do not match one another', () => {
    for (const a of auditLogsPermissions)
      for (const b of auditLogsPermissions)
        expect(isPermission(overTheWire(a), b), `${a.name} vs ${b.name}`).toBe(a === b);
  });

  it('grant reading, not syncing, to a token restricted to `action: read`', () => {
    // accessRestrictions: [{ plugin: audit-logs, permissionAttribute: { action: [read] } }]
    const readable = auditLogsPermissions.filter((p) => p.attributes.action === 'read');
    expect(readable).toEqual([auditLogsEventReadPermission, auditLogsSourceReadPermission]);
    expect(readable).not.toContain(auditLogsSourceSyncPermission);
  });
});
