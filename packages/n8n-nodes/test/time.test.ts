import { describe, expect, it } from 'vitest';
import { toInstant } from '../nodes/shared/time';

describe('toInstant', () => {
  it('reads wall-clock values in the workflow time zone, daylight saving included', () => {
    expect(toInstant('2026-11-20T00:00:00', 'Europe/Berlin')).toBe('2026-11-19T23:00:00.000Z');
    expect(toInstant('2026-07-01T12:30:00', 'Europe/Berlin')).toBe('2026-07-01T10:30:00.000Z');
    expect(toInstant('2026-11-20', 'America/New_York')).toBe('2026-11-20T05:00:00.000Z');
    expect(toInstant('2026-11-20T00:00:00.250', 'UTC')).toBe('2026-11-20T00:00:00.250Z');
  });

  it('keeps instants and leaves unreadable text for the core to report', () => {
    expect(toInstant('2026-11-20T00:00:00Z', 'Europe/Berlin')).toBe('2026-11-20T00:00:00.000Z');
    expect(toInstant('2026-11-20T00:00:00+05:30', 'UTC')).toBe('2026-11-19T18:30:00.000Z');
    expect(toInstant('last tuesday', 'UTC')).toBe('last tuesday');
  });
});
