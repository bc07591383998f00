import type { AuditEvent, Checkpoint } from '@auditrelay/core';
import type {
  AuditLogEventDetail,
  AuditLogEventQuery,
  AuditLogEventSummary,
} from '@auditrelay/backstage-plugin-audit-logs-common';
import type { StoredAuditEvent } from '@auditrelay/backstage-plugin-audit-logs-node';
import type { Knex } from 'knex';
import type { EventCursor } from './cursor.js';

export const EVENTS_TABLE = 'audit_logs__events';
export const SOURCES_TABLE = 'audit_logs__sources';
const INSERT_CHUNK = 500;

interface EventRow {
  id: number | string;
  source_id: string;
  occurred_at: string;
  event_json: string;
  ingested_at: string;
}

interface SourceRow {
  source_id: string;
  source_type: string;
  checkpoint: string | null;
  watermark: string | null;
  last_run_at: string | null;
  last_success_at: string | null;
  last_error_code: string | null;
  last_error_message: string | null;
  last_error_at: string | null;
}

/** Stored ingestion state of one source. */
export interface SourceState {
  sourceId: string;
  checkpoint?: string;
  watermark?: string;
  lastRunAt?: string;
  lastSuccessAt?: string;
  lastError?: { code: string; message: string; at: string };
}

function searchText(event: AuditEvent): string {
  return [
    event.action,
    event.category,
    event.description,
    event.actor.id,
    event.actor.name,
    event.actor.email,
    event.target?.type,
    event.target?.id,
    event.target?.name,
    event.sourceIp,
  ]
    .filter((part): part is string => typeof part === 'string' && part.length > 0)
    .join('\n')
    .toLowerCase();
}

function toRow(event: AuditEvent, sourceId: string, ingestedAt: string) {
  return {
    source_id: sourceId,
    source_type: event.source.type,
    dedupe_key: event.dedupeKey,
    event_id: event.id,
    occurred_at: event.occurredAt,
    actor_id: event.actor.id ?? null,
    actor_name: event.actor.name ?? null,
    actor_email: event.actor.email ?? null,
    action: event.action,
    activity: event.activity,
    category: event.category,
    outcome: event.outcome,
    search_text: searchText(event),
    event_json: JSON.stringify(event),
    ingested_at: ingestedAt,
  };
}

/** Rows strictly after (`>`) or before (`<`) a keyset position in (occurred_at, id) order. */
/**
 * Keyset condition as a row-value comparison: SQLite and PostgreSQL seek the (occurred_at, id)
 * index with it, where the equivalent OR form reads every row above the cursor (1M rows: 0.24 ms
 * instead of 69 ms on SQLite, 0.9 ms instead of 298 ms on PostgreSQL). `direction` is '<' or '>'.
 */
function beyond(qb: Knex.QueryBuilder, position: EventCursor, direction: '<' | '>'): void {
  void qb.whereRaw(`(occurred_at, id) ${direction} (?, ?)`, [position.occurredAt, position.id]);
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

function toStored(row: EventRow): StoredAuditEvent {
  return {
    id: String(row.id),
    ingestedAt: row.ingested_at,
    event: JSON.parse(row.event_json) as AuditEvent,
  };
}

export function toDetail({ id, ingestedAt, event }: StoredAuditEvent): AuditLogEventDetail {
  return {
    id,
    eventId: event.id,
    dedupeKey: event.dedupeKey,
    source: { id: event.source.id, type: event.source.type },
    occurredAt: event.occurredAt,
    actor: event.actor,
    action: event.action,
    activity: event.activity,
    category: event.category,
    ...(event.target ? { target: event.target } : {}),
    ...(event.description !== undefined ? { description: event.description } : {}),
    ...(event.sourceIp !== undefined ? { sourceIp: event.sourceIp } : {}),
    outcome: event.outcome,
    ingestedAt,
    schemaVersion: event.schemaVersion,
    originalTime: event.originalTime,
    changes: event.changes,
    raw: event.raw,
  };
}

export function toSummary(stored: StoredAuditEvent): AuditLogEventSummary {
  const {
    schemaVersion: _v,
    originalTime: _o,
    changes: _c,
    raw: _r,
    ...summary
  } = toDetail(stored);
  return summary;
}

/** The plugin's tables: events (unique per source and dedupe key) and per-source state. */
export class AuditLogStore {
  constructor(
    private readonly knex: Knex,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Stores one sync batch and its checkpoint in one transaction: a crash leaves either both or
   * neither. Events already stored (same source and dedupe key) are skipped.
   */
  async storeBatch(
    sourceId: string,
    sourceType: string,
    events: AuditEvent[],
    checkpoint: Checkpoint,
  ) {
    const ingestedAt = this.now().toISOString();
    await this.knex.transaction(async (tx) => {
      for (let i = 0; i < events.length; i += INSERT_CHUNK) {
        const rows = events.slice(i, i + INSERT_CHUNK).map((e) => toRow(e, sourceId, ingestedAt));
        await tx(EVENTS_TABLE).insert(rows).onConflict(['source_id', 'dedupe_key']).ignore();
      }
      await tx(SOURCES_TABLE)
        .insert({
          source_id: sourceId,
          source_type: sourceType,
          checkpoint: JSON.stringify(checkpoint),
          watermark: checkpoint.watermark ?? null,
        })
        .onConflict('source_id')
        .merge(['source_type', 'checkpoint', 'watermark']);
    });
  }

  private async upsertState(sourceId: string, sourceType: string, values: Partial<SourceRow>) {
    await this.knex(SOURCES_TABLE)
      .insert({ source_id: sourceId, source_type: sourceType, ...values })
      .onConflict('source_id')
      .merge(Object.keys(values));
  }

  async recordRunStart(sourceId: string, sourceType: string): Promise<void> {
    await this.upsertState(sourceId, sourceType, { last_run_at: this.now().toISOString() });
  }

  async recordRunSuccess(sourceId: string, sourceType: string): Promise<void> {
    await this.upsertState(sourceId, sourceType, {
      last_success_at: this.now().toISOString(),
      last_error_code: null,
      last_error_message: null,
      last_error_at: null,
    });
  }

  async recordRunFailure(
    sourceId: string,
    sourceType: string,
    error: { code: string; message: string },
  ): Promise<void> {
    await this.upsertState(sourceId, sourceType, {
      last_error_code: error.code,
      last_error_message: error.message,
      last_error_at: this.now().toISOString(),
    });
  }

  async getCheckpoint(sourceId: string): Promise<string | undefined> {
    const row = await this.knex<SourceRow>(SOURCES_TABLE)
      .where('source_id', sourceId)
      .first('checkpoint');
    return row?.checkpoint ?? undefined;
  }

  async sourceStates(): Promise<Map<string, SourceState & { storedCount: number }>> {
    const rows = await this.knex<SourceRow>(SOURCES_TABLE).select('*');
    const counts: { source_id: string; n: number | string }[] = await this.knex(EVENTS_TABLE)
      .select('source_id')
      .count({ n: '*' })
      .groupBy('source_id');
    const countBy = new Map(counts.map((row) => [String(row.source_id), Number(row.n)]));
    const states = new Map<string, SourceState & { storedCount: number }>();
    for (const row of rows) {
      states.set(row.source_id, {
        sourceId: row.source_id,
        ...(row.checkpoint ? { checkpoint: row.checkpoint } : {}),
        ...(row.watermark ? { watermark: row.watermark } : {}),
        ...(row.last_run_at ? { lastRunAt: row.last_run_at } : {}),
        ...(row.last_success_at ? { lastSuccessAt: row.last_success_at } : {}),
        ...(row.last_error_at
          ? {
              lastError: {
                code: row.last_error_code ?? 'INTERNAL',
                message: row.last_error_message ?? '',
                at: row.last_error_at,
              },
            }
          : {}),
        storedCount: countBy.get(row.source_id) ?? 0,
      });
    }
    for (const [sourceId, storedCount] of countBy)
      if (!states.has(sourceId)) states.set(sourceId, { sourceId, storedCount });
    return states;
  }

  private filtered(query: AuditLogEventQuery): Knex.QueryBuilder<EventRow, EventRow[]> {
    const qb = this.knex<EventRow>(EVENTS_TABLE).select(
      'id',
      'source_id',
      'occurred_at',
      'event_json',
      'ingested_at',
    );
    if (query.source && query.source.length > 0) qb.whereIn('source_id', query.source);
    if (query.from) qb.where('occurred_at', '>=', query.from);
    if (query.to) qb.where('occurred_at', '<', query.to);
    if (query.action) qb.where('action', query.action);
    if (query.category) qb.where('category', query.category);
    if (query.actor) {
      const actor = query.actor.toLowerCase();
      // Block bodies: a knex builder is thenable, and where() callbacks must not return it.
      qb.where((b) => {
        void b
          .whereRaw('lower(actor_id) = ?', [actor])
          .orWhereRaw('lower(actor_email) = ?', [actor])
          .orWhereRaw('lower(actor_name) = ?', [actor]);
      });
    }
    if (query.q)
      qb.whereRaw("search_text like ? escape '\\'", [`%${escapeLike(query.q.toLowerCase())}%`]);
    return qb;
  }

  /** One page, newest first, after `cursor`; fetches one extra row to know if more follow. */
  async listEvents(
    query: AuditLogEventQuery,
    page: { limit: number; cursor?: EventCursor },
  ): Promise<{ items: StoredAuditEvent[]; next?: EventCursor }> {
    const qb = this.filtered(query);
    const { cursor } = page;
    if (cursor) beyond(qb, cursor, '<');
    const rows = await qb
      .orderBy([
        { column: 'occurred_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(page.limit + 1);
    const items = rows.slice(0, page.limit).map(toStored);
    const last = rows.length > page.limit ? rows[page.limit - 1] : undefined;
    return last
      ? { items, next: { occurredAt: last.occurred_at, id: Number(last.id) } }
      : { items };
  }

  /** Every matching event, oldest first, read in keyset pages so memory stays flat. */
  async *streamEvents(
    query: AuditLogEventQuery,
    pageSize = 1000,
  ): AsyncGenerator<StoredAuditEvent[]> {
    let after: EventCursor | undefined;
    for (;;) {
      const qb = this.filtered(query);
      if (after) beyond(qb, after, '>');
      const rows = await qb
        .orderBy([
          { column: 'occurred_at', order: 'asc' },
          { column: 'id', order: 'asc' },
        ])
        .limit(pageSize);
      if (rows.length === 0) return;
      yield rows.map(toStored);
      if (rows.length < pageSize) return;
      const last = rows[rows.length - 1]!;
      after = { occurredAt: last.occurred_at, id: Number(last.id) };
    }
  }

  async getEvent(id: number): Promise<StoredAuditEvent | undefined> {
    const row = await this.knex<EventRow>(EVENTS_TABLE)
      .where('id', id)
      .first('id', 'source_id', 'occurred_at', 'event_json', 'ingested_at');
    return row ? toStored(row) : undefined;
  }

  /** Deletes events that occurred before `cutoff`; returns how many. */
  async deleteOlderThan(cutoff: Date): Promise<number> {
    return this.knex(EVENTS_TABLE).where('occurred_at', '<', cutoff.toISOString()).delete();
  }
}
