/**
 * Helpers to fill an audit-logs database outside the plugin (benchmarks, fixtures): the
 * migrations, and each event's row exactly as the plugin's write path builds it.
 *
 * @packageDocumentation
 */
import type { AuditEvent } from '@auditrelay/core';
import type { Knex } from 'knex';
import { ROW_COLUMNS, toInsertRow, type EventInsertRow } from './store/fit.js';
import { EVENTS_TABLE, ROLLUPS } from './store/tables.js';
import { rollupKey } from './store/write-path.js';

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

/**
 * Refills every rollup table (the counts /stats, /facets and /sources read) from the stored
 * events, as the migrations do: for a store bulk-loaded around the plugin's write path.
 */
export async function fillAuditLogRollups(knex: Knex): Promise<void> {
  for (const rollup of ROLLUPS) {
    const bucket = `substr(occurred_at, 1, ${rollup.length}) || '${rollup.suffix}'`;
    const exprs = [bucket, 'source_id', ...rollup.dims.map((dim) => dim.sql)];
    const last = rollup.dims.at(-1);
    await knex(rollup.table).delete();
    await knex.raw(
      `insert into ${rollup.table} (${rollupKey(rollup).join(', ')}, count)
       select ${exprs.join(', ')}, count(*) from ${EVENTS_TABLE}
       ${last ? `where ${last.sql} is not null` : ''} group by ${exprs.join(', ')}`,
    );
  }
}
