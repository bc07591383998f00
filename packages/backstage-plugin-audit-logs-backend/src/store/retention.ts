import type { Knex } from 'knex';
import { rollupCounts } from './write-path.js';
import {
  EVENTS_TABLE,
  QUARANTINE_TABLE,
  ROLLUPS,
  ROLLUP_SOURCE_COLUMNS,
  isPostgres,
  lockSourceRollups,
  type RollupSource,
} from './tables.js';

/** Rows per delete statement: short transactions, so ingestion and reads never wait long. */
export const PURGE_BATCH = 5000;

/**
 * Deletes one source's events that occurred before `cutoff`, oldest first, `batchSize` rows per
 * transaction (with their share of every rollup), until none is left or `signal` aborts.
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
      await lockSourceRollups(tx, sourceId);
      const sql = `delete from ${EVENTS_TABLE} where id in (
          select id from ${EVENTS_TABLE} where source_id = ? and occurred_at < ?
          order by occurred_at, id limit ?)
        returning ${ROLLUP_SOURCE_COLUMNS}`;
      const result = await tx.raw<{ rows: RollupSource[] } | RollupSource[]>(sql, [
        sourceId,
        cutoff,
        batchSize,
      ]);
      const rows = isPostgres(tx)
        ? (result as { rows: RollupSource[] }).rows
        : (result as RollupSource[]);
      for (const rollup of ROLLUPS)
        for (const [bucket, dims, n] of rollupCounts(rows, rollup)) {
          const key = {
            bucket_start: bucket,
            source_id: sourceId,
            ...Object.fromEntries(rollup.dims.map((dim, d) => [dim.column, dims[d]])),
          };
          await tx(rollup.table).where(key).decrement('count', n);
          await tx(rollup.table).where(key).where('count', '<=', 0).delete();
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
