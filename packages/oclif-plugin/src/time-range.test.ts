import { describe, expect, it } from 'vitest';
import { parseTimeFlag } from './time-range.js';

const NOW = Date.parse('2026-11-22T12:00:00.000Z');
const iso = async (flag: string, value: string) =>
  (await parseTimeFlag(flag, value, NOW)).toISOString();

describe('parseTimeFlag', () => {
  it('reads durations back from now, "now", dates and instants (UTC when no zone)', async () => {
    expect(await iso('from', '24h')).toBe('2026-11-21T12:00:00.000Z');
    expect(await iso('from', '7d')).toBe('2026-11-15T12:00:00.000Z');
    expect(await iso('from', '30m')).toBe('2026-11-22T11:30:00.000Z');
    expect(await iso('to', 'now')).toBe('2026-11-22T12:00:00.000Z');
    expect(await iso('from', '2026-11-01')).toBe('2026-11-01T00:00:00.000Z');
    expect(await iso('from', '2026-11-01T08:30:00')).toBe('2026-11-01T08:30:00.000Z');
    expect(await iso('from', '2026-11-01T08:30:00+02:00')).toBe('2026-11-01T06:30:00.000Z');
  });

  it('names the flag and shows the accepted forms when the value is wrong (exit 2)', async () => {
    await expect(parseTimeFlag('to', 'last tuesday', NOW)).rejects.toThrow(
      /^--to: expected an ISO-8601 date or time .* got "last tuesday"$/,
    );
    await expect(parseTimeFlag('from', '2026-13-45', NOW)).rejects.toMatchObject({
      message: '--from: "2026-13-45" is not a date that exists',
      exitCode: 2,
    });
  });
});
