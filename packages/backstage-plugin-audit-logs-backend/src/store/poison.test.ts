// One bad record must not blind an audit trail: vendor strings far wider than the varchar
// columns and U+0000 in every text field are stored (indexed columns fitted, the whole value in
// the event JSON); a record the database still refuses is set aside in the quarantine table and
// the batch, its checkpoint and the following batches go on. PostgreSQL is the engine that
// refuses; SQLite must behave the same.
import type { AuditEvent } from '@auditrelay/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPostgresDatabase,
  createSqliteDatabase,
  postgresUrl,
  type TestDatabase,
} from '../__testing__/databases.js';
import { fakeCheckpoint, fakeEvent } from '../__testing__/events.js';
import { AuditLogStore, EVENTS_TABLE } from './audit-log-store.js';
import { migrate } from './migrate.js';
import { isPostgres } from './tables.js';

const pgUrl = postgresUrl();
const engines: [string, () => Promise<TestDatabase>][] = [
  ['SQLite', () => Promise.resolve(createSqliteDatabase())],
];
if (pgUrl) engines.push(['PostgreSQL', () => createPostgresDatabase(pgUrl)]);

/** 10 KB with NULs inside, an astral character and a marker to search for. */
const wide = (tag: string) => `${tag}\u0000${'x'.repeat(5000)}🦄\u0000${'y'.repeat(5000)}`;

function poisoned(n: number): AuditEvent {
  return fakeEvent(n, {
    id: wide(`id${n}`),
    dedupeKey: wide(`key${n}`),
    actor: {
      id: wide('actor-id'),
      name: wide('actor-name'),
      email: wide('actor-email'),
      type: wide('t'),
    },
    action: wide('action'),
    category: wide('category'),
    target: { type: wide('tt'), id: wide('tid'), name: wide('needle-target') },
    description: wide('description'),
    sourceIp: wide('ip'),
    originalTime: wide('time'),
    changes: [{ field: wide('field'), from: wide('from'), to: wide('to') }],
    raw: { text: wide('raw'), nested: [wide('n')] },
  });
}

describe.each(engines)('poison records on %s', (_name, create) => {
  let db: TestDatabase;
  let store: AuditLogStore;

  beforeAll(async () => {
    db = await create();
    await migrate(db.knex);
    store = new AuditLogStore(db.knex);
    await store.init();
  });
  afterAll(() => db?.destroy());

  it('stores multibyte fields as wide as the columns, rollup keys included', async () => {
    // 3 bytes a character in UTF-8: a fitted 512-character action plus category is ~3 KB, over
    // PostgreSQL's btree key limit (2704 bytes) if a key held them whole.
    const euro = (tag: string) => `${tag}${'€'.repeat(3000)}`;
    const event = fakeEvent(40, {
      action: euro('action'),
      category: euro('category'),
      actor: { id: euro('id'), name: euro('name'), email: euro('email'), type: 'user' },
    });
    const result = await store.storeBatch(
      'wide',
      'kore-ai-for-work',
      [event],
      fakeCheckpoint('wide', event.occurredAt),
    );
    expect(result).toEqual({ stored: 1, quarantined: [] });
  });

  it('stores a lone surrogate (U+FFFD in its place) like any other text, in a batch', async () => {
    // PostgreSQL's json refuses an escaped lone surrogate: such a chunk goes as text arrays,
    // whose UTF-8 encoding puts U+FFFD in its place (SQLite's the same).
    const odd = fakeEvent(50, { action: 'lone \ud800 surrogate', dedupeKey: 'lone:50' });
    const batch = [fakeEvent(51, { dedupeKey: 'lone:51' }), odd];
    const result = await store.storeBatch(
      'lone',
      'kore-ai-for-work',
      batch,
      fakeCheckpoint('lone'),
    );
    expect(result).toEqual({ stored: 2, quarantined: [] });
    const row = await db.knex(EVENTS_TABLE).where({ source_id: 'lone', event_id: odd.id }).first();
    expect(row.action).toBe('lone \ufffd surrogate');
  });

  it('stores 10 KB fields with NUL in every text field, the whole event kept', async () => {
    const batch = [fakeEvent(1), poisoned(2), fakeEvent(3)];
    const result = await store.storeBatch(
      'kore',
      'kore-ai-for-work',
      batch,
      fakeCheckpoint('kore', batch[2]!.occurredAt),
    );
    expect(result).toEqual({ stored: 3, quarantined: [] });
    // The same wide key again is recognised as already stored.
    expect(
      (await store.storeBatch('kore', 'kore-ai-for-work', [poisoned(2)], fakeCheckpoint('kore')))
        .stored,
    ).toBe(0);
    const found = await store.listEvents({ q: 'needle-target' }, { limit: 10 });
    expect(found.items).toHaveLength(1);
    const stored = await store.getEvent(Number(found.items[0]!.id));
    expect(stored?.event).toEqual(poisoned(2));
    const row = (await db.knex(EVENTS_TABLE).where('id', found.items[0]!.id).first()) as Record<
      string,
      string
    >;
    for (const column of [
      'actor_id',
      'actor_name',
      'actor_email',
      'action',
      'category',
      'event_id',
    ])
      expect(Array.from(row[column]!).length, column).toBe(512);
    expect(row.dedupe_key).toMatch(/#[0-9a-f]{64}$/);
    expect(row.action!.includes('\u0000')).toBe(false);
  });

  it('quarantines what the database still refuses and moves the checkpoint on', async () => {
    // A real refusal from the database itself: a trigger that fails one row.
    if (isPostgres(db.knex)) {
      await db.knex.raw(`create function refuse_poison() returns trigger language plpgsql as $$
        begin if new.action = 'REFUSED' then raise exception 'refused by the test trigger'; end if; return new; end $$`);
      await db.knex.raw(
        `create trigger refuse_poison before insert on ${EVENTS_TABLE} for each row execute function refuse_poison()`,
      );
    } else {
      await db.knex.raw(`create trigger refuse_poison before insert on ${EVENTS_TABLE}
        when new.action = 'REFUSED' begin select raise(abort, 'refused by the test trigger'); end`);
    }
    const batch = [
      fakeEvent(10),
      fakeEvent(11, { action: 'REFUSED', actor: { email: 'secret-owner@example.com' } }),
      fakeEvent(12, { occurredAt: '+275760-09-13T00:00:00.000Z' }),
      fakeEvent(13),
    ];
    const checkpoint = fakeCheckpoint('kore', batch[3]!.occurredAt);
    const result = await store.storeBatch('kore', 'kore-ai-for-work', batch, checkpoint);
    expect(result.stored).toBe(2);
    expect(result.quarantined.map((q) => [q.eventId, q.code])).toEqual([
      ['evt-12', 'INVALID_TIME'],
      ['evt-11', expect.stringMatching(/^DB_/)],
    ]);
    const refused = result.quarantined[1]!;
    expect(refused.message).toContain('refused by the test trigger');
    expect(refused.message).not.toContain('secret-owner');
    expect(JSON.parse((await store.getCheckpoint('kore'))!)).toEqual(checkpoint);
    const state = (await store.sourceStates()).get('kore');
    expect(state).toMatchObject({ storedCount: 5, quarantinedCount: 2 });
    const kept = await db.knex('audit_logs__quarantine').where('event_id', 'evt-11').first();
    expect(JSON.parse(kept.event_json)).toEqual(batch[1]);
    // The next batch goes on as usual, and reading the refused one again adds nothing.
    const next = await store.storeBatch(
      'kore',
      'kore-ai-for-work',
      [batch[1]!, fakeEvent(14)],
      checkpoint,
    );
    expect(next.stored).toBe(1);
    expect((await store.sourceStates()).get('kore')).toMatchObject({
      storedCount: 6,
      quarantinedCount: 2,
    });
  });
});
