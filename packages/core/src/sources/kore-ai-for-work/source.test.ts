import { describe, expect, it } from 'vitest';
import { recordingTransport } from '../../__testing__/recording-transport.js';
import { createSource, type CreateSourceOptions } from '../../create-source.js';
import type { HttpTransport } from '../../http/transport.js';
import { fetchEvents } from '../../sync/fetch-events.js';
import { collect } from '../../testing.js';

const API_KEY = 'canary-ai-for-work-key-77c1';

function log(id: string, cOn: string) {
  return { _id: id, entity: 'nlprules', action: 'update', emailId: 'a@b.co', cOn };
}

/** The logs a server that applies startTime/endTime (inclusive) answers with. */
function within(request: { query: Record<string, string> }, logs: Array<ReturnType<typeof log>>) {
  const from = Date.parse(request.query.startTime!);
  const to = Date.parse(request.query.endTime!);
  return logs.filter((l) => Date.parse(l.cOn) >= from && Date.parse(l.cOn) <= to);
}

/** One-hour windows; a known cap, so no calibration request. */
function aiForWork(transport: HttpTransport, options: Omit<CreateSourceOptions, 'transport'> = {}) {
  return createSource(
    {
      id: 'ai',
      type: 'kore-ai-for-work',
      baseUrl: 'https://platform.kore.test',
      credentials: { apiKey: API_KEY },
      options: { windowMinutes: 60, responseCap: 500 },
    },
    { transport, rateLimit: false, ...options },
  );
}

describe('kore-ai-for-work requests', () => {
  it('sends the key as `auth`, the filters and one window per request, one millisecond wider', async () => {
    const transport = recordingTransport((request) => ({
      json: {
        logs:
          request.query.startTime === '2024-12-10T09:59:59.999Z'
            ? [log('67584fc8a16721a7bb876d3b', '2024-12-10T10:15:00.000Z')]
            : [],
      },
    }));
    const source = aiForWork(transport);
    const events = await collect(
      fetchEvents(source, {
        from: '2024-12-10T10:00:00.000Z',
        to: '2024-12-10T11:59:59.999Z',
        filters: { entity: 'nlprules', emailId: 'a@b.co' },
      }),
    );
    expect(events.map((e) => e.id)).toEqual(['67584fc8a16721a7bb876d3b']);

    const headers = {
      accept: 'application/json',
      'user-agent': 'auditrelay',
      'cache-control': 'no-cache',
      'content-type': 'application/json',
      auth: API_KEY,
    };
    const filters = { entity: 'nlprules', emailId: 'a@b.co' };
    expect(transport.requests).toEqual([
      {
        method: 'GET',
        path: '/api/public/auditlogs',
        query: {
          ...filters,
          startTime: '2024-12-10T09:59:59.999Z',
          endTime: '2024-12-10T11:00:00.000Z',
        },
        headers,
      },
      {
        method: 'GET',
        path: '/api/public/auditlogs',
        query: {
          ...filters,
          startTime: '2024-12-10T10:59:59.999Z',
          endTime: '2024-12-10T12:00:00.000Z',
        },
        headers,
      },
      // The empty window, confirmed by a second query with other margins (another URL).
      {
        method: 'GET',
        path: '/api/public/auditlogs',
        query: {
          ...filters,
          startTime: '2024-12-10T10:59:59.998Z',
          endTime: '2024-12-10T12:00:00.001Z',
        },
        headers,
      },
    ]);
  });

  it('sends no filter parameter that was not asked for', async () => {
    const transport = recordingTransport(() => ({ json: { logs: [] } }));
    const source = aiForWork(transport);
    await collect(
      fetchEvents(source, { from: '2024-12-10T10:00:00.000Z', to: '2024-12-10T10:30:00.000Z' }),
    );
    expect(transport.requests.map((request) => request.query)).toEqual([
      { startTime: '2024-12-10T09:59:59.999Z', endTime: '2024-12-10T10:30:00.001Z' },
      { startTime: '2024-12-10T09:59:59.998Z', endTime: '2024-12-10T10:30:00.002Z' },
    ]);
  });

  it("asks a window again when its answer held another window's logs, and fails loudly if that persists", async () => {
    const first = log('67584fc8a16721a7bb876d3b', '2024-12-10T10:15:00.000Z');
    const second = log('67584fc8a16721a7bb876d3c', '2024-12-10T11:15:00.000Z');
    const window = { from: '2024-12-10T10:00:00.000Z', to: '2024-12-10T11:59:59.999Z' };
    // A cache answers the second window's first request with the first window's answer.
    let replayed = false;
    const cached = recordingTransport((request) => {
      if (request.query.startTime === '2024-12-10T09:59:59.999Z')
        return { json: { logs: [first] } };
      if (!replayed) {
        replayed = true;
        return { json: { logs: [first] } };
      }
      return { json: { logs: [second] } };
    });
    const stream = fetchEvents(aiForWork(cached), window);
    expect((await collect(stream)).map((e) => e.id)).toEqual([first._id, second._id]);
    expect(stream.report.behaviours.map((b) => b.code)).toContain('page-repeated');

    // A server that ignores startTime/endTime: every answer holds the same logs.
    const ignoring = recordingTransport(() => ({ json: { logs: [first, second] } }));
    await expect(collect(fetchEvents(aiForWork(ignoring), window))).rejects.toMatchObject({
      code: 'RESPONSE_INVALID',
      message: expect.stringContaining('did not apply startTime/endTime'),
    });
  });

  it("does not take a cache's stored answer for an empty window, and fails loudly while caches keep answering", async () => {
    const second = log('67584fc8a16721a7bb876d3c', '2024-12-10T11:15:00.000Z');
    const window = { from: '2024-12-10T10:00:00.000Z', to: '2024-12-10T11:59:59.999Z' };
    // The first window is empty; a cache that ignores the query answers the second window's first
    // request with that empty answer: nothing in it is outside the window, only `Age` tells.
    let cachedOnce = false;
    const cached = recordingTransport((request) => {
      if (request.query.startTime === '2024-12-10T10:59:59.999Z' && !cachedOnce) {
        cachedOnce = true;
        return { json: { logs: [] }, headers: { age: '37' } };
      }
      return { json: { logs: within(request, [second]) } };
    });
    const options = { retry: { baseDelayMs: 1, maxDelayMs: 2 } };
    const stream = fetchEvents(aiForWork(cached, options), window);
    expect((await collect(stream)).map((e) => e.id)).toEqual([second._id]);
    expect(stream.report.status).toBe('complete');
    expect(stream.report.behaviours).toContainEqual({
      code: 'answer-cached',
      detail: expect.stringContaining('a cache answered 1 time with a stored answer (Age: 37 s)'),
    });
    // auditrelay asks every cache on the way not to answer from storage.
    expect(cached.requests.every((r) => r.headers['cache-control'] === 'no-cache')).toBe(true);

    // `Age: 0` is what some caches send on answers they pass through from the API.
    const passedThrough = recordingTransport((request) => ({
      json: { logs: within(request, [second]) },
      headers: { age: '0' },
    }));
    expect(await collect(fetchEvents(aiForWork(passedThrough, options), window))).toHaveLength(1);

    // A cache that always answers: no empty window can be believed, so the read fails loudly.
    const alwaysCached = recordingTransport(() => ({ json: { logs: [] }, headers: { age: '90' } }));
    const failing = fetchEvents(aiForWork(alwaysCached, options), window);
    await expect(collect(failing)).rejects.toMatchObject({
      code: 'INCOMPLETE',
      message: expect.stringContaining('came from a cache (Age: 90 s)'),
    });
    expect(failing.report.status).not.toBe('complete');
  });

  it('confirms a run of empty windows with a second query, and reads what it finds (a stale replica)', async () => {
    const first = log('67584fc8a16721a7bb876d3b', '2024-12-10T10:15:00.000Z');
    const window = { from: '2024-12-10T10:00:00.000Z', to: '2024-12-10T12:59:59.999Z' };
    // The first window's own request is answered "nothing" once, with no sign of a cache.
    let staleOnce = true;
    const stale = recordingTransport((request) => {
      if (request.query.startTime === '2024-12-10T09:59:59.999Z' && staleOnce) {
        staleOnce = false;
        return { json: { logs: [] } };
      }
      return { json: { logs: within(request, [first]) } };
    });
    const stream = fetchEvents(aiForWork(stale), window);
    expect((await collect(stream)).map((e) => e.id)).toEqual([first._id]);
    expect(stream.report.status).toBe('complete');
    expect(stream.report.behaviours.map((b) => b.code)).toContain('end-disputed');
    // Three empty windows in a row: one second query over all three.
    expect(stale.requests.map((r) => [r.query.startTime, r.query.endTime])).toEqual([
      ['2024-12-10T09:59:59.999Z', '2024-12-10T11:00:00.000Z'],
      ['2024-12-10T10:59:59.999Z', '2024-12-10T12:00:00.000Z'],
      ['2024-12-10T11:59:59.999Z', '2024-12-10T13:00:00.000Z'],
      ['2024-12-10T09:59:59.998Z', '2024-12-10T13:00:00.001Z'],
    ]);
  });
});
