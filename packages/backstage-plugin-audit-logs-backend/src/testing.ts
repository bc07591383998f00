/**
 * Helpers to fill an audit-logs database outside the plugin (benchmarks, fixtures): the
 * migrations, and each event's row exactly as the plugin's write path builds it.
 *
 * @packageDocumentation
 */
import type { AuditEvent } from '@auditrelay/core';
import { ROW_COLUMNS, toInsertRow, type EventInsertRow } from './store/fit.js';

export { migrate as migrateAuditLogsDatabase } from './store/migrate.js';

/** The events table's columns a row has, in `auditLogEventRow`'s key order. */
export const AUDIT_LOG_EVENT_COLUMNS: readonly string[] = ROW_COLUMNS;

/** The events-table row of one event (columns fitted as the plugin fits them), or undefined. */
export function auditLogEventRow(
  event: AuditEvent,
  sourceId: string,
  ingestedAt: string,
): EventInsertRow | undefined {
  const prepared = toInsertRow(event, sourceId, ingestedAt);
  return 'row' in prepared ? prepared.row : undefined;
}
