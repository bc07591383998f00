import type { Knex } from 'knex';
import type { SearchMode } from './filters.js';
import { FTS_TABLE, isPostgres } from './tables.js';

export interface SearchIndexStatus {
  mode: SearchMode;
  /** True when `q` is served by an index (pg_trgm GIN or the FTS5 table). */
  indexed: boolean;
  /** What to do when it is not. */
  hint?: string;
}

/** Finds out how free text is searched on this database (the migration creates what it can). */
export async function detectSearchIndex(knex: Knex): Promise<SearchIndexStatus> {
  if (isPostgres(knex)) {
    const result = await knex.raw<{ rows: unknown[] }>(
      `select 1 from pg_indexes where indexname = 'audit_logs__events_search_trgm_idx'`,
    );
    return result.rows.length > 0
      ? { mode: 'like', indexed: true }
      : {
          mode: 'like',
          indexed: false,
          hint:
            'the pg_trgm extension could not be created, so free-text search (q) scans the events. ' +
            'As a database superuser run: CREATE EXTENSION pg_trgm; CREATE INDEX audit_logs__events_search_trgm_idx ' +
            'ON audit_logs__events USING gin (search_text gin_trgm_ops);',
        };
  }
  const rows = (await knex('sqlite_master').where({ type: 'table', name: FTS_TABLE })) as unknown[];
  return rows.length > 0
    ? { mode: 'fts5', indexed: true }
    : {
        mode: 'like',
        indexed: false,
        hint: 'this SQLite has no FTS5 trigram tokenizer (needs 3.43+ with FTS5), so free-text search (q) scans the events',
      };
}
