import type { Knex } from 'knex';

export const EVENTS_TABLE = 'audit_logs__events';
export const SOURCES_TABLE = 'audit_logs__sources';
export const COUNTS_TABLE = 'audit_logs__event_counts';
export const DAILY_COUNTS_TABLE = 'audit_logs__event_counts_daily';
/** The counts tables and how each cuts `occurred_at` into its bucket start. */
export const COUNT_LEVELS = [
  { table: 'audit_logs__event_counts', length: 13, suffix: ':00:00.000Z' },
  { table: 'audit_logs__event_counts_daily', length: 10, suffix: 'T00:00:00.000Z' },
] as const;
export const QUARANTINE_TABLE = 'audit_logs__quarantine';
export const FTS_TABLE = 'audit_logs__events_fts';

/** The columns list queries read. */
export const EVENT_COLUMNS = ['id', 'source_id', 'occurred_at', 'event_json', 'ingested_at'];

export interface EventRow {
  id: number | string;
  source_id: string;
  occurred_at: string;
  event_json: string;
  ingested_at: string;
}

export interface SourceRow {
  source_id: string;
  source_type: string;
  checkpoint: string | null;
  watermark: string | null;
  last_run_at: string | null;
  last_success_at: string | null;
  last_error_code: string | null;
  last_error_message: string | null;
  last_error_at: string | null;
  /** The last run's completeness report (JSON), see `AuditLogSourceCompleteness`. */
  last_completeness?: string | null;
}

export function isPostgres(knex: Knex): boolean {
  const { config } = knex.client as { config: { client?: unknown } };
  return /^(pg|postgres|postgresql)$/.test(String(config.client));
}
