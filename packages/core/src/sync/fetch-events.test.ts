import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '../models/audit-event.js';
import type { AuditSource, ReadRequest, SourcePage } from '../sources/source.js';
import { collect } from '../testing.js';
import { fetchEvents } from './fetch-events.js';

const MINUTE = 60_000;

/**
 * One event a minute, read in pages of five; later windows answer faster than earlier ones, so
 * parallel slices arrive out of order.
 */
function minuteSource(requests: ReadRequest[] = []): AuditSource {
  const event = (time: number): AuditEvent => ({
    schemaVersion: 1,
    id: String(time),
    dedupeKey: `t:s:${time}`,
    source: { type: 't', id: 's' },
    occurredAt: new Date(time).toISOString(),
    originalTime: new Date(time).toISOString(),
    actor: {},
    action: 'a',
    activity: 'other',
    category: 'c',
    outcome: 'success',
    changes: [],
    raw: {},
  });
  return {
    id: 's',
    type: 't',
    name: 's',
    capabilities: { timeSlicing: true, persistentCursor: false, filters: [], download: false },
    async *read(request): AsyncIterable<SourcePage> {
      requests.push(request);
      const first = Math.ceil((request.start?.getTime() ?? 0) / MINUTE) * MINUTE;
      const times: number[] = [];
      for (let time = first; time <= request.end.getTime(); time += MINUTE) times.push(time);
      const delay = Math.max(1, 40 - Math.floor((first % (60 * MINUTE)) / MINUTE));
      for (let index = 0; index < times.length; index += 5) {
        await new Promise((resolve) => setTimeout(resolve, delay));
        yield { events: times.slice(index, index + 5).map(event) };
      }
    },
    check: () => Promise.resolve({ ok: true, message: 'ok' }),
    close: () => Promise.resolve(),
  };
}

const from = '2026-11-01T00:00:00Z';
const to = '2026-11-01T00:59:00Z';
const timesOf = (events: AuditEvent[]) => events.map((event) => event.occurredAt);

describe('fetchEvents', () => {
  it('sliceOrder "time" delivers parallel slices in the order of a read without slices', async () => {
    const sequential = timesOf(await collect(fetchEvents(minuteSource(), { from, to })));
    expect(sequential).toHaveLength(60);
    const ordered = await collect(
      fetchEvents(minuteSource(), { from, to, concurrency: 4, sliceOrder: 'time' }),
    );
    expect(timesOf(ordered)).toEqual(sequential);
    // The default interleaves slices as their pages arrive: the same events, another order.
    const arrived = timesOf(
      await collect(fetchEvents(minuteSource(), { from, to, concurrency: 4 })),
    );
    expect([...arrived].sort()).toEqual(sequential);
    expect(arrived).not.toEqual(sequential);
  });

  it('stops at the limit with ordered slices too', async () => {
    const events = await collect(
      fetchEvents(minuteSource(), { from, to, concurrency: 4, sliceOrder: 'time', limit: 7 }),
    );
    expect(timesOf(events)).toEqual(
      Array.from({ length: 7 }, (_, minute) =>
        new Date(Date.parse(from) + minute * MINUTE).toISOString(),
      ),
    );
  });

  it('batches(): the same events a page at a time, limit applied', async () => {
    const events = await collect(fetchEvents(minuteSource(), { from, to }));
    const stream = fetchEvents(minuteSource(), { from, to });
    const batches: AuditEvent[][] = [];
    for await (const batch of stream.batches()) batches.push(batch);
    expect(batches.map((batch) => batch.length)).toEqual(Array(12).fill(5));
    expect(batches.flat()).toEqual(events);
    // This test source proves nothing: the read ends unverified, with every event counted.
    expect(stream.report).toMatchObject({ status: 'unverified', delivered: 60 });
    // The limit cuts the page it falls in; the report counts what was handed over.
    const limited = fetchEvents(minuteSource(), { from, to, limit: 7 });
    const sizes: number[] = [];
    for await (const batch of limited.batches()) sizes.push(batch.length);
    expect(sizes).toEqual([5, 2]);
    expect(limited.report).toMatchObject({ status: 'limited', delivered: 7 });
  });

  it('counts as delivered only the events a consumer took before it stopped', async () => {
    const stream = fetchEvents(minuteSource(), { from, to });
    let taken = 0;
    for await (const event of stream) {
      expect(event.dedupeKey).toMatch(/^t:s:/);
      if (++taken === 3) break;
    }
    expect(stream.report).toMatchObject({ status: 'limited', delivered: 3 });
  });

  it('reads a from/to without an offset in timeZone (default UTC), relative forms too', async () => {
    const requests: ReadRequest[] = [];
    await collect(
      fetchEvents(minuteSource(requests), {
        from: '2026-11-01T00:00',
        to: '2026-11-01T00:10',
        timeZone: 'Asia/Kolkata',
      }),
    );
    expect(requests[0]!.start!.toISOString()).toBe('2026-10-31T18:30:00.000Z');
    expect(requests[0]!.end.toISOString()).toBe('2026-10-31T18:40:00.000Z');
    await collect(
      fetchEvents(minuteSource(requests), { from: '2026-11-01T00:00', to: '2026-11-01T00:10' }),
    );
    expect(requests[1]!.start!.toISOString()).toBe('2026-11-01T00:00:00.000Z');
    await collect(fetchEvents(minuteSource(requests), { from: '10m', to: 'now' }));
    expect(requests[2]!.end.getTime() - requests[2]!.start!.getTime()).toBe(10 * MINUTE);
  });

  it('refuses a bad time or slice order with INPUT_INVALID naming it', async () => {
    await expect(collect(fetchEvents(minuteSource(), { from: 'yesterday-ish' }))).rejects.toThrow(
      /^from: expected an ISO-8601 date/,
    );
    await expect(
      collect(fetchEvents(minuteSource(), { from, sliceOrder: 'random' as 'time' })),
    ).rejects.toMatchObject({
      code: 'INPUT_INVALID',
      message: 'sliceOrder: expected "arrival" or "time"',
    });
  });
});
