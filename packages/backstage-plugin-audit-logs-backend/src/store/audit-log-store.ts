import type { AuditLogSourceCompleteness } from '@auditrelay/backstage-plugin-audit-logs-common';
import type { AuditEvent, Checkpoint } from '@auditrelay/core';
import type {
  AuditLogFacetField,
  AuditLogFacetValue,
  AuditLogStatsGroupBy,
  AuditLogStatsInterval,
} from '@auditrelay/backstage-plugin-audit-logs-common';
import type { StoredAuditEvent } from '@auditrelay/backstage-plugin-audit-logs-node';
import type { Knex } from 'knex';
import { facet, oldestEventAt, stats, type StatsCell } from './aggregates.js';
import type { EventCursor } from './cursor.js';
import type { SearchMode, StoreQuery } from './filters.js';
import { getEvent, listEvents, streamEvents } from './queries.js';
import { purgeSource } from './retention.js';
import { detectSearchIndex, type SearchIndexStatus } from './search-index.js';
import {
  getCheckpoint,
  knownSourceIds,
  sourceStates,
  upsertState,
  type SourceState,
} from './source-state.js';
import { storeBatch, type StoreBatchResult } from './write-path.js';

export { EVENTS_TABLE, SOURCES_TABLE } from './tables.js';

/**
 * A file SQLite database (better-sqlite3 keeps one connection) in WAL mode with `synchronous =
 * NORMAL`: a commit appends to the log instead of syncing the rollback journal and the database
 * file each time. Every transaction stays atomic; a power loss may undo the last commits, each
 * batch with its checkpoint, which the next run reads again. In-memory databases are left alone.
 */
async function tuneSqlite(knex: Knex): Promise<void> {
  const { config } = knex.client as { config: { client?: unknown } };
  if (String(config.client) !== 'better-sqlite3') return;
  const rows = await knex.raw<{ journal_mode?: string }[]>('pragma journal_mode = wal');
  if (rows[0]?.journal_mode === 'wal') await knex.raw('pragma synchronous = normal');
}
export type { SourceState } from './source-state.js';

/**
 * The plugin's tables: events (unique per source and dedupe key), per-source state, hourly
 * counts and the quarantine. Each concern lives in its own module; this class binds them to
 * one database.
 */
export class AuditLogStore {
  #status?: Promise<SearchIndexStatus>;

  constructor(
    private readonly knex: Knex,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Finds the free-text index the migrations could create (once; every method waits for it, as
   * on SQLite the store keeps the FTS5 table in step itself). Call it after migrating.
   */
  init(): Promise<SearchIndexStatus> {
    this.#status ??= tuneSqlite(this.knex).then(() => detectSearchIndex(this.knex));
    return this.#status;
  }

  async #search(): Promise<SearchMode> {
    return (await this.init()).mode;
  }

  async storeBatch(
    sourceId: string,
    sourceType: string,
    events: AuditEvent[],
    checkpoint: Checkpoint,
  ): Promise<StoreBatchResult> {
    return storeBatch(this.knex, {
      sourceId,
      sourceType,
      events,
      checkpoint,
      now: this.now(),
      search: await this.#search(),
    });
  }

  recordRunStart(sourceId: string, sourceType: string): Promise<void> {
    return upsertState(this.knex, sourceId, sourceType, { last_run_at: this.now().toISOString() });
  }

  recordRunSuccess(
    sourceId: string,
    sourceType: string,
    completeness?: AuditLogSourceCompleteness,
  ): Promise<void> {
    return upsertState(this.knex, sourceId, sourceType, {
      ...(completeness ? { last_completeness: JSON.stringify(completeness) } : {}),
      last_success_at: this.now().toISOString(),
      last_error_code: null,
      last_error_message: null,
      last_error_at: null,
    });
  }

  recordRunFailure(
    sourceId: string,
    sourceType: string,
    error: { code: string; message: string },
    completeness?: AuditLogSourceCompleteness,
  ): Promise<void> {
    return upsertState(this.knex, sourceId, sourceType, {
      ...(completeness ? { last_completeness: JSON.stringify(completeness) } : {}),
      last_error_code: error.code,
      last_error_message: error.message,
      last_error_at: this.now().toISOString(),
    });
  }

  getCheckpoint(sourceId: string): Promise<string | undefined> {
    return getCheckpoint(this.knex, sourceId);
  }

  sourceStates(): Promise<Map<string, SourceState>> {
    return sourceStates(this.knex);
  }

  knownSourceIds(): Promise<string[]> {
    return knownSourceIds(this.knex);
  }

  async listEvents(
    query: StoreQuery,
    page: { limit: number; cursor?: EventCursor },
  ): Promise<{ items: StoredAuditEvent[]; next?: EventCursor }> {
    return listEvents(this.knex, await this.#search(), query, page);
  }

  async *streamEvents(query: StoreQuery, pageSize = 1000): AsyncGenerator<StoredAuditEvent[]> {
    yield* streamEvents(this.knex, await this.#search(), query, pageSize);
  }

  async getEvent(id: number, query?: StoreQuery): Promise<StoredAuditEvent | undefined> {
    return getEvent(this.knex, await this.#search(), id, query);
  }

  async stats(
    query: StoreQuery,
    interval: AuditLogStatsInterval,
    groupBy: AuditLogStatsGroupBy,
  ): Promise<StatsCell[]> {
    return stats(this.knex, await this.#search(), query, { interval, groupBy });
  }

  async facet(
    query: StoreQuery,
    field: AuditLogFacetField,
    limit: number,
  ): Promise<AuditLogFacetValue[]> {
    return facet(this.knex, await this.#search(), query, { field, limit });
  }

  oldestEventAt(sources?: string[]): Promise<string | undefined> {
    return oldestEventAt(this.knex, sources);
  }

  /** Deletes one source's events older than `cutoff` in small batches; returns how many. */
  purgeSource(
    sourceId: string,
    cutoff: Date,
    options?: { batchSize?: number; signal?: AbortSignal },
  ): Promise<number> {
    return purgeSource(this.knex, sourceId, cutoff.toISOString(), options);
  }
}
