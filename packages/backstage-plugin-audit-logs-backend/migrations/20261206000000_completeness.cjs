// @ts-check
/* global exports */
// The completeness report of each source's last sync run: what it delivered and how it showed
// that nothing was missing (or why it could not). Never rename or delete a shipped migration.

const SOURCES = 'audit_logs__sources';

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.alterTable(SOURCES, (table) => {
    table.text('last_completeness').nullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable(SOURCES, (table) => {
    table.dropColumn('last_completeness');
  });
};
