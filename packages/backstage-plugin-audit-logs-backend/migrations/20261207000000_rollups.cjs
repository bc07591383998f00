// @ts-check
/* global exports */
// More rollups of the stored events, kept by the store in the transaction that stores or purges
// them: per source alone (hourly and daily: /stats by source without category or outcome
// filters) and daily per action and per actor (the /facets of those fields over whole days).
// Never rename or delete a shipped migration; add a new file instead.

const EVENTS = 'audit_logs__events';

/** Each table: name, bucket length of occurred_at, suffix, extra key columns and their SQL. */
const TABLES = /** @type {const} */ ([
  ['audit_logs__source_counts', 13, ':00:00.000Z', [], 'hour and source'],
  ['audit_logs__source_counts_daily', 10, 'T00:00:00.000Z', [], 'day and source'],
  [
    'audit_logs__action_counts_daily',
    10,
    'T00:00:00.000Z',
    [
      ['category', 'category'],
      ['outcome', 'outcome'],
      ['action', 'action'],
    ],
    'day, source, category, outcome and action',
  ],
  [
    'audit_logs__actor_counts_daily',
    10,
    'T00:00:00.000Z',
    [
      ['category', 'category'],
      ['outcome', 'outcome'],
      ['actor', 'coalesce(actor_email, actor_name, actor_id)'],
    ],
    'day, source, category, outcome and actor (email, else name, else id)',
  ],
]);

const WIDTHS = { category: 512, outcome: 32, action: 512, actor: 512 };

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  for (const [table, length, suffix, dims, what] of TABLES) {
    await knex.schema.createTable(table, (t) => {
      t.comment(`Stored events per ${what}`);
      t.string('bucket_start', 24).notNullable();
      t.string('source_id', 63).notNullable();
      for (const [column] of dims) t.string(column, WIDTHS[column]).notNullable();
      t.bigInteger('count').notNullable();
      t.primary(['bucket_start', 'source_id', ...dims.map(([column]) => column)], `${table}_pk`);
    });
    const bucket = `substr(occurred_at, 1, ${length}) || '${suffix}'`;
    const exprs = dims.map(([, sql]) => sql);
    const last = exprs.at(-1);
    await knex.raw(
      `insert into ${table} (bucket_start, source_id${dims.map(([column]) => `, ${column}`).join('')}, count)
       select ${bucket}, source_id${exprs.map((sql) => `, ${sql}`).join('')}, count(*) from ${EVENTS}
       ${last && last.includes('(') ? `where ${last} is not null` : ''}
       group by ${[bucket, 'source_id', ...exprs].join(', ')}`,
    );
  }
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  for (const [table] of [...TABLES].reverse()) await knex.schema.dropTable(table);
};
