// @ts-check
/* global exports */
// Indexes for every filter, an indexed free-text search (PostgreSQL pg_trgm, SQLite FTS5
// trigram), hourly event counts for /stats and /facets, and the quarantine table.
// Never rename or delete a shipped migration; add a new file instead.

const EVENTS = 'audit_logs__events';

/** @param {import('knex').Knex} knex */
function isPostgres(knex) {
  return /^(pg|postgres|postgresql)$/.test(String(knex.client.config.client));
}

/**
 * Trigram indexes keep `q` a case-insensitive substring match (ids, emails, IPs and parts of
 * words match as before), which full-text search with its word stemming would not.
 * @param {import('knex').Knex} knex
 */
async function createSearchIndex(knex) {
  if (isPostgres(knex)) {
    // pg_trgm ships with PostgreSQL's contrib and is a trusted extension (PostgreSQL 13+): the
    // database owner may create it. Where it cannot be created, the plugin warns at startup
    // and searches without the index. A savepoint keeps the migration's transaction usable.
    const [{ n }] = (
      await knex.raw(`select count(*)::int as n from pg_extension where extname = 'pg_trgm'`)
    ).rows;
    if (n === 0) {
      try {
        await knex.transaction((tx) => tx.raw('create extension if not exists pg_trgm'));
      } catch {
        return;
      }
    }
    await knex.raw(
      `create index audit_logs__events_search_trgm_idx on ${EVENTS} using gin (search_text gin_trgm_ops)`,
    );
    return;
  }
  // A contentless FTS5 table over search_text, rowid = the event id. The store inserts into it in
  // the transaction that inserts the events (a trigger doing the same is six times slower); a
  // trigger removes deleted events. Without FTS5 (or SQLite < 3.43) the plugin warns at startup
  // and searches with LIKE.
  try {
    await knex.raw(
      `create virtual table audit_logs__events_fts using fts5(search_text, tokenize = 'trigram', content = '', contentless_delete = 1)`,
    );
  } catch {
    return;
  }
  await knex.raw(
    `insert into audit_logs__events_fts (rowid, search_text) select id, search_text from ${EVENTS}`,
  );
  await knex.raw(`create trigger audit_logs__events_fts_delete after delete on ${EVENTS} begin
    delete from audit_logs__events_fts where rowid = old.id;
  end`);
}

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.alterTable(EVENTS, (table) => {
    table.index(['action', 'occurred_at', 'id'], 'audit_logs__events_action_idx');
    table.index(['category', 'occurred_at', 'id'], 'audit_logs__events_category_idx');
    table.index(['outcome', 'occurred_at', 'id'], 'audit_logs__events_outcome_idx');
  });
  // The actor filter compares lower(column) on both sides, so one engine's case folding is
  // used throughout.
  for (const column of ['actor_email', 'actor_name', 'actor_id'])
    await knex.raw(
      `create index audit_logs__events_${column}_idx on ${EVENTS} (lower(${column}), occurred_at, id)`,
    );
  await createSearchIndex(knex);

  // Hourly and daily counts: a year of stats reads a few thousand daily rows, not the events.
  for (const [table, length, suffix, what] of [
    ['audit_logs__event_counts', 13, ':00:00.000Z', 'hour'],
    ['audit_logs__event_counts_daily', 10, 'T00:00:00.000Z', 'day'],
  ]) {
    await knex.schema.createTable(table, (t) => {
      t.comment(`Stored events per source, ${what}, category and outcome (for /stats and /facets)`);
      t.string('bucket_start', 24).notNullable().comment(`UTC ${what} start, ISO with ms and Z`);
      t.string('source_id', 63).notNullable();
      t.string('category', 512).notNullable();
      t.string('outcome', 32).notNullable();
      t.bigInteger('count').notNullable();
      t.primary(['bucket_start', 'source_id', 'category', 'outcome'], `${table}_pk`);
    });
    await knex.raw(
      `insert into ${table} (bucket_start, source_id, category, outcome, count)
       select substr(occurred_at, 1, ${length}) || '${suffix}', source_id, category, outcome, count(*)
       from ${EVENTS} group by substr(occurred_at, 1, ${length}), source_id, category, outcome`,
    );
  }

  await knex.schema.createTable('audit_logs__quarantine', (table) => {
    table.comment('Records the database refused even after fitting; ingestion went on past them');
    table.bigIncrements('id').primary();
    table.string('source_id', 63).notNullable();
    table.string('dedupe_key', 512).notNullable();
    table.string('event_id', 512).nullable();
    table.string('occurred_at', 64).nullable();
    table.string('error_code', 64).notNullable();
    table.text('error_message').notNullable().comment('Redacted; never a row value');
    table.text('event_json').nullable().comment('The whole AuditEvent as JSON, when it fits');
    table.string('quarantined_at', 24).notNullable();
    table.unique(['source_id', 'dedupe_key'], { indexName: 'audit_logs__quarantine_source_uq' });
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('audit_logs__quarantine');
  await knex.schema.dropTable('audit_logs__event_counts_daily');
  await knex.schema.dropTable('audit_logs__event_counts');
  if (isPostgres(knex)) await knex.raw('drop index if exists audit_logs__events_search_trgm_idx');
  else {
    await knex.raw('drop trigger if exists audit_logs__events_fts_delete');
    await knex.raw('drop table if exists audit_logs__events_fts');
  }
  for (const column of ['actor_email', 'actor_name', 'actor_id'])
    await knex.raw(`drop index if exists audit_logs__events_${column}_idx`);
  await knex.schema.alterTable(EVENTS, (table) => {
    table.dropIndex([], 'audit_logs__events_action_idx');
    table.dropIndex([], 'audit_logs__events_category_idx');
    table.dropIndex([], 'audit_logs__events_outcome_idx');
  });
};
