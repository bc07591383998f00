/**
 * The `audit-logs` Backstage backend plugin (new backend system):
 * `backend.add(import('@auditrelay/backstage-plugin-audit-logs-backend'))`.
 *
 * @packageDocumentation
 */
export { auditLogsPlugin as default, ingestTaskId } from './plugin.js';
export { AuditLogsConfigError } from './config/read-config.js';
export { csvFormat, ecsFormat, ndjsonFormat, ocsfFormat } from './export/formats.js';
