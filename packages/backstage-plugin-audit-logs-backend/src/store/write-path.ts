import type { AuditEvent, Checkpoint } from '@auditrelay/core';
import type { Knex } from 'knex';
import { ROW_COLUMNS, fitKey, fitText, toInsertRow, type EventInsertRow } from './fit.js';
import type { SearchMode } from './filters.js';
import {
  COUNT_LEVELS,
  EVENTS_TABLE,
  FTS_TABLE,
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

interface InsertedWithText extends Inserted {
  id: number;
  search_text: string;
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

/**
 * PostgreSQL: one statement per chunk inserts the rows (one text[] parameter per column, a short
 * statement parsed once) and adds the new ones to the hourly counts inside the server.
 */
async function insertPostgres(
  tx: Knex.Transaction,
  sourceId: string,
  rows: EventInsertRow[],
): Promise<number> {
  let stored = 0;
  for (let i = 0; i < rows.length; i += POSTGRES_CHUNK) {
    const chunk = rows.slice(i, i + POSTGRES_CHUNK);
    const arrays = ROW_COLUMNS.map((column) => chunk.map((row) => row[column]));
    const result = await tx.raw<{ rows: { stored: number }[] }>(
      `with inserted as (
         insert into ${EVENTS_TABLE} (${ROW_COLUMNS.join(', ')})
         select * from unnest(${ROW_COLUMNS.map(() => '?::text[]').join(', ')})
         on conflict (source_id, dedupe_key) do nothing
         returning occurred_at, category, outcome
       )${COUNT_LEVELS.map(
         ({ table, length, suffix }) => `, ${table}_added as (
         insert into ${table} (bucket_start, source_id, category, outcome, count)
         select substr(occurred_at, 1, ${length}) || '${suffix}', ?, category, outcome, count(*)
         from inserted group by 1, 3, 4 order by 1, 3, 4
         on conflict (bucket_start, source_id, category, outcome)
         do update set count = ${table}.count + excluded.count
       )`,
       ).join('')}
       select count(*)::int as stored from inserted`,
      [...(arrays as unknown as Knex.RawBinding[]), ...COUNT_LEVELS.map(() => sourceId)],
    );
    stored += result.rows[0]!.stored;
  }
  return stored;
}

/**
 * SQLite (in process): multi-row inserts; the FTS5 rows and the hourly counts of the rows they
 * return, in the same transaction.
 */
async function insertSqlite(
  tx: Knex.Transaction,
  sourceId: string,
  rows: EventInsertRow[],
  fts: boolean,
): Promise<number> {
  const inserted: InsertedWithText[] = [];
  const tuple = `(${ROW_COLUMNS.map(() => '?').join(', ')})`;
  for (let i = 0; i < rows.length; i += SQLITE_CHUNK) {
    const chunk = rows.slice(i, i + SQLITE_CHUNK);
    const bindings: (string | null)[] = [];
    for (const row of chunk) for (const column of ROW_COLUMNS) bindings.push(row[column]);
    inserted.push(
      ...(await tx.raw<InsertedWithText[]>(
        `insert into ${EVENTS_TABLE} (${ROW_COLUMNS.join(', ')})
         values ${chunk.map(() => tuple).join(', ')}
         on conflict (source_id, dedupe_key) do nothing
         returning id, occurred_at, category, outcome${fts ? ', search_text' : ''}`,
        bindings,
      )),
    );
  }
  if (fts)
    for (let i = 0; i < inserted.length; i += SQLITE_CHUNK) {
      const chunk = inserted.slice(i, i + SQLITE_CHUNK);
      await tx.raw(
        `insert into ${FTS_TABLE} (rowid, search_text) values ${chunk.map(() => '(?, ?)').join(', ')}`,
        chunk.flatMap((row) => [row.id, row.search_text]),
      );
    }
  await addCounts(tx, sourceId, inserted);
  return inserted.length;
}

function insertRows(
  tx: Knex.Transaction,
  sourceId: string,
  rows: EventInsertRow[],
  search: SearchMode,
): Promise<number> {
  return isPostgres(tx)
    ? insertPostgres(tx, sourceId, rows)
    : insertSqlite(tx, sourceId, rows, search === 'fts5');
}

/** Events per (bucket, category, outcome) of rows, sorted (a stable lock order). */
export function countsOf(
  rows: Inserted[],
  level: { length: number; suffix: string } = COUNT_LEVELS[0],
): [string, string, string, number][] {
  const counts = new Map<string, number>();
  for (const row of rows) {
    const key = `${row.occurred_at.slice(0, level.length)}${level.suffix}\u0000${row.category}\u0000${row.outcome}`;
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
  for (const level of COUNT_LEVELS) await addLevelCounts(tx, sourceId, rows, level);
}

async function addLevelCounts(
  tx: Knex.Transaction,
  sourceId: string,
  rows: Inserted[],
  level: (typeof COUNT_LEVELS)[number],
) {
  const counts = countsOf(rows, level);
  for (let i = 0; i < counts.length; i += 500) {
    await tx(level.table)
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
      .merge({ count: tx.raw('??.?? + excluded.??', [level.table, 'count', 'count']) });
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
    search: SearchMode;
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
    try {
      // A savepoint: on PostgreSQL a failed statement would abort the whole transaction.
      stored = await tx.transaction((sp) => insertRows(sp, sourceId, rows, params.search));
    } catch {
      // One or more rows refused: store row by row and set aside each one that fails.
      stored = 0;
      for (const [i, row] of rows.entries()) {
        try {
          stored += await tx.transaction((sp) => insertRows(sp, sourceId, [row], params.search));
        } catch (error) {
          refused.push({ event: rowEvents[i]!, ...databaseError(error) });
        }
      }
    }
    for (const item of refused) await quarantine(tx, sourceId, item, at);
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
  { event, code, message }: { event: AuditEvent; code: string; message: string },
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
