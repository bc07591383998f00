import { describe, expect, it } from 'vitest';
import type { AuditSource, ReadRequest } from '../sources/source.js';
import { drainSync } from '../testing.js';
import { sync } from './sync.js';

function recordingSource(): AuditSource & { reads: ReadRequest[] } {
  const reads: ReadRequest[] = [];
  return {
    id: 's',
    type: 't',
    name: 's',
    reads,
    capabilities: { persistentCursor: false, timeSlicing: true, filters: [], download: false },
    // eslint-disable-next-line require-yield
    async *read(request) {
      reads.push(request);
      await Promise.resolve();
    },
    check: () => Promise.resolve({ ok: true, message: '' }),
    close: () => Promise.resolve(),
  };
}

describe('sync windows', () => {
  it('reads nothing while the start is still inside the lag, and starts there later', async () => {
    const source = recordingSource();
    const now = Date.parse('2026-11-22T12:00:00Z');
    const startAt = '2026-11-22T11:59:30Z';
    const first = await drainSync(
      sync(source, undefined, { now: () => now, lagMs: 60_000, startAt }),
    );
    expect(source.reads).toEqual([]);
    expect(first.events).toEqual([]);
    await drainSync(
      sync(source, first.checkpoint, { now: () => now + 120_000, lagMs: 60_000, startAt }),
    );
    expect(source.reads.map((r) => [r.start?.toISOString(), r.end.toISOString()])).toEqual([
      ['2026-11-22T11:59:30.000Z', '2026-11-22T12:01:00.000Z'],
    ]);
  });

  it('reads a startAt without an offset as UTC, and names a startAt it cannot read', async () => {
    const source = recordingSource();
    const now = Date.parse('2026-11-22T12:00:00Z');
    await drainSync(
      sync(source, undefined, { now: () => now, lagMs: 0, startAt: '2026-11-22T11:00' }),
    );
    expect(source.reads[0]!.start!.toISOString()).toBe('2026-11-22T11:00:00.000Z');
    await expect(
      drainSync(sync(source, undefined, { now: () => now, startAt: 'last tuesday' })),
    ).rejects.toMatchObject({
      code: 'INPUT_INVALID',
      message: expect.stringMatching(/^startAt: /),
    });
  });

  it('continues from the watermark minus the overlap', async () => {
    const source = recordingSource();
    const now = Date.parse('2026-11-22T12:00:00Z');
    const { checkpoint } = await drainSync(
      sync(source, undefined, {
        now: () => now,
        lagMs: 0,
        overlapMs: 300_000,
        startAt: '2026-11-22T10:00:00Z',
      }),
    );
    expect(checkpoint?.watermark).toBe('2026-11-22T12:00:00.000Z');
    await drainSync(
      sync(source, checkpoint, { now: () => now + 600_000, lagMs: 0, overlapMs: 300_000 }),
    );
    expect(source.reads.at(-1)?.start?.toISOString()).toBe('2026-11-22T11:55:00.000Z');
  });

  it('re-reads the overlap even when no time has passed since the last run ended', async () => {
    // A run starting in the millisecond the last one ended (or on a replica whose clock is
    // behind) still owes the overlap: a record that arrived late meanwhile is stamped inside it.
    const source = recordingSource();
    const now = Date.parse('2026-11-22T12:00:00Z');
    const options = { lagMs: 0, overlapMs: 60_000, startAt: '2026-11-22T11:00:00Z' };
    const { checkpoint } = await drainSync(sync(source, undefined, { ...options, now: () => now }));
    await drainSync(sync(source, checkpoint, { ...options, now: () => now }));
    const behind = await drainSync(
      sync(source, checkpoint, { ...options, now: () => now - 5_000 }),
    );
    const windows = source.reads.map((r) => [r.start?.toISOString(), r.end.toISOString()]);
    expect(windows.slice(1)).toEqual([
      ['2026-11-22T11:59:00.000Z', '2026-11-22T12:00:00.000Z'],
      ['2026-11-22T11:59:00.000Z', '2026-11-22T12:00:00.000Z'],
    ]);
    // A clock behind the last run never moves the watermark back.
    expect(behind.checkpoint?.watermark).toBe('2026-11-22T12:00:00.000Z');
  });
});
