import type { AuditEvent, Checkpoint } from '@auditrelay/core';
import type { Knex } from 'knex';
import { ROW_COLUMNS, fitKey, fitText, toInsertRow, type EventInsertRow } from './fit.js';
import type { SearchMode } from './filters.js';
import {
  EVENTS_TABLE,
  FTS_TABLE,
  QUARANTINE_TABLE,
  ROLLUPS,
  ROLLUP_SOURCE_COLUMNS,
  SOURCES_TABLE,
  isPostgres,
  lockSourceRollups,
  type Rollup,
  type RollupSource,
} from './tables.js';

/** Rows per SQLite insert statement (15 columns: 7,500 variables, under SQLite's 32,766). */
const SQLITE_CHUNK = 500;
/** Rows per PostgreSQL insert (one array parameter per column; larger arrays cost the client more per row, measured). */
const POSTGRES_CHUNK = 1000;

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

interface InsertedWithText extends RollupSource {
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

/** The columns of a rollup's key: bucket, source, then its dims. */
export function rollupKey(rollup: Rollup): string[] {
  return ['bucket_start', 'source_id', ...rollup.dims.map((dim) => dim.column)];
}

/**
 * PostgreSQL: one statement per chunk inserts the rows (one text[] parameter per column, a short
 * statement parsed once) and adds the new ones to every rollup inside the server (no rows back).
 */
async function insertPostgres(
  tx: Knex.Transaction,
  sourceId: string,
  rows: EventInsertRow[],
): Promise<number> {
  let stored = 0;
  for (let i = 0; i < rows.length; i += POSTGRES_CHUNK) {
    const chunk = rows.slice(i, i + POSTGRES_CHUNK);
    // One JSON text: serialized natively, where text[] parameters are built character by
    // character in JS (most of the client's CPU per row, measured). Text the JSON route would
    // treat differently from the arrays (an escaped NUL or lone surrogate, which PostgreSQL's
    // json refuses and the UTF-8 encoding of the arrays replaces) goes as arrays.
    const json = JSON.stringify(chunk);
    const asJson =
      !json.includes('\\u') || (!json.includes('\\u0000') && !/\\ud[89a-f]/i.test(json));
    const source = asJson
      ? `json_to_recordset(?::json) as r(${ROW_COLUMNS.map((column) => `${column} text`).join(', ')})`
      : `unnest(${ROW_COLUMNS.map(() => '?::text[]').join(', ')}) as r(${ROW_COLUMNS.join(', ')})`;
    const bindings: Knex.RawBinding[] = asJson
      ? [json]
      : (ROW_COLUMNS.map((column) =>
          chunk.map((row) => row[column]),
        ) as unknown as Knex.RawBinding[]);
    const result = await tx.raw<{ rows: { stored: number }[] }>(
      `with inserted as (
         insert into ${EVENTS_TABLE} (${ROW_COLUMNS.join(', ')})
         select ${ROW_COLUMNS.join(', ')} from ${source}
         on conflict (source_id, dedupe_key) do nothing
         returning ${ROLLUP_SOURCE_COLUMNS}
       )${ROLLUPS.map((rollup, r) => {
         const dims = rollup.dims.map((dim) => dim.sql);
         const groups = [1, ...dims.map((_, d) => d + 3)].join(', ');
         const last = rollup.dims.at(-1);
         return `, added_${r} as (
         insert into ${rollup.table} (${rollupKey(rollup).join(', ')}, count)
         select substr(occurred_at, 1, ${rollup.length}) || '${rollup.suffix}', ?${dims.map((sql) => `, ${sql}`).join('')}, count(*)
         from inserted${last && last.sql !== last.column ? ` where ${last.sql} is not null` : ''}
         group by ${groups} order by ${groups}
         on conflict (${rollupKey(rollup).join(', ')})
         do update set count = ${rollup.table}.count + excluded.count
       )`;
       }).join('')}
       select count(*)::int as stored from inserted`,
      [...bindings, ...ROLLUPS.map(() => sourceId)],
    );
    stored += result.rows[0]!.stored;
  }
  return stored;
}

/** better-sqlite3's statement and connection, as far as the store uses them. */
interface SqliteStatement {
  run(...params: unknown[]): { changes: number; lastInsertRowid: number | bigint };
}
interface SqliteConnection {
  prepare(sql: string): SqliteStatement;
}

const prepared = new WeakMap<SqliteConnection, Map<string, SqliteStatement>>();

/** A statement prepared once per connection (SQLite re-prepares it itself after a schema change). */
function statement(db: SqliteConnection, sql: string): SqliteStatement {
  let cache = prepared.get(db);
  if (!cache) prepared.set(db, (cache = new Map<string, SqliteStatement>()));
  let stmt = cache.get(sql);
  if (!stmt) cache.set(sql, (stmt = db.prepare(sql)));
  return stmt;
}

const INSERT_ONE = `insert into ${EVENTS_TABLE} (${ROW_COLUMNS.join(', ')})
  values (${ROW_COLUMNS.map(() => '?').join(', ')})
  on conflict (source_id, dedupe_key) do nothing`;

/**
 * better-sqlite3 (in process, synchronous): one prepared single-row insert run per row in the
 * batch's transaction (no SQL text built or parsed per batch), the FTS5 row of each new event and
 * the rollups of the new events, all on the transaction's own connection.
 */
async function insertBetterSqlite(
  tx: Knex.Transaction,
  sourceId: string,
  rows: EventInsertRow[],
  fts: boolean,
): Promise<number> {
  const client = tx.client as unknown as { acquireConnection(): Promise<SqliteConnection> };
  const db = await client.acquireConnection();
  const insert = statement(db, INSERT_ONE);
  const index = fts
    ? statement(db, `insert into ${FTS_TABLE} (rowid, search_text) values (?, ?)`)
    : undefined;
  const inserted: RollupSource[] = [];
  const values: (string | null)[] = new Array<string | null>(ROW_COLUMNS.length);
  for (const row of rows) {
    for (let c = 0; c < ROW_COLUMNS.length; c++) values[c] = row[ROW_COLUMNS[c]!];
    const result = insert.run(...values);
    if (result.changes === 0) continue;
    index?.run(result.lastInsertRowid, row.search_text);
    inserted.push(row as unknown as RollupSource);
  }
  for (const rollup of ROLLUPS) {
    const key = rollupKey(rollup);
    const upsert = statement(
      db,
      `insert into ${rollup.table} (${key.join(', ')}, count) values (${key.map(() => '?').join(', ')}, ?)
       on conflict (${key.join(', ')}) do update set count = count + excluded.count`,
    );
    for (const [bucket, dims, n] of rollupCounts(inserted, rollup))
      upsert.run(bucket, sourceId, ...dims, n);
  }
  return inserted.length;
}

/**
 * Other SQLite drivers: multi-row inserts; the FTS5 rows and the rollups of the rows they return,
 * in the same transaction.
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
         returning id, ${ROLLUP_SOURCE_COLUMNS}${fts ? ', search_text' : ''}`,
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
  for (const rollup of ROLLUPS) await addRollup(tx, sourceId, inserted, rollup);
  return inserted.length;
}

function isBetterSqlite(knex: Knex): boolean {
  const { config } = knex.client as { config: { client?: unknown } };
  return String(config.client) === 'better-sqlite3';
}

function insertRows(
  tx: Knex.Transaction,
  sourceId: string,
  rows: EventInsertRow[],
  search: SearchMode,
): Promise<number> {
  if (isPostgres(tx)) return insertPostgres(tx, sourceId, rows);
  return isBetterSqlite(tx)
    ? insertBetterSqlite(tx, sourceId, rows, search === 'fts5')
    : insertSqlite(tx, sourceId, rows, search === 'fts5');
}

/**
 * Events per (bucket, dims…) of a rollup in rows, sorted by key (a stable lock order); rows
 * whose dim is null are not counted.
 */
export function rollupCounts(
  rows: RollupSource[],
  rollup: Rollup,
): [bucket: string, dims: string[], count: number][] {
  const counts = new Map<string, [string, string[], number]>();
  outer: for (const row of rows) {
    const bucket = `${row.occurred_at.slice(0, rollup.length)}${rollup.suffix}`;
    const dims: string[] = [];
    for (const dim of rollup.dims) {
      const value = dim.of(row);
      if (value === null) continue outer;
      dims.push(value);
    }
    const key = [bucket, ...dims].join('\u0000');
    const entry = counts.get(key);
    if (entry) entry[2]++;
    else counts.set(key, [bucket, dims, 1]);
  }
  return [...counts.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, entry]) => entry);
}

async function addRollup(
  tx: Knex.Transaction,
  sourceId: string,
  rows: RollupSource[],
  rollup: Rollup,
) {
  const counts = rollupCounts(rows, rollup);
  const key = rollupKey(rollup);
  for (let i = 0; i < counts.length; i += 500) {
    await tx(rollup.table)
      .insert(
        counts.slice(i, i + 500).map(([bucket, dims, count]) => ({
          bucket_start: bucket,
          source_id: sourceId,
          ...Object.fromEntries(rollup.dims.map((dim, d) => [dim.column, dims[d]])),
          count,
        })),
      )
      .onConflict(key)
      .merge({ count: tx.raw('??.?? + excluded.??', [rollup.table, 'count', 'count']) });
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
    // The batch and its checkpoint commit together either way; without waiting for the WAL
    // flush, a server crash can lose the last batches committed (events and checkpoint alike),
    // which the next run reads again.
    if (isPostgres(tx)) await tx.raw('set local synchronous_commit = off');
    await lockSourceRollups(tx, sourceId);
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
