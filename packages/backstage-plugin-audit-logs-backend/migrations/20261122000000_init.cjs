// @ts-check
/* global exports */
// Shipped as plain JS (knex loads it at run time). Portable: SQLite and PostgreSQL.
// Never rename or delete a shipped migration; add a new file instead.

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.createTable('audit_logs__events', (table) => {
    table.comment('Normalized audit events ingested from the configured sources');
    table.bigIncrements('id').primary().comment('The store id, served as GET /events/:id');
    table.string('source_id', 63).notNullable();
    table.string('source_type', 100).notNullable();
    table.string('dedupe_key', 512).notNullable().comment('Unique per source (the core dedupeKey)');
    table.string('event_id', 512).notNullable().comment('The vendor id of the record');
    // UTC ISO-8601 with milliseconds and Z: fixed width, so text order is time order.
    table.string('occurred_at', 24).notNullable();
    table.string('actor_id', 512).nullable();
    table.string('actor_name', 512).nullable();
    table.string('actor_email', 512).nullable();
    table.string('action', 512).notNullable();
    table.string('activity', 32).notNullable();
    table.string('category', 512).notNullable();
    table.string('outcome', 32).notNullable();
    table.text('search_text').notNullable().comment('Lower-cased text for free-text search');
    table
      .text('event_json')
      .notNullable()
      .comment('The whole AuditEvent, raw and changes included');
    table.string('ingested_at', 24).notNullable();
    table.unique(['source_id', 'dedupe_key'], { indexName: 'audit_logs__events_source_dedupe_uq' });
    table.index(['occurred_at', 'id'], 'audit_logs__events_time_idx');
    table.index(['source_id', 'occurred_at', 'id'], 'audit_logs__events_source_time_idx');
  });

  await knex.schema.createTable('audit_logs__sources', (table) => {
    table.comment('Ingestion state per configured source');
    table.string('source_id', 63).primary();
    table.string('source_type', 100).notNullable();
    table.text('checkpoint').nullable().comment('The core sync checkpoint (JSON)');
    table.string('watermark', 24).nullable();
    table.string('last_run_at', 24).nullable();
    table.string('last_success_at', 24).nullable();
    table.string('last_error_code', 64).nullable();
    table.text('last_error_message').nullable();
    table.string('last_error_at', 24).nullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('audit_logs__sources');
  await knex.schema.dropTable('audit_logs__events');
};
