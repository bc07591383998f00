import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toEpochMs, toUtcIso } from './time.js';

describe('toUtcIso', () => {
  it('reads the shapes vendors send', () => {
    expect(toUtcIso('2026-10-01T12:00:00.123Z')).toBe('2026-10-01T12:00:00.123Z');
    expect(toUtcIso('2026-10-01T12:00:00.1234567Z')).toBe('2026-10-01T12:00:00.123Z'); // UiPath
    expect(toUtcIso('2026-10-01T14:00:00.123+02:00')).toBe('2026-10-01T12:00:00.123Z');
    expect(toUtcIso('2026-10-01T12:00:00Z')).toBe('2026-10-01T12:00:00.000Z');
    expect(toUtcIso('2021-10-14T13:10:15.1964174+00:00')).toBe('2021-10-14T13:10:15.196Z'); // UiPath PM
    expect(toUtcIso('2026-10-01T12:00:00.5Z')).toBe('2026-10-01T12:00:00.500Z');
    expect(toUtcIso('2026-10-01T00:30:00.000+05:30')).toBe('2026-09-30T19:00:00.000Z');
    expect(toUtcIso('2024-02-29T23:59:59.999-01:00')).toBe('2024-03-01T00:59:59.999Z');
    expect(toUtcIso(' 2026-10-01T12:00:00.000Z ')).toBe('2026-10-01T12:00:00.000Z');
    expect(toUtcIso(1_790_000_000_000)).toBe('2026-09-21T14:13:20.000Z');
  });

  it('returns undefined for what is not a time', () => {
    for (const value of ['', 'yesterday', '2026-13-01T00:00:00.000Z', '2026-01-01T23:60:00.000Z'])
      expect(toUtcIso(value)).toBeUndefined();
    expect(toUtcIso(Number.NaN)).toBeUndefined();
    expect(toUtcIso(null)).toBeUndefined();
    expect(toEpochMs('yesterday')).toBeNaN();
    expect(toEpochMs('0050-01-01T00:00:00.000Z')).toBe(Date.parse('0050-01-01T00:00:00.000Z'));
    expect(toEpochMs(-62_198_755_200_001)).toBe(-62_198_755_200_001); // an expanded year
  });

  it('gives the same answer on its strict ISO reader as on the general path', () => {
    const general = (value: string) => {
      const time = Date.parse(value.trim().replace(/(\.\d{3})\d+/, '$1'));
      return Number.isNaN(time) ? undefined : new Date(time).toISOString();
    };
    const digits = (n: number) =>
      fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });
    // Every 24-character `YYYY-MM-DDTHH:mm:ss.sssZ`, valid or not (Feb 30, hour 24, month 00).
    // Any digits in every field (so out-of-range months, days, hours and offsets too), fractions
    // of no to nine digits, and `Z` or an offset: the shapes the strict reader takes or refuses.
    const zone = fc.oneof(
      fc.constant('Z'),
      fc.tuple(fc.constantFrom('+', '-'), digits(2), digits(2)).map(([s, h, m]) => `${s}${h}:${m}`),
      fc.constantFrom('+00:00', '-00:00', '+05:30', '-08:00', 'z', '+0000', ''),
    );
    const fraction = fc.oneof(
      fc.constant(''),
      fc
        .integer({ min: 0, max: 9 })
        .chain((n) => digits(n))
        .map((f) => `.${f}`),
    );
    const shaped = fc
      .tuple(digits(4), digits(2), digits(2), digits(2), digits(2), digits(2), fraction, zone)
      .map(([y, mo, d, h, mi, s, f, z]) => `${y}-${mo}-${d}T${h}:${mi}:${s}${f}${z}`);
    const plausible = fc
      .tuple(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 31 }),
        fc.integer({ min: 0, max: 24 }),
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 60 }),
        fraction,
        zone,
      )
      .map(
        ([y, mo, d, h, mi, s, f, z]) =>
          `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}T${String(h).padStart(2, '0')}:${String(mi).padStart(2, '0')}:${String(s).padStart(2, '0')}${f}${z}`,
      );
    const instants = fc
      .date({ min: new Date(0), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true })
      .map((date) => date.toISOString());
    fc.assert(
      fc.property(fc.oneof(shaped, plausible, instants), (value) => {
        expect(toUtcIso(value)).toBe(general(value));
        expect(toEpochMs(value)).toBe(Date.parse(general(value) ?? ''));
      }),
      { numRuns: 20_000 },
    );
  });
});
