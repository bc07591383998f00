import { describe, expect, it } from 'vitest';
import { bucketByDay } from './EventsChart.js';
import { EMPTY_FILTERS, toQuery } from './query.js';

describe('toQuery', () => {
  const now = new Date('2026-11-22T12:00:00.000Z');
  it('turns a preset into a lower bound and drops blank fields', () => {
    expect(toQuery({ ...EMPTY_FILTERS, range: '7d', actor: '  ' }, now)).toEqual({
      from: '2026-11-15T12:00:00.000Z',
    });
    expect(toQuery({ ...EMPTY_FILTERS, range: 'all', source: 'kore-xo', q: ' bot ' }, now)).toEqual(
      {
        source: ['kore-xo'],
        q: 'bot',
      },
    );
  });
  it('reads a custom range as UTC', () => {
    expect(
      toQuery({ ...EMPTY_FILTERS, range: 'custom', from: '2026-11-01T08:30', to: '' }, now),
    ).toEqual({
      from: '2026-11-01T08:30:00.000Z',
    });
  });
});

describe('bucketByDay', () => {
  it('counts per UTC day and category, with empty days, merging small categories into other', () => {
    const events = [
      ...Array.from({ length: 9 }, (_, i) => ({
        occurredAt: '2026-11-20T10:00:00Z',
        category: `c${i}`,
      })),
      { occurredAt: '2026-11-20T23:59:59Z', category: 'c0' },
      { occurredAt: '2026-11-22T00:00:00Z', category: 'c1' },
    ];
    const { days, series } = bucketByDay(events, {
      from: '2026-11-19T00:00:00Z',
      to: '2026-11-23T00:00:00Z',
    });
    expect(days.map((d) => [d.day, d.total])).toEqual([
      ['2026-11-19', 0],
      ['2026-11-20', 10],
      ['2026-11-21', 0],
      ['2026-11-22', 1],
    ]);
    expect(series).toHaveLength(8);
    expect(series.slice(0, 2)).toEqual(['c0', 'c1']);
    expect(series.at(-1)).toBe('other');
    expect(days[1]!.counts).toMatchObject({ c0: 2, other: 2 });
  });
});
