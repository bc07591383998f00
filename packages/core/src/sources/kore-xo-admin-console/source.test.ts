import { jwtVerify } from 'jose';
import { MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordingTransport } from '../../__testing__/recording-transport.js';
import { createSource } from '../../create-source.js';
import { AuditRelayError } from '../../errors/auditrelay-error.js';
import { createUndiciTransport } from '../../http/undici-transport.js';
import { collect } from '../../testing.js';
import { fetchEvents } from '../../sync/fetch-events.js';

const SECRET = 'canary-xo-client-secret-31f2a9';
const ORIGIN = 'https://bots.kore.test';
const JSON_HEADERS = { headers: { 'content-type': 'application/json' } };

function record(id: string, time: string) {
  return {
    timestampValue: Date.parse(time),
    'Date/Time': time,
    Description: 'User a@b.co logged in from 10.0.0.1 via web',
    Name: 'Login',
    Category: 'Login/Logout',
    AuditLogId: id,
  };
}

describe('kore-xo-admin-console over a mocked network', () => {
  let agent: MockAgent;
  beforeEach(() => {
    agent = new MockAgent();
    agent.disableNetConnect();
  });
  afterEach(() => agent.close());

  function source() {
    return createSource(
      {
        id: 'xo',
        type: 'kore-xo-admin-console',
        baseUrl: ORIGIN,
        credentials: { clientId: 'cs-app-1', clientSecret: SECRET },
        options: { pageSize: 2 },
      },
      {
        transport: createUndiciTransport({ dispatcher: agent }),
        rateLimit: false,
        retry: { sleep: () => Promise.resolve() },
      },
    );
  }

  it('signs an HS256 JWT with appId, sends it as `auth`, and walks the fetchAfter keyset', async () => {
    const requests: Array<{ query: URLSearchParams; auth: string }> = [];
    const pages: Record<string, unknown[]> = {
      '': [
        record('5e10c62ce0e2f05f05480480', '2020-01-04T17:06:52.745Z'),
        record('5e10c62ce0e2f05f05480481', '2020-01-04T17:06:53.000Z'),
      ],
      '5e10c62ce0e2f05f05480481': [record('5e10c62ce0e2f05f05480482', '2020-01-04T17:07:00.000Z')],
    };
    agent
      .get(ORIGIN)
      .intercept({ path: (path) => path.startsWith('/api/public/auditlogs?'), method: 'GET' })
      .reply(
        200,
        (options) => {
          const query = new URL(options.path, ORIGIN).searchParams;
          requests.push({ query, auth: (options.headers as Record<string, string>).auth! });
          return {
            total: 3,
            auditlogs: pages[query.get('fetchAfter') ?? ''] ?? [],
            moreAvailable: !query.get('fetchAfter'),
          };
        },
        JSON_HEADERS,
      )
      .times(2);

    const events = await collect(
      fetchEvents(source(), { from: '2020-01-01T00:00:00Z', to: '2020-01-31T00:00:00Z' }),
    );

    expect(events.map((e) => e.id)).toEqual([
      '5e10c62ce0e2f05f05480480',
      '5e10c62ce0e2f05f05480481',
      '5e10c62ce0e2f05f05480482',
    ]);
    expect(requests.map((r) => Object.fromEntries(r.query))).toEqual([
      {
        size: '2',
        offset: '0',
        // One millisecond wider on both sides: bound inclusiveness is undocumented.
        fromDate: '2019-12-31T23:59:59.999Z',
        toDate: '2020-01-31T00:00:00.001Z',
      },
      {
        size: '2',
        offset: '0',
        fromDate: '2019-12-31T23:59:59.999Z',
        toDate: '2020-01-31T00:00:00.001Z',
        fetchAfter: '5e10c62ce0e2f05f05480481',
      },
    ]);
    const { payload, protectedHeader } = await jwtVerify(
      requests[0]!.auth,
      new TextEncoder().encode(SECRET),
    );
    expect(protectedHeader.alg).toBe('HS256');
    expect(payload.appId).toBe('cs-app-1');
    expect(payload.exp! - payload.iat!).toBe(300);
  });

  it('rejects a range whose start is after its end, as in the vendor sample', async () => {
    const promise = collect(
      fetchEvents(source(), { from: '2021-07-07T11:11:18.464Z', to: '2021-06-30T11:11:18.469Z' }),
    );
    await expect(promise).rejects.toMatchObject({ code: 'INPUT_INVALID' });
    await expect(promise).rejects.toThrow(
      /from: the range starts \(2021-07-07T11:11:18.464Z\) after it ends/,
    );
  });

  it('reports a 401 with the vendor message and never the secret or token', async () => {
    agent
      .get(ORIGIN)
      .intercept({ path: (path) => path.startsWith('/api/public/auditlogs?'), method: 'GET' })
      .reply(
        401,
        (options) => ({
          errors: [
            {
              msg: `Invalid SDK credentials for ${(options.headers as Record<string, string>).auth} / ${SECRET}`,
              code: 4002,
            },
          ],
        }),
        JSON_HEADERS,
      )
      .times(2);
    const error = await collect(
      fetchEvents(source(), { from: '2020-01-01T00:00:00Z', to: '2020-01-02T00:00:00Z' }),
    ).catch((e: unknown) => e);
    expect(AuditRelayError.isInstance(error)).toBe(true);
    const relayError = error as AuditRelayError & { status: number; bodyExcerpt: string };
    expect(relayError.code).toBe('AUTH_FAILED');
    expect(relayError.status).toBe(401);
    expect(relayError.message).toContain('Invalid SDK credentials');
    expect(relayError.message).toContain('Check the credentials');
    const everything = `${relayError.message} ${relayError.bodyExcerpt} ${JSON.stringify(relayError)}`;
    expect(everything).not.toContain(SECRET);
    expect(everything).not.toMatch(/eyJ[\w-]+\.[\w-]+/);
  });
});

describe('kore-xo-admin-console at the end of its keyset', () => {
  const records = [
    record('5e10c62ce0e2f05f05480480', '2020-01-04T17:06:52.745Z'),
    record('5e10c62ce0e2f05f05480481', '2020-01-04T17:06:53.000Z'),
    record('5e10c62ce0e2f05f05480482', '2020-01-04T17:07:00.000Z'),
    record('5e10c62ce0e2f05f05480483', '2020-01-04T17:08:00.000Z'),
  ];
  /** A server that applies size, fetchAfter and the bounds, sends no count, and whose `n`th answer is `wrong`. */
  function server(wrong?: { n: number; answer: unknown }) {
    return recordingTransport((request) => {
      const q = request.query;
      const from = q.fromDate ? Date.parse(q.fromDate) : -Infinity;
      const to = Date.parse(q.toDate!);
      const size = Number(q.size);
      const rest = records.filter(
        (r) =>
          r.timestampValue >= from &&
          r.timestampValue <= to &&
          (!q.fetchAfter || r.AuditLogId > q.fetchAfter),
      );
      if (wrong?.n === counter.n++) return { json: wrong.answer };
      return { json: { auditlogs: rest.slice(0, size), moreAvailable: rest.length > size } };
    });
  }
  const counter = { n: 0 };
  const read = (transport: ReturnType<typeof recordingTransport>) => {
    counter.n = 0;
    const xo = createSource(
      {
        id: 'xo',
        type: 'kore-xo-admin-console',
        baseUrl: ORIGIN,
        credentials: { clientId: 'cs-app-1', clientSecret: SECRET },
        options: { pageSize: 2 },
      },
      { transport, rateLimit: false },
    );
    return fetchEvents(xo, { from: '2020-01-01T00:00:00Z', to: '2020-01-31T00:00:00Z' });
  };
  const ids = records.map((r) => r.AuditLogId);

  it('does not end on one empty answer that a second query contradicts (a stale replica, a repeated answer)', async () => {
    // The second page is answered "nothing more": the read must still deliver the last two.
    const stream = read(server({ n: 1, answer: { auditlogs: [], moreAvailable: false } }));
    expect((await collect(stream)).map((e) => e.id)).toEqual(ids);
    expect(stream.report.status).toBe('complete');
    expect(stream.report.behaviours.map((b) => b.code)).toContain('end-disputed');
  });

  it('fails loudly when the keyset keeps answering "nothing more" that a second query contradicts', async () => {
    const transport = recordingTransport((request) => {
      const q = request.query;
      const rest = records.filter((r) => !q.fetchAfter || r.AuditLogId > q.fetchAfter);
      // Every full page after the first says "nothing more"; the one-record query does not.
      const stale = q.fetchAfter !== undefined && q.size !== '1';
      const size = Number(q.size);
      return {
        json: stale
          ? { auditlogs: [], moreAvailable: false }
          : { auditlogs: rest.slice(0, size), moreAvailable: rest.length > size },
      };
    });
    const stream = read(transport);
    await expect(collect(stream)).rejects.toMatchObject({
      code: 'INCOMPLETE',
      message: expect.stringContaining('while a second query found more, 3 times') as string,
    });
    expect(stream.report.status).not.toBe('complete');
  });

  it('ends on the last page when the second query agrees', async () => {
    const transport = server();
    const stream = read(transport);
    expect((await collect(stream)).map((e) => e.id)).toEqual(ids);
    expect(stream.report.status).toBe('complete');
    expect(stream.report.behaviours.map((b) => b.code)).not.toContain('end-disputed');
    // One request more than the pages: the one-record query after the last cursor.
    expect(transport.requests.at(-1)!.query).toMatchObject({
      size: '1',
      fetchAfter: ids.at(-1),
    });
  });
});

describe('kore-xo-admin-console when ids follow writing and pages follow time', () => {
  // An ObjectId made in `second` (the counter keeps ids of one second in writing order).
  const oid = (second: number, counter: number) =>
    `${second.toString(16).padStart(8, '0')}ffcf2217${counter.toString(16).padStart(8, '0')}`;
  const B = 1_800_000_000;
  const at = (seconds: number) => new Date(seconds * 1000).toISOString();
  const records = [
    record(oid(B, 1), at(B + 0.1)),
    record(oid(B + 1, 2), at(B + 1.1)),
    // Written in the same second, the first dated later than the second: the second was written
    // 0.8 s late, too little for its id to show it.
    record(oid(B + 3, 3), at(B + 3.5)),
    record(oid(B + 3, 4), at(B + 2.9)),
    record(oid(B + 6, 5), at(B + 6)),
  ];

  it('does not skip a record written before a page ends but dated after it', async () => {
    // Pages sorted by time, fetchAfter keeping ids above the cursor, offset a page number.
    const transport = recordingTransport((request) => {
      const q = request.query;
      const from = q.fromDate ? Date.parse(q.fromDate) : -Infinity;
      const to = Date.parse(q.toDate!);
      const rest = records
        .filter((r) => r.timestampValue >= from && r.timestampValue <= to)
        .filter((r) => !q.fetchAfter || r.AuditLogId > q.fetchAfter)
        .sort((a, b) => a.timestampValue - b.timestampValue);
      const size = Number(q.size);
      const skip = Number(q.offset ?? 0) * size;
      return {
        json: {
          total: rest.length,
          auditlogs: rest.slice(skip, skip + size),
          moreAvailable: rest.length > skip + size,
        },
      };
    });
    const xo = createSource(
      {
        id: 'xo',
        type: 'kore-xo-admin-console',
        baseUrl: ORIGIN,
        credentials: { clientId: 'cs-app-1', clientSecret: SECRET },
        options: { pageSize: 3 },
      },
      { transport, rateLimit: false },
    );
    const stream = fetchEvents(xo, { from: at(B - 60), to: at(B + 60) });
    const events = await collect(stream);
    // The first page ends with the record written late; the one after it was asked from the
    // last record written a second before the page's end, not from that one (then the repeated
    // record shows ids out of time order, and the rest goes by page number).
    expect(events.map((e) => e.id).sort()).toEqual(records.map((r) => r.AuditLogId).sort());
    expect(events).toHaveLength(records.length);
    expect(stream.report.status).toBe('complete');
    expect(transport.requests[1]!.query).toMatchObject({ offset: '0', fetchAfter: oid(B + 1, 2) });
  });
});
