// /stats and /facets read whole days and hours from the rollups and the rest from the events: on
// both engines they must equal a plain count over the stored events, for every kind of range,
// filter and access condition, also after a purge.
import type { AuditEvent } from '@auditrelay/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPostgresDatabase,
  createSqliteDatabase,
  postgresUrl,
  type TestDatabase,
} from '../__testing__/databases.js';
import { fakeCheckpoint, fakeEvent } from '../__testing__/events.js';
import { AuditLogStore } from './audit-log-store.js';
import type { StoreQuery } from './filters.js';
import { migrate } from './migrate.js';
import { EVENTS_TABLE, ROLLUPS } from './tables.js';
import { rollupKey } from './write-path.js';

const pgUrl = postgresUrl();
const engines: [string, () => Promise<TestDatabase>][] = [
  ['SQLite', () => Promise.resolve(createSqliteDatabase())],
];
if (pgUrl) engines.push(['PostgreSQL', () => createPostgresDatabase(pgUrl)]);

const SOURCES = [
  ['kore', 'kore-ai-for-work'],
  ['orch', 'uipath-orchestrator-odata'],
] as const;

/** Events every 7 minutes over about 2.5 days, categories and outcomes varying. */
function seed(): AuditEvent[] {
  const events: AuditEvent[] = [];
  for (const [id, type] of SOURCES)
    for (let n = 1; n <= 500; n++)
      events.push(
        fakeEvent(n * 7 + (id === 'orch' ? 3 : 0), {
          source: { id, type },
          dedupeKey: `${id}:${n}`,
          category: ['Bots', 'Users', 'Robots'][n % 3]!,
          outcome: n % 11 === 0 ? 'failure' : 'success',
          // Some actors have no email (the actor facet counts their name) or no name either.
          ...(n % 13 === 0 ? { actor: { id: `id${n % 4}`, name: `Name ${n % 5}` } } : {}),
          ...(n % 17 === 0 ? { actor: { id: `only-id-${n % 3}` } } : {}),
        }),
      );
  return events;
}

function expected(
  events: AuditEvent[],
  query: StoreQuery,
  hour: boolean,
  by: 'category' | 'source' | 'outcome',
) {
  const out = new Map<string, number>();
  for (const e of events) {
    if (query.source && !query.source.includes(e.source.id)) continue;
    if (query.from && e.occurredAt < query.from) continue;
    if (query.to && e.occurredAt >= query.to) continue;
    if (query.category && e.category !== query.category) continue;
    if (query.outcome && e.outcome !== query.outcome) continue;
    if (query.action && e.action !== query.action) continue;
    if (query.q && !e.description!.toLowerCase().includes(query.q)) continue;
    if (query.access && !(query.access as { values: string[] }).values.includes(e.source.id))
      continue;
    const start = hour
      ? `${e.occurredAt.slice(0, 13)}:00:00.000Z`
      : `${e.occurredAt.slice(0, 10)}T00:00:00.000Z`;
    const key = by === 'source' ? e.source.id : e[by];
    out.set(`${start} ${key}`, (out.get(`${start} ${key}`) ?? 0) + 1);
  }
  return [...out.entries()].map(([k, count]) => `${k} ${count}`).sort();
}

const QUERIES: StoreQuery[] = [
  {},
  { source: ['orch'] },
  { from: '2026-10-01T05:00:00.000Z', to: '2026-10-02T07:00:00.000Z' },
  { from: '2026-10-01T05:13:00.000Z', to: '2026-10-02T07:41:30.000Z' },
  { from: '2026-10-01T05:13:00.000Z', to: '2026-10-01T05:50:00.000Z' },
  // A whole day, whole hours and partial hours on both sides.
  { from: '2026-10-01T05:13:00.000Z', to: '2026-10-03T07:41:30.000Z' },
  { to: '2026-10-02T09:00:00.000Z', source: ['kore'] },
  { from: '2026-10-02T00:00:00.000Z' },
  { to: '2026-10-01T17:20:00.000Z', category: 'Users' },
  { outcome: 'failure', from: '2026-10-01T03:03:00.000Z' },
  { action: 'USER_LOGIN', from: '2026-10-01T03:03:00.000Z' },
  { q: 'number 4', from: '2026-10-01T03:03:00.000Z', to: '2026-10-02T00:00:00.000Z' },
  { q: 'number 3', source: ['kore'] },
  { access: { property: 'sourceId', values: ['kore'] }, from: '2026-10-01T09:59:59.999Z' },
  // Most of the stored time: facets take the all-time totals minus what lies outside (whole
  // days, whole hours and partial hours at both ends), also with filters; and a bounded range
  // around every stored event.
  { from: '2026-10-01T00:41:10.000Z', to: '2026-10-03T17:20:00.000Z' },
  { from: '2026-10-01T01:00:00.000Z', to: '2026-10-03T00:00:00.000Z', category: 'Bots' },
  { from: '2026-10-01T00:20:00.000Z', source: ['orch'], outcome: 'success' },
  { to: '2026-10-03T09:13:59.999Z', access: { property: 'sourceId', values: ['orch'] } },
  { from: '2020-01-01T00:00:00.000Z', to: '2030-01-01T00:00:00.000Z' },
];

describe.each(engines)('stats and facets on %s', (_name, create) => {
  let db: TestDatabase;
  let store: AuditLogStore;
  let events: AuditEvent[];

  beforeAll(async () => {
    db = await create();
    await migrate(db.knex);
    store = new AuditLogStore(db.knex);
    await store.init();
    events = seed();
    for (const [id, type] of SOURCES) {
      const mine = events.filter((e) => e.source.id === id);
      for (let i = 0; i < mine.length; i += 150) {
        // A poison record in every batch: quarantined, never counted.
        const poison = { ...mine[i]!, dedupeKey: `${id}:poison:${i}`, occurredAt: 'yesterday' };
        const result = await store.storeBatch(
          id,
          type,
          [...mine.slice(i, i + 150), poison],
          fakeCheckpoint(id),
        );
        expect(result.quarantined).toHaveLength(1);
      }
      // A batch read again stores nothing and counts nothing.
      await store.storeBatch(id, type, mine.slice(0, 150), fakeCheckpoint(id));
    }
  });
  afterAll(() => db?.destroy());

  /** Every rollup table holds exactly the group-by of the stored events it stands for. */
  async function checkRollups() {
    for (const rollup of ROLLUPS) {
      const key = rollupKey(rollup);
      const bucket = `substr(occurred_at, 1, ${rollup.length}) || '${rollup.suffix}'`;
      const exprs = [bucket, 'source_id', ...rollup.dims.map((dim) => dim.sql)];
      const last = rollup.dims.at(-1);
      const fromEvents = (await db.knex.raw(
        `select ${exprs.map((sql, i) => `${sql} as ${key[i]}`).join(', ')}, count(*) as n
         from ${EVENTS_TABLE} ${last ? `where ${last.sql} is not null` : ''}
         group by ${exprs.join(', ')}`,
      )) as unknown;
      const rows = (
        Array.isArray(fromEvents) ? fromEvents : (fromEvents as { rows: unknown[] }).rows
      ) as Record<string, string | number>[];
      const stored: Record<string, string | number>[] = await db
        .knex(rollup.table)
        .where('count', '>', 0)
        .select([...key, 'count']);
      const line = (row: Record<string, string | number>, n: string) =>
        [...key.map((column) => String(row[column])), String(row[n])].join(' | ');
      expect(stored.map((row) => line(row, 'count')).sort(), rollup.table).toEqual(
        rows.map((row) => line(row, 'n')).sort(),
      );
      // No bucket is left below zero.
      expect(await db.knex(rollup.table).where('count', '<', 0).first()).toBeUndefined();
    }
  }

  async function check() {
    await checkRollups();
    for (const query of QUERIES)
      for (const interval of ['hour', 'day'] as const)
        for (const by of ['category', 'source', 'outcome'] as const) {
          const cells = await store.stats(query, interval, by);
          const got = cells.map((c) => `${c.start} ${c.key} ${c.count}`).sort();
          expect(got, `${JSON.stringify(query)} ${interval} ${by}`).toEqual(
            expected(events, query, interval === 'hour', by),
          );
        }
    for (const query of QUERIES)
      for (const field of ['category', 'source', 'outcome', 'action', 'actor'] as const) {
        const values = await store.facet(query, field, 50);
        const counts = new Map<string, number>();
        for (const e of events) {
          if (expected([e], query, true, 'category').length === 0) continue;
          const value =
            field === 'source'
              ? e.source.id
              : field === 'actor'
                ? (e.actor.email ?? e.actor.name ?? e.actor.id)!
                : e[field];
          counts.set(value, (counts.get(value) ?? 0) + 1);
        }
        const want = [...counts.entries()]
          .map(([value, count]) => ({ value, count }))
          .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
        expect(values, `${JSON.stringify(query)} ${field}`).toEqual(want);
      }
  }

  it('equal a count over the events, for every range and filter', async () => {
    await check();
    expect((await store.sourceStates()).get('orch')).toMatchObject({
      storedCount: 500,
      oldestEventAt: events.find((e) => e.source.id === 'orch')!.occurredAt,
      quarantinedCount: 4,
    });
  });

  it('stay equal after a purge in small batches', async () => {
    const cutoff = '2026-10-01T20:30:00.000Z';
    const deleted = await store.purgeSource('orch', new Date(cutoff), { batchSize: 37 });
    const before = events.length;
    events = events.filter((e) => e.source.id !== 'orch' || e.occurredAt >= cutoff);
    expect(deleted).toBe(before - events.length);
    await check();
    const oldest = (await store.sourceStates()).get('orch')?.oldestEventAt ?? '';
    expect(oldest >= cutoff).toBe(true);
  });
});
