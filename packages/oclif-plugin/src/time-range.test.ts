import { describe, expect, it } from 'vitest';
import { parseTimeFlag } from './time-range.js';

const NOW = Date.parse('2026-11-22T12:00:00.000Z');

describe('parseTimeFlag', () => {
  it('reads durations back from now, "now", dates and instants (UTC when no zone)', () => {
    expect(parseTimeFlag('from', '24h', NOW).toISOString()).toBe('2026-11-21T12:00:00.000Z');
    expect(parseTimeFlag('from', '7d', NOW).toISOString()).toBe('2026-11-15T12:00:00.000Z');
    expect(parseTimeFlag('from', '30m', NOW).toISOString()).toBe('2026-11-22T11:30:00.000Z');
    expect(parseTimeFlag('to', 'now', NOW).toISOString()).toBe('2026-11-22T12:00:00.000Z');
    expect(parseTimeFlag('from', '2026-11-01', NOW).toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect(parseTimeFlag('from', '2026-11-01T08:30:00', NOW).toISOString()).toBe(
      '2026-11-01T08:30:00.000Z',
    );
    expect(parseTimeFlag('from', '2026-11-01T08:30:00+02:00', NOW).toISOString()).toBe(
      '2026-11-01T06:30:00.000Z',
    );
  });

  it('names the flag and shows the accepted forms when the value is wrong', () => {
    expect(() => parseTimeFlag('to', 'last tuesday', NOW)).toThrow(
      /^--to: expected an ISO date\/time .* got "last tuesday"$/,
    );
    expect(() => parseTimeFlag('from', '2026-13-45', NOW)).toThrow(/--from/);
  });
});
