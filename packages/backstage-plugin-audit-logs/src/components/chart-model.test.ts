import type { AuditLogStatsResponse } from '@auditrelay/backstage-plugin-audit-logs-common';
import { describe, expect, it } from 'vitest';
import { axisTicks, chartModel, tickLabel } from './chart-model.js';

const bucket = (start: string, counts: Record<string, number>) => ({
  start,
  total: Object.values(counts).reduce((a, b) => a + b, 0),
  counts,
});

describe('chartModel', () => {
  it('keeps the largest keys as series and sums the rest as other', () => {
    const keys = Array.from({ length: 10 }, (_, i) => `c${i}`);
    const stats: AuditLogStatsResponse = {
      interval: 'day',
      groupBy: 'category',
      keys,
      buckets: [
        bucket('2026-11-20T00:00:00.000Z', Object.fromEntries(keys.map((k, i) => [k, 10 - i]))),
        bucket('2026-11-22T00:00:00.000Z', { c0: 5, c9: 1 }),
      ],
    };
    const model = chartModel(stats, {
      from: '2026-11-19T06:00:00.000Z',
      to: '2026-11-23T00:00:00.000Z',
    });
    expect(model.series).toEqual(['c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'other']);
    expect(model.bars.map((b) => b.counts)).toEqual([
      { c0: 10, c1: 9, c2: 8, c3: 7, c4: 6, c5: 5, c6: 4, other: 3 + 2 + 1 },
      { c0: 5, other: 1 },
    ]);
    expect(model.total).toBe(61);
    expect(model.max).toBe(55);
    // The axis spans the filter's range, its start floored to the interval.
    expect(model.axis).toEqual({
      start: Date.parse('2026-11-19T00:00:00.000Z'),
      end: Date.parse('2026-11-23T00:00:00.000Z'),
    });
  });

  it('spans the buckets when the range is open, and to now when it has only a start', () => {
    const stats: AuditLogStatsResponse = {
      interval: 'hour',
      groupBy: 'outcome',
      keys: ['success'],
      buckets: [
        bucket('2026-11-20T10:00:00.000Z', { success: 1 }),
        bucket('2026-11-20T13:00:00.000Z', { success: 2 }),
      ],
    };
    expect(chartModel(stats).axis).toEqual({
      start: Date.parse('2026-11-20T10:00:00.000Z'),
      end: Date.parse('2026-11-20T14:00:00.000Z'),
    });
    const now = new Date('2026-11-20T15:30:00.000Z');
    const model = chartModel(stats, { from: '2026-11-20T09:30:00.000Z', now });
    expect(model.axis).toEqual({
      start: Date.parse('2026-11-20T09:00:00.000Z'),
      end: now.getTime(),
    });
    expect(axisTicks(model).map((t) => tickLabel(t, 'hour'))).toEqual([
      '11-20 09:00',
      '11-20 11:00',
      '11-20 13:00',
      '11-20 15:00',
    ]);
  });

  it('has an empty model for no buckets', () => {
    const model = chartModel(
      { interval: 'day', groupBy: 'source', keys: [], buckets: [] },
      { now: new Date('2026-11-20T15:30:00.000Z') },
    );
    expect(model).toMatchObject({ series: [], bars: [], total: 0, max: 1 });
    expect(model.axis.end).toBeGreaterThan(model.axis.start);
  });
});
