import type { StoredAuditEvent } from '@auditrelay/backstage-plugin-audit-logs-node';
import type { Knex } from 'knex';
import type { EventCursor } from './cursor.js';
import { applyEventFilters, type SearchMode, type StoreQuery } from './filters.js';
import { toStored } from './mapping.js';
import { EVENTS_TABLE, EVENT_COLUMNS, type EventRow } from './tables.js';

/**
 * Keyset condition as a row-value comparison: SQLite and PostgreSQL seek the (…, occurred_at, id)
 * indexes with it, where the equivalent OR form reads every row above the cursor (1M rows: 0.24 ms
 * instead of 69 ms on SQLite, 0.9 ms instead of 298 ms on PostgreSQL).
 */
function beyond(qb: Knex.QueryBuilder, position: EventCursor, direction: '<' | '>'): void {
  void qb.whereRaw(`(occurred_at, id) ${direction} (?, ?)`, [position.occurredAt, position.id]);
}

function filtered(knex: Knex, search: SearchMode, query: StoreQuery) {
  const qb: Knex.QueryBuilder = knex(EVENTS_TABLE).select(EVENT_COLUMNS);
  applyEventFilters(qb, query, knex, search);
  return qb;
}

/** One page, newest first, after `cursor`; fetches one extra row to know if more follow. */
export async function listEvents(
  knex: Knex,
  search: SearchMode,
  query: StoreQuery,
  page: { limit: number; cursor?: EventCursor },
): Promise<{ items: StoredAuditEvent[]; next?: EventCursor }> {
  const qb = filtered(knex, search, query);
  if (page.cursor) beyond(qb, page.cursor, '<');
  const rows = (await qb
    .orderBy([
      { column: 'occurred_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .limit(page.limit + 1)) as unknown as EventRow[];
  const items = rows.slice(0, page.limit).map(toStored);
  const last = rows.length > page.limit ? rows[page.limit - 1] : undefined;
  return last ? { items, next: { occurredAt: last.occurred_at, id: Number(last.id) } } : { items };
}

/** Every matching event, oldest first, read in keyset pages so memory stays flat. */
export async function* streamEvents(
  knex: Knex,
  search: SearchMode,
  query: StoreQuery,
  pageSize: number,
): AsyncGenerator<StoredAuditEvent[]> {
  let after: EventCursor | undefined;
  for (;;) {
    const qb = filtered(knex, search, query);
    if (after) beyond(qb, after, '>');
    const rows = (await qb
      .orderBy([
        { column: 'occurred_at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ])
      .limit(pageSize)) as unknown as EventRow[];
    if (rows.length === 0) return;
    yield rows.map(toStored);
    if (rows.length < pageSize) return;
    const last = rows[rows.length - 1]!;
    after = { occurredAt: last.occurred_at, id: Number(last.id) };
  }
}

/** One event by store id, if the caller's access (in the query) covers its source. */
export async function getEvent(
  knex: Knex,
  search: SearchMode,
  id: number,
  query: StoreQuery = {},
): Promise<StoredAuditEvent | undefined> {
  const row = (await filtered(knex, search, query).where('id', id).first()) as EventRow | undefined;
  return row ? toStored(row) : undefined;
}
