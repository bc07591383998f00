import type { AuditLogSourceCompleteness } from '@auditrelay/backstage-plugin-audit-logs-common';
import type { Knex } from 'knex';
import {
  EVENTS_TABLE,
  QUARANTINE_TABLE,
  SOURCES_TABLE,
  SOURCE_DAILY_COUNTS_TABLE,
  type SourceRow,
} from './tables.js';

/** Stored ingestion state of one source. */
export interface SourceState {
  sourceId: string;
  sourceType?: string;
  checkpoint?: string;
  watermark?: string;
  lastRunAt?: string;
  lastSuccessAt?: string;
  lastError?: { code: string; message: string; at: string };
  storedCount: number;
  quarantinedCount: number;
  oldestEventAt?: string;
  lastCompleteness?: AuditLogSourceCompleteness;
}

export async function upsertState(
  knex: Knex,
  sourceId: string,
  sourceType: string,
  values: Partial<SourceRow>,
): Promise<void> {
  await knex(SOURCES_TABLE)
    .insert({ source_id: sourceId, source_type: sourceType, ...values })
    .onConflict('source_id')
    .merge(Object.keys(values));
}

export async function getCheckpoint(knex: Knex, sourceId: string): Promise<string | undefined> {
  const row: Pick<SourceRow, 'checkpoint'> | undefined = await knex(SOURCES_TABLE)
    .where('source_id', sourceId)
    .first('checkpoint');
  return row?.checkpoint ?? undefined;
}

async function countBy(knex: Knex, table: string, count: string): Promise<Map<string, number>> {
  const rows: { source_id: string; n: number | string }[] = await knex(table)
    .select('source_id')
    .select(knex.raw(`${count} as n`))
    .groupBy('source_id');
  return new Map(rows.map((row) => [String(row.source_id), Number(row.n)]));
}

/** Every known source's state; counts from the per-source daily counts, the oldest event per source. */
export async function sourceStates(knex: Knex): Promise<Map<string, SourceState>> {
  const rows = (await knex(SOURCES_TABLE).select('*')) as unknown as SourceRow[];
  const stored = await countBy(knex, SOURCE_DAILY_COUNTS_TABLE, 'sum(count)');
  const quarantined = await countBy(knex, QUARANTINE_TABLE, 'count(*)');
  const ids = new Set([
    ...rows.map((row) => row.source_id),
    ...stored.keys(),
    ...quarantined.keys(),
  ]);
  const byId = new Map(rows.map((row) => [row.source_id, row]));
  const states = new Map<string, SourceState>();
  for (const sourceId of ids) {
    const row = byId.get(sourceId);
    // One index seek per source (a grouped min would read the whole index on PostgreSQL).
    const oldest = await knex(EVENTS_TABLE)
      .where('source_id', sourceId)
      .min({ at: 'occurred_at' })
      .first<{ at: string | null } | undefined>();
    states.set(sourceId, {
      sourceId,
      ...(row?.source_type ? { sourceType: row.source_type } : {}),
      ...(row?.checkpoint ? { checkpoint: row.checkpoint } : {}),
      ...(row?.watermark ? { watermark: row.watermark } : {}),
      ...(row?.last_run_at ? { lastRunAt: row.last_run_at } : {}),
      ...(row?.last_success_at ? { lastSuccessAt: row.last_success_at } : {}),
      ...(row?.last_error_at
        ? {
            lastError: {
              code: row.last_error_code ?? 'INTERNAL',
              message: row.last_error_message ?? '',
              at: row.last_error_at,
            },
          }
        : {}),
      storedCount: stored.get(sourceId) ?? 0,
      quarantinedCount: quarantined.get(sourceId) ?? 0,
      ...(oldest?.at ? { oldestEventAt: oldest.at } : {}),
      ...(row?.last_completeness
        ? { lastCompleteness: JSON.parse(row.last_completeness) as AuditLogSourceCompleteness }
        : {}),
    });
  }
  return states;
}

/** Source ids that have stored events or state (for retention, including removed sources). */
export async function knownSourceIds(knex: Knex): Promise<string[]> {
  const rows: { source_id: string }[] = await knex(SOURCES_TABLE).select('source_id');
  return rows.map((row) => row.source_id);
}
