import type { AuditEvent, Checkpoint } from '@auditrelay/core';
import type { Knex } from 'knex';
import { ROW_COLUMNS, fitKey, fitText, toInsertRow, type EventInsertRow } from './fit.js';
import {
  COUNTS_TABLE,
  EVENTS_TABLE,
  QUARANTINE_TABLE,
  SOURCES_TABLE,
  isPostgres,
} from './tables.js';

/** Rows per SQLite insert statement (15 columns: 7,500 variables, under SQLite's 32,766). */
const SQLITE_CHUNK = 500;
/** Rows per PostgreSQL insert (one array parameter per column). */
const POSTGRES_CHUNK = 5000;

/** An event set aside instead of stored; `message` never holds a row value. */
export interface QuarantinedEvent {
  eventId: string;
  dedupeKey: string;
  code: string;
  message: string;
}

export interface StoreBatchResult {
  /** Events newly stored (those already stored are skipped). */
  stored: number;
  quarantined: QuarantinedEvent[];
}

interface Inserted {
  occurred_at: string;
  category: string;
  outcome: string;
}

/** The driver's own message (knex puts the SQL first, which only has placeholders), bounded. */
function databaseError(error: unknown): { code: string; message: string } {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  let text = typeof message === 'string' ? message : String(error);
  const cut = text.lastIndexOf(' - ');
  if (cut >= 0) text = text.slice(cut + 3);
  return {
    code: `DB_${typeof code === 'string' || typeof code === 'number' ? code : 'ERROR'}`.slice(
      0,
      64,
    ),
    message: fitText(text, 300),
  };
}

async function insertPostgres(tx: Knex.Transaction, rows: EventInsertRow[]): Promise<Inserted[]> {
  const out: Inserted[] = [];
  for (let i = 0; i < rows.length; i += POSTGRES_CHUNK) {
    const chunk = rows.slice(i, i + POSTGRES_CHUNK);
    // One text[] parameter per column: a short statement PostgreSQL parses once per chunk.
    const arrays = ROW_COLUMNS.map((column) => chunk.map((row) => row[column]));
    const result = await tx.raw<{ rows: Inserted[] }>(
      `insert into ${EVENTS_TABLE} (${ROW_COLUMNS.join(', ')})
       select * from unnest(${ROW_COLUMNS.map(() => '?::text[]').join(', ')})
       on conflict (source_id, dedupe_key) do nothing
       returning occurred_at, category, outcome`,
      arrays as unknown as readonly Knex.RawBinding[],
    );
    out.push(...result.rows);
  }
  return out;
}

async function insertSqlite(tx: Knex.Transaction, rows: EventInsertRow[]): Promise<Inserted[]> {
  const out: Inserted[] = [];
  const tuple = `(${ROW_COLUMNS.map(() => '?').join(', ')})`;
  for (let i = 0; i < rows.length; i += SQLITE_CHUNK) {
    const chunk = rows.slice(i, i + SQLITE_CHUNK);
    const bindings: (string | null)[] = [];
    for (const row of chunk) for (const column of ROW_COLUMNS) bindings.push(row[column]);
    const inserted = await tx.raw<Inserted[]>(
      `insert into ${EVENTS_TABLE} (${ROW_COLUMNS.join(', ')})
       values ${chunk.map(() => tuple).join(', ')}
       on conflict (source_id, dedupe_key) do nothing
       returning occurred_at, category, outcome`,
      bindings,
    );
    out.push(...inserted);
  }
  return out;
}

function insertRows(tx: Knex.Transaction, rows: EventInsertRow[]): Promise<Inserted[]> {
  return isPostgres(tx) ? insertPostgres(tx, rows) : insertSqlite(tx, rows);
}

/** Events per (hour, category, outcome) of newly stored rows, sorted (a stable lock order). */
export function countsOf(rows: Inserted[]): [string, string, string, number][] {
  const counts = new Map<string, number>();
  for (const row of rows) {
    const key = `${row.occurred_at.slice(0, 13)}:00:00.000Z\u0000${row.category}\u0000${row.outcome}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, n]) => {
      const [bucket, category, outcome] = key.split('\u0000') as [string, string, string];
      return [bucket, category, outcome, n];
    });
}

async function addCounts(tx: Knex.Transaction, sourceId: string, rows: Inserted[]) {
  const counts = countsOf(rows);
  for (let i = 0; i < counts.length; i += 500) {
    await tx(COUNTS_TABLE)
      .insert(
        counts.slice(i, i + 500).map(([bucket_start, category, outcome, count]) => ({
          bucket_start,
          source_id: sourceId,
          category,
          outcome,
          count,
        })),
      )
      .onConflict(['bucket_start', 'source_id', 'category', 'outcome'])
      .merge({ count: tx.raw('??.?? + excluded.??', [COUNTS_TABLE, 'count', 'count']) });
  }
}

/**
 * Stores one sync batch and its checkpoint in one transaction: a crash leaves either both or
 * neither. Events already stored (same source and dedupe key) are skipped. An event the
 * database refuses even after fitting goes to the quarantine table instead of failing the batch,
 * so the checkpoint moves on; the hourly counts follow the stored events.
 */
export async function storeBatch(
  knex: Knex,
  params: {
    sourceId: string;
    sourceType: string;
    events: AuditEvent[];
    checkpoint: Checkpoint;
    now: Date;
  },
): Promise<StoreBatchResult> {
  const { sourceId, sourceType, events, checkpoint } = params;
  const at = params.now.toISOString();
  const rows: EventInsertRow[] = [];
  const rowEvents: AuditEvent[] = [];
  const refused: { event: AuditEvent; code: string; message: string }[] = [];
  for (const event of events) {
    const prepared = toInsertRow(event, sourceId, at);
    if ('row' in prepared) {
      rows.push(prepared.row);
      rowEvents.push(event);
    } else refused.push({ event, ...prepared.invalid });
  }
  let stored = 0;
  await knex.transaction(async (tx) => {
    let inserted: Inserted[];
    try {
      // A savepoint: on PostgreSQL a failed statement would abort the whole transaction.
      inserted = await tx.transaction((sp) => insertRows(sp, rows));
    } catch {
      // One or more rows refused: store row by row and set aside each one that fails.
      inserted = [];
      for (const [i, row] of rows.entries()) {
        try {
          inserted.push(...(await tx.transaction((sp) => insertRows(sp, [row]))));
        } catch (error) {
          refused.push({ event: rowEvents[i]!, ...databaseError(error) });
        }
      }
    }
    await addCounts(tx, sourceId, inserted);
    stored = inserted.length;
    for (const { event, code, message } of refused)
      await quarantine(tx, sourceId, event, code, message, at);
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
  return {
    stored,
    quarantined: refused.map(({ event, code, message }) => ({
      eventId: fitText(String(event.id), 200),
      dedupeKey: fitKey(String(event.dedupeKey)),
      code,
      message,
    })),
  };
}

async function quarantine(
  tx: Knex.Transaction,
  sourceId: string,
  event: AuditEvent,
  code: string,
  message: string,
  at: string,
): Promise<void> {
  const row = {
    source_id: sourceId,
    dedupe_key: fitKey(String(event.dedupeKey)),
    event_id: fitText(String(event.id), 512),
    occurred_at: typeof event.occurredAt === 'string' ? fitText(event.occurredAt, 64) : null,
    error_code: code,
    error_message: message,
    quarantined_at: at,
  };
  try {
    await tx.transaction((sp) =>
      sp(QUARANTINE_TABLE)
        .insert({ ...row, event_json: JSON.stringify(event) })
        .onConflict(['source_id', 'dedupe_key'])
        .ignore(),
    );
  } catch {
    // Even the JSON was refused: keep the record of it without the JSON.
    await tx(QUARANTINE_TABLE).insert(row).onConflict(['source_id', 'dedupe_key']).ignore();
  }
}
