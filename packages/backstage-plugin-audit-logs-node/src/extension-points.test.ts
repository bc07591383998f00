import { describe, expect, it } from 'vitest';
import {
  auditLogsExportFormatsExtensionPoint,
  auditLogsSourceTypesExtensionPoint,
} from './index.js';

describe('extension points', () => {
  it('have stable ids under the audit-logs plugin', () => {
    expect(auditLogsSourceTypesExtensionPoint.id).toBe('audit-logs.source-types');
    expect(auditLogsExportFormatsExtensionPoint.id).toBe('audit-logs.export-formats');
  });
});
