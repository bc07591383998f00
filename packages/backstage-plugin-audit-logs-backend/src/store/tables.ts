import type { Knex } from 'knex';

export const EVENTS_TABLE = 'audit_logs__events';
export const SOURCES_TABLE = 'audit_logs__sources';
export const COUNTS_TABLE = 'audit_logs__event_counts';
export const DAILY_COUNTS_TABLE = 'audit_logs__event_counts_daily';
export const SOURCE_COUNTS_TABLE = 'audit_logs__source_counts';
export const SOURCE_DAILY_COUNTS_TABLE = 'audit_logs__source_counts_daily';
export const ACTION_COUNTS_TABLE = 'audit_logs__action_counts_daily';
export const ACTOR_COUNTS_TABLE = 'audit_logs__actor_counts_daily';
export const TOTAL_COUNTS_TABLE = 'audit_logs__event_counts_total';
export const ACTION_TOTALS_TABLE = 'audit_logs__action_counts_total';
export const ACTOR_TOTALS_TABLE = 'audit_logs__actor_counts_total';

/** The actor as people know them (facets): email, else name, else id. */
export const ACTOR_EXPR = 'coalesce(actor_email, actor_name, actor_id)';

/** A column of a rollup beside its bucket and source: its SQL over the events, and in JS. */
export interface RollupDim {
  column: string;
  sql: string;
  of(row: RollupSource): string | null;
}

/** The events' columns the rollups are computed from (what inserts and deletes return). */
export interface RollupSource {
  occurred_at: string;
  category: string;
  outcome: string;
  action: string;
  actor_email: string | null;
  actor_name: string | null;
  actor_id: string | null;
}

/** The columns of `RollupSource`, for `returning`. */
export const ROLLUP_SOURCE_COLUMNS =
  'occurred_at, category, outcome, action, actor_email, actor_name, actor_id';

/**
 * A pre-aggregated count of the stored events: one row per bucket (hour or day), source and
 * value of each dim, kept in the transaction that stores or purges the events. A dim whose
 * value is null is not counted (the actor facet skips events without an actor).
 */
export interface Rollup {
  table: string;
  /**
   * How `occurred_at` is cut into the bucket start: its first `length` characters + `suffix`
   * (0 and '': the one bucket '' of an all-time total).
   */
  length: 13 | 10 | 0;
  suffix: string;
  dims: readonly RollupDim[];
}

const HOUR = { length: 13, suffix: ':00:00.000Z' } as const;
const DAY = { length: 10, suffix: 'T00:00:00.000Z' } as const;
const ALL_TIME = { length: 0, suffix: '' } as const;
const CATEGORY: RollupDim = { column: 'category', sql: 'category', of: (row) => row.category };
const OUTCOME: RollupDim = { column: 'outcome', sql: 'outcome', of: (row) => row.outcome };
const ACTION: RollupDim = { column: 'action', sql: 'action', of: (row) => row.action };
const ACTOR: RollupDim = {
  column: 'actor',
  sql: ACTOR_EXPR,
  of: (row) => row.actor_email ?? row.actor_name ?? row.actor_id,
};

/**
 * The counts tables (stats per hour and day, facets of category, outcome, source, action, actor;
 * all-time totals for facets over the whole store).
 */
export const ROLLUPS: readonly Rollup[] = [
  { table: 'audit_logs__event_counts', ...HOUR, dims: [CATEGORY, OUTCOME] },
  { table: 'audit_logs__event_counts_daily', ...DAY, dims: [CATEGORY, OUTCOME] },
  { table: SOURCE_COUNTS_TABLE, ...HOUR, dims: [] },
  { table: SOURCE_DAILY_COUNTS_TABLE, ...DAY, dims: [] },
  { table: ACTION_COUNTS_TABLE, ...DAY, dims: [CATEGORY, OUTCOME, ACTION] },
  { table: ACTOR_COUNTS_TABLE, ...DAY, dims: [CATEGORY, OUTCOME, ACTOR] },
  { table: TOTAL_COUNTS_TABLE, ...ALL_TIME, dims: [CATEGORY, OUTCOME] },
  { table: ACTION_TOTALS_TABLE, ...ALL_TIME, dims: [CATEGORY, OUTCOME, ACTION] },
  { table: ACTOR_TOTALS_TABLE, ...ALL_TIME, dims: [CATEGORY, OUTCOME, ACTOR] },
];
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

/**
 * PostgreSQL: serializes the transactions that change one source's rollups (a batch stored, a
 * purge batch) until commit. The all-time totals are rows both touch, and the two lock them in
 * orders that can differ (the database's collation against JS order), which could deadlock; the
 * other rollups' rows are per hour or day, which a purge and an ingest rarely share.
 */
export async function lockSourceRollups(tx: Knex.Transaction, sourceId: string): Promise<void> {
  if (isPostgres(tx))
    await tx.raw('select pg_advisory_xact_lock(hashtext(?)::bigint)', [`audit_logs:${sourceId}`]);
}
