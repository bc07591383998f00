import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeCheckpoint, fakeEvent } from '../__testing__/events.js';
import {
  createPostgresDatabase,
  createSqliteDatabase,
  postgresUrl,
  type TestDatabase,
} from '../__testing__/databases.js';
import { AuditLogStore, EVENTS_TABLE } from './audit-log-store.js';
import { toInsertRow } from './fit.js';
import { applyEventFilters, type SearchMode } from './filters.js';
import { migrate } from './migrate.js';
import { ROLLUPS, isPostgres, type RollupSource } from './tables.js';
import { rollupCounts } from './write-path.js';

const pgUrl = postgresUrl();
const engines: [string, () => Promise<TestDatabase>][] = [
  ['SQLite', () => Promise.resolve(createSqliteDatabase())],
];
if (pgUrl) engines.push(['PostgreSQL', () => createPostgresDatabase(pgUrl)]);

describe.each(engines)('AuditLogStore on %s', (_name, create) => {
  let db: TestDatabase;
  let store: AuditLogStore;

  beforeAll(async () => {
    db = await create();
    await migrate(db.knex);
    // Migrating twice is a no-op.
    await migrate(db.knex);
    store = new AuditLogStore(db.knex);
    expect(await store.init()).toMatchObject({ indexed: true });
    const events = Array.from({ length: 1200 }, (_, i) => fakeEvent(i + 1));
    for (let i = 0; i < events.length; i += 300)
      await store.storeBatch(
        'kore',
        'kore-ai-for-work',
        events.slice(i, i + 300),
        fakeCheckpoint('kore', events[i + 299]!.occurredAt),
      );
    const other = Array.from({ length: 50 }, (_, i) =>
      fakeEvent(i + 1, {
        source: { type: 'kore-ai-for-work', id: 'other' },
        dedupeKey: `other:${i}`,
      }),
    );
    await store.storeBatch('other', 'kore-ai-for-work', other, fakeCheckpoint('other'));
  });
  afterAll(() => db?.destroy());

  it('never stores a (source, dedupe key) twice, and commits the checkpoint with its batch', async () => {
    const again = [fakeEvent(1), fakeEvent(2), fakeEvent(5000)];
    const checkpoint = fakeCheckpoint('kore', '2026-12-01T00:00:00.000Z');
    await store.storeBatch('kore', 'kore-ai-for-work', again, checkpoint);
    const [{ n }] = (await db.knex(EVENTS_TABLE).where('source_id', 'kore').count({ n: '*' })) as [
      { n: string | number },
    ];
    expect(Number(n)).toBe(1201);
    expect(JSON.parse((await store.getCheckpoint('kore'))!)).toEqual(checkpoint);
    // Take it out again, with its share of every rollup, so the other tests see 1200 events.
    await db.knex(EVENTS_TABLE).where({ source_id: 'kore', dedupe_key: 'kore:evt-5000' }).delete();
    const row = toInsertRow(fakeEvent(5000), 'kore', 'x');
    if (!('row' in row)) throw new Error('no row');
    for (const rollup of ROLLUPS)
      for (const [bucket, dims] of rollupCounts([row.row as unknown as RollupSource], rollup))
        await db
          .knex(rollup.table)
          .where({
            source_id: 'kore',
            bucket_start: bucket,
            ...Object.fromEntries(rollup.dims.map((dim, d) => [dim.column, dims[d]])),
          })
          .decrement('count', 1);
  });

  it('rolls back the events when the checkpoint cannot be stored', async () => {
    const before = await store.getCheckpoint('kore');
    // A NULL source type violates the state table's NOT NULL after the events were inserted.
    await expect(
      store.storeBatch(
        'kore',
        null as unknown as string,
        [fakeEvent(9000)],
        fakeCheckpoint('kore'),
      ),
    ).rejects.toThrow();
    expect(
      await db.knex(EVENTS_TABLE).where({ dedupe_key: 'kore:evt-9000' }).first(),
    ).toBeUndefined();
    expect(await store.getCheckpoint('kore')).toBe(before);
  });

  it('pages newest first with a keyset cursor, every event exactly once', async () => {
    const seen: string[] = [];
    let cursor;
    let pages = 0;
    for (;;) {
      const page = await store.listEvents(
        { source: ['kore'] },
        cursor ? { limit: 500, cursor } : { limit: 500 },
      );
      seen.push(...page.items.map((item) => item.event.id));
      pages++;
      if (!page.next) break;
      cursor = page.next;
    }
    expect(pages).toBe(3);
    expect(seen).toHaveLength(1200);
    expect(new Set(seen).size).toBe(1200);
    expect(seen[0]).toBe('evt-1200');
    expect(seen.at(-1)).toBe('evt-1');
  });

  it('filters by time range, actor, action, category and free text', async () => {
    const list = async (query: Parameters<AuditLogStore['listEvents']>[0]) =>
      (await store.listEvents(query, { limit: 500 })).items.map((s) => s.event.id);
    const ranged = await list({
      source: ['kore'],
      from: fakeEvent(10).occurredAt,
      to: fakeEvent(20).occurredAt,
    });
    expect(ranged).toEqual(Array.from({ length: 10 }, (_, i) => `evt-${19 - i}`));
    const byActor = await list({
      source: ['kore'],
      actor: 'USER3@example.com',
      to: fakeEvent(30).occurredAt,
    });
    expect(byActor).toEqual(['evt-24', 'evt-17', 'evt-10', 'evt-3']);
    expect(
      await list({
        source: ['kore'],
        action: 'USER_LOGIN',
        category: 'Bots',
        to: fakeEvent(10).occurredAt,
      }),
    ).toEqual(['evt-9', 'evt-3']);
    expect(await list({ q: 'NUMBER 1199 WITH 100%' })).toEqual(['evt-1199']);
    // LIKE wildcards in the search text are literal.
    expect(await list({ q: 'number 1_99' })).toEqual([]);
    expect(await list({ source: ['other'] })).toHaveLength(50);
  });

  it('finds the same events for a text whichever way it is searched', async () => {
    // Counting tests each row when the other filters leave few (`scan`), else asks the index.
    const modes: SearchMode[] = ['like', 'scan'];
    if (!isPostgres(db.knex)) modes.push('fts5');
    const texts = ['NUMBER 1199 WITH 100%', 'number 1_99', 'event number 12', '100%', 'no such'];
    for (const q of texts) {
      const found = await Promise.all(
        modes.map(async (mode) => {
          const qb = db.knex(EVENTS_TABLE).select('id');
          applyEventFilters(qb, { q }, db.knex, mode);
          const rows = (await qb.orderBy('id')) as { id: number | string }[];
          return rows.map((row) => String(row.id));
        }),
      );
      for (const ids of found.slice(1)) expect(ids).toEqual(found[0]);
      // Wildcards are literal; the other texts are there (11 events for `event number 12`).
      expect(found[0]!.length > 0).toBe(!['number 1_99', 'no such'].includes(q));
    }
  });

  it('pages a frequent search text and an actor exactly, newest first', async () => {
    for (const query of [
      { q: 'event number 1' },
      { actor: 'user 3' },
      { actor: 'u3', q: 'bot 2' },
    ]) {
      const ids: string[] = [];
      let cursor;
      for (;;) {
        const page = await store.listEvents(
          { source: ['kore'], ...query },
          cursor ? { limit: 40, cursor } : { limit: 40 },
        );
        ids.push(...page.items.map((item) => item.event.id));
        if (!page.next) break;
        cursor = page.next;
      }
      const expected = Array.from({ length: 1200 }, (_, i) => fakeEvent(1200 - i))
        .filter((e) =>
          'q' in query && query.q
            ? `${e.description} ${e.target?.name}`.toLowerCase().includes(query.q) &&
              (!('actor' in query) || e.actor.id === query.actor)
            : e.actor.name!.toLowerCase() === query.actor,
        )
        .map((e) => e.id);
      expect(ids, JSON.stringify(query)).toEqual(expected);
    }
  });

  it('streams every match oldest first in bounded pages', async () => {
    const ids: string[] = [];
    let pages = 0;
    for await (const page of store.streamEvents({ source: ['kore'] }, 250)) {
      expect(page.length).toBeLessThanOrEqual(250);
      ids.push(...page.map((s) => s.event.id));
      pages++;
    }
    expect(pages).toBe(5);
    expect(ids[0]).toBe('evt-1');
    expect(ids).toHaveLength(1200);
  });

  it('returns one event with raw and changes, reports source state and applies retention', async () => {
    const [first] = (await store.listEvents({ source: ['kore'] }, { limit: 1 })).items;
    const stored = await store.getEvent(Number(first!.id));
    expect(stored?.event).toEqual(fakeEvent(1200));
    await store.recordRunStart('kore', 'kore-ai-for-work');
    await store.recordRunFailure('kore', 'kore-ai-for-work', {
      code: 'AUTH_FAILED',
      message: 'no',
    });
    let state = (await store.sourceStates()).get('kore');
    expect(state).toMatchObject({
      storedCount: 1200,
      lastError: { code: 'AUTH_FAILED', message: 'no' },
    });
    await store.recordRunSuccess('kore', 'kore-ai-for-work');
    state = (await store.sourceStates()).get('kore');
    expect(state?.lastError).toBeUndefined();
    expect(state?.lastSuccessAt).toMatch(/Z$/);
    const deleted = await store.purgeSource('kore', new Date(fakeEvent(101).occurredAt), {
      batchSize: 7,
    });
    expect(deleted).toBe(100);
    expect((await store.sourceStates()).get('kore')?.storedCount).toBe(1100);
  });
});
