import { mockServices } from '@backstage/backend-test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPostgresDatabase,
  createSqliteDatabase,
  postgresUrl,
  type TestDatabase,
} from '../__testing__/databases.js';
import { fakeCheckpoint, fakeEvent } from '../__testing__/events.js';
import { AuditLogStore } from '../store/audit-log-store.js';
import { migrate } from '../store/migrate.js';
import { purgeExpired } from './purge-expired.js';

const pgUrl = postgresUrl();
const engines: [string, () => Promise<TestDatabase>][] = [
  ['SQLite', () => Promise.resolve(createSqliteDatabase())],
];
if (pgUrl) engines.push(['PostgreSQL', () => createPostgresDatabase(pgUrl)]);

// fakeEvent(n) occurs n minutes after 2026-10-01T00:00Z; "now" is 2026-10-11T00:00Z.
const NOW = Date.parse('2026-10-11T00:00:00.000Z');
const DAY = 1440;

describe.each(engines)('retention on %s', (_name, create) => {
  let db: TestDatabase;
  let store: AuditLogStore;

  beforeAll(async () => {
    db = await create();
    await migrate(db.knex);
    store = new AuditLogStore(db.knex);
    await store.init();
    // Every 30 minutes over 10 days, for a kept source, a short one and a removed one.
    for (const id of ['kept', 'short', 'removed']) {
      const events = Array.from({ length: 480 }, (_, i) =>
        fakeEvent((i + 1) * 30, {
          source: { type: 'kore-ai-for-work', id },
          dedupeKey: `${id}:${i}`,
        }),
      );
      await store.storeBatch(id, 'kore-ai-for-work', events, fakeCheckpoint(id));
    }
  });
  afterAll(() => db?.destroy());

  it('purges per source (default, override, 0 keeps all), also sources no longer configured', async () => {
    const deleted = await purgeExpired({
      store,
      retention: { days: 7, sources: { kept: 0, short: 2 } },
      configuredIds: ['kept', 'short'],
      logger: mockServices.logger.mock(),
      now: () => NOW,
    });
    // 7 days: events before 2026-10-04T00:00Z (n*30 min < 3 days → n < 144).
    expect(deleted).toEqual({ short: 48 * 8 - 1, removed: 143 });
    const states = await store.sourceStates();
    expect(states.get('kept')).toMatchObject({
      storedCount: 480,
      oldestEventAt: fakeEvent(30).occurredAt,
    });
    expect(states.get('short')).toMatchObject({
      storedCount: 97,
      oldestEventAt: fakeEvent(8 * DAY).occurredAt,
    });
    expect(states.get('removed')?.oldestEventAt).toBe(fakeEvent(3 * DAY).occurredAt);
    // Counts follow: the stats of the short source start at its oldest kept event.
    const cells = await store.stats({ source: ['short'] }, 'day', 'source');
    expect(cells.reduce((n, c) => n + c.count, 0)).toBe(97);
    // Nothing more to do on a second run.
    const again = await purgeExpired({
      store,
      retention: { days: 7, sources: { kept: 0, short: 2 } },
      configuredIds: ['kept', 'short'],
      logger: mockServices.logger.mock(),
      now: () => NOW,
    });
    expect(again).toEqual({ short: 0, removed: 0 });
  });

  it('stops between batches when the task is aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    expect(await store.purgeSource('kept', new Date(NOW), { signal: controller.signal })).toBe(0);
  });
});
