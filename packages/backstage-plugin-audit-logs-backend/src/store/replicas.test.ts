// Two backends sharing one PostgreSQL database: one stores new batches of a source while the
// other purges the same source's old events. Both change the same all-time totals rows; neither
// may fail (no deadlock) and every rollup must still equal a count over the events.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import knexFactory, { type Knex } from 'knex';
import {
  createPostgresDatabase,
  postgresUrl,
  type TestDatabase,
} from '../__testing__/databases.js';
import { fakeCheckpoint, fakeEvent } from '../__testing__/events.js';
import { AuditLogStore } from './audit-log-store.js';
import { migrate } from './migrate.js';
import { EVENTS_TABLE, ROLLUPS } from './tables.js';
import { rollupKey } from './write-path.js';

const pgUrl = postgresUrl();

const events = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) =>
    fakeEvent(from + i, {
      source: { id: 'shared', type: 'kore-ai-for-work' },
      dedupeKey: `shared:${from + i}`,
      category: ['Bots', 'bots', 'Users', 'users'][(from + i) % 4]!,
      outcome: (from + i) % 5 === 0 ? 'failure' : 'success',
    }),
  );

describe.skipIf(!pgUrl)('two replicas on one PostgreSQL database', () => {
  let db: TestDatabase;
  let other: Knex;

  beforeAll(async () => {
    db = await createPostgresDatabase(pgUrl!);
    await migrate(db.knex);
    other = knexFactory({ client: 'pg', connection: db.url, pool: { min: 0, max: 5 } });
  });
  afterAll(async () => {
    await other?.destroy();
    await db?.destroy();
  });

  it('store and purge one source at the same time; the rollups stay exact', async () => {
    const ingester = new AuditLogStore(db.knex);
    const purger = new AuditLogStore(other);
    await ingester.init();
    await purger.init();
    for (let n = 0; n < 2000; n += 250)
      await ingester.storeBatch(
        'shared',
        'kore-ai-for-work',
        events(n, n + 250),
        fakeCheckpoint('shared'),
      );
    const store = async () => {
      for (let n = 2000; n < 4000; n += 100)
        await ingester.storeBatch(
          'shared',
          'kore-ai-for-work',
          events(n, n + 100),
          fakeCheckpoint('shared'),
        );
    };
    // Events are a minute apart from 2026-10-01T00:00Z: purge the first 1,500 in batches of 7.
    const purge = () =>
      purger.purgeSource(
        'shared',
        new Date(Date.parse('2026-10-01T00:00:00.000Z') + 1500 * 60_000),
        {
          batchSize: 7,
        },
      );
    const [, purged] = await Promise.all([store(), purge()]);
    expect(purged).toBe(1500);
    for (const rollup of ROLLUPS) {
      const key = rollupKey(rollup);
      const bucket = `substr(occurred_at, 1, ${rollup.length}) || '${rollup.suffix}'`;
      const exprs = [bucket, 'source_id', ...rollup.dims.map((dim) => dim.sql)];
      const last = rollup.dims.at(-1);
      const fromEvents = await db.knex.raw<{ rows: Record<string, string>[] }>(
        `select ${exprs.map((sql, i) => `${sql} as ${key[i]}`).join(', ')}, count(*)::text as n
         from ${EVENTS_TABLE} ${last ? `where ${last.sql} is not null` : ''}
         group by ${exprs.join(', ')}`,
      );
      const stored: Record<string, string>[] = await db
        .knex(rollup.table)
        .where('count', '>', 0)
        .select([...key, db.knex.raw('count::text as n')]);
      const line = (row: Record<string, string>) => [...key.map((c) => row[c]), row.n].join(' | ');
      expect(stored.map(line).sort(), rollup.table).toEqual(fromEvents.rows.map(line).sort());
    }
  });
});
