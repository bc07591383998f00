import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toUtcIso } from './time.js';

describe('toUtcIso', () => {
  it('reads the shapes vendors send', () => {
    expect(toUtcIso('2026-10-01T12:00:00.123Z')).toBe('2026-10-01T12:00:00.123Z');
    expect(toUtcIso('2026-10-01T12:00:00.1234567Z')).toBe('2026-10-01T12:00:00.123Z'); // UiPath
    expect(toUtcIso('2026-10-01T14:00:00.123+02:00')).toBe('2026-10-01T12:00:00.123Z');
    expect(toUtcIso('2026-10-01T12:00:00Z')).toBe('2026-10-01T12:00:00.000Z');
    expect(toUtcIso(' 2026-10-01T12:00:00.000Z ')).toBe('2026-10-01T12:00:00.000Z');
    expect(toUtcIso(1_790_000_000_000)).toBe('2026-09-21T14:13:20.000Z');
  });

  it('returns undefined for what is not a time', () => {
    for (const value of ['', 'yesterday', '2026-13-01T00:00:00.000Z', '2026-01-01T23:60:00.000Z'])
      expect(toUtcIso(value)).toBeUndefined();
    expect(toUtcIso(Number.NaN)).toBeUndefined();
    expect(toUtcIso(null)).toBeUndefined();
  });

  it('gives the same answer on its UTC-milliseconds shortcut as on the general path', () => {
    const general = (value: string) => {
      const time = Date.parse(value.trim().replace(/(\.\d{3})\d+/, '$1'));
      return Number.isNaN(time) ? undefined : new Date(time).toISOString();
    };
    const digits = (n: number) =>
      fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });
    // Every 24-character `YYYY-MM-DDTHH:mm:ss.sssZ`, valid or not (Feb 30, hour 24, month 00).
    const shaped = fc
      .tuple(digits(4), digits(2), digits(2), digits(2), digits(2), digits(2), digits(3))
      .map(([y, mo, d, h, mi, s, ms]) => `${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}Z`);
    const instants = fc
      .date({ min: new Date(0), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true })
      .map((date) => date.toISOString());
    fc.assert(
      fc.property(fc.oneof(shaped, instants), (value) => {
        expect(toUtcIso(value)).toBe(general(value));
      }),
      { numRuns: 3000 },
    );
  });
});
