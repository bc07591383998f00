import { describe, expect, it } from 'vitest';
import auditLogsPlugin, { legacyAuditLogsPlugin } from './index.js';

describe('plugin', () => {
  it('is the audit-logs plugin for the new frontend system, and a legacy one', () => {
    expect(auditLogsPlugin.pluginId).toBe('audit-logs');
    expect(legacyAuditLogsPlugin.getId()).toBe('audit-logs');
    expect([...legacyAuditLogsPlugin.getApis()].map((f) => f.api.id)).toEqual([
      'plugin.audit-logs.api',
    ]);
  });
});
