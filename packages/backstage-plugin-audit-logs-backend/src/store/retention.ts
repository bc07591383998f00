import type { Knex } from 'knex';
import { countsOf } from './write-path.js';
import { COUNT_LEVELS, EVENTS_TABLE, QUARANTINE_TABLE, isPostgres } from './tables.js';

/** Rows per delete statement: short transactions, so ingestion and reads never wait long. */
export const PURGE_BATCH = 5000;

interface Deleted {
  occurred_at: string;
  category: string;
  outcome: string;
}

/**
 * Deletes one source's events that occurred before `cutoff`, oldest first, `batchSize` rows per
 * transaction (with their share of the hourly counts), until none is left or `signal` aborts.
 * Returns how many were deleted.
 */
export async function purgeSource(
  knex: Knex,
  sourceId: string,
  cutoff: string,
  options: { batchSize?: number; signal?: AbortSignal } = {},
): Promise<number> {
  const batchSize = options.batchSize ?? PURGE_BATCH;
  let total = 0;
  for (;;) {
    if (options.signal?.aborted) break;
    const deleted = await knex.transaction(async (tx) => {
      const sql = `delete from ${EVENTS_TABLE} where id in (
          select id from ${EVENTS_TABLE} where source_id = ? and occurred_at < ?
          order by occurred_at, id limit ?)
        returning occurred_at, category, outcome`;
      const result = await tx.raw<{ rows: Deleted[] } | Deleted[]>(sql, [
        sourceId,
        cutoff,
        batchSize,
      ]);
      const rows = isPostgres(tx) ? (result as { rows: Deleted[] }).rows : (result as Deleted[]);
      for (const level of COUNT_LEVELS)
        for (const [bucket, category, outcome, n] of countsOf(rows, level)) {
          const key = { bucket_start: bucket, source_id: sourceId, category, outcome };
          await tx(level.table).where(key).decrement('count', n);
          await tx(level.table).where(key).where('count', '<=', 0).delete();
        }
      return rows.length;
    });
    total += deleted;
    if (deleted < batchSize) break;
  }
  await knex(QUARANTINE_TABLE)
    .where('source_id', sourceId)
    .where('quarantined_at', '<', cutoff)
    .delete();
  return total;
}
