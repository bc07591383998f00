import { describe, expect, it } from 'vitest';
import { AuditRelayError } from '../errors/auditrelay-error.js';
import { parseTimeInput } from './parse-time-input.js';

const now = Date.parse('2026-11-22T12:00:00.000Z');
const iso = (value: string | number | Date, timeZone?: string) =>
  parseTimeInput(value, { now, ...(timeZone ? { timeZone } : {}) }).toISOString();

describe('parseTimeInput', () => {
  it('reads "now" and durations back from now', () => {
    expect(iso('now')).toBe('2026-11-22T12:00:00.000Z');
    expect(iso(' NOW ')).toBe('2026-11-22T12:00:00.000Z');
    expect(iso('30s')).toBe('2026-11-22T11:59:30.000Z');
    expect(iso('30m')).toBe('2026-11-22T11:30:00.000Z');
    expect(iso('24h')).toBe('2026-11-21T12:00:00.000Z');
    expect(iso('7d')).toBe('2026-11-15T12:00:00.000Z');
    expect(iso('2w')).toBe('2026-11-08T12:00:00.000Z');
  });

  it('takes an offset as given, in any zone', () => {
    expect(iso('2026-11-01T08:30:00Z', 'Europe/Berlin')).toBe('2026-11-01T08:30:00.000Z');
    expect(iso('2026-11-01T08:30:00+02:00', 'America/New_York')).toBe('2026-11-01T06:30:00.000Z');
    expect(iso('2026-11-01T08:30-0130')).toBe('2026-11-01T10:00:00.000Z');
    // UiPath sends seven digits of a second.
    expect(iso('2026-11-01T08:30:00.1234567Z')).toBe('2026-11-01T08:30:00.123Z');
  });

  it('reads a date or time without an offset in UTC by default, never the machine zone', () => {
    expect(iso('2026-11-01')).toBe('2026-11-01T00:00:00.000Z');
    expect(iso('2026-11-01T08:30')).toBe('2026-11-01T08:30:00.000Z');
    expect(iso('2026-11-01 08:30:15')).toBe('2026-11-01T08:30:15.000Z');
  });

  it('reads it in the given zone, daylight saving included', () => {
    expect(iso('2026-11-01', 'Europe/Berlin')).toBe('2026-10-31T23:00:00.000Z');
    // Summer time in Berlin (UTC+2) until 25 October 2026.
    expect(iso('2026-07-01T12:00', 'Europe/Berlin')).toBe('2026-07-01T10:00:00.000Z');
    expect(iso('2026-11-20T00:00:00', 'America/New_York')).toBe('2026-11-20T05:00:00.000Z');
    expect(iso('2026-11-20T00:00:00', 'Asia/Kolkata')).toBe('2026-11-19T18:30:00.000Z');
    // 02:30 does not exist on 29 March 2026 in Berlin: the clock jumps from 02:00 to 03:00.
    expect(iso('2026-03-29T02:30', 'Europe/Berlin')).toBe('2026-03-29T01:30:00.000Z');
  });

  it('passes Dates and epoch milliseconds through', () => {
    expect(iso(new Date('2026-11-01T00:00:00Z'))).toBe('2026-11-01T00:00:00.000Z');
    expect(iso(Date.parse('2026-11-01T00:00:00Z'))).toBe('2026-11-01T00:00:00.000Z');
  });

  it('refuses anything else with INPUT_INVALID naming the field', () => {
    const fail = (value: string | number, timeZone?: string) => {
      try {
        parseTimeInput(value, { now, field: 'from', ...(timeZone ? { timeZone } : {}) });
      } catch (error) {
        expect(AuditRelayError.isInstance(error) && error.code).toBe('INPUT_INVALID');
        return (error as Error).message;
      }
      throw new Error(`accepted ${value}`);
    };
    expect(fail('last tuesday')).toMatch(/^from: expected an ISO-8601 date .* got "last tuesday"$/);
    expect(fail('2026-02-30')).toBe('from: "2026-02-30" is not a date that exists');
    expect(fail('2026-11-01T24:00')).toMatch(/not a date that exists/);
    expect(fail('2026-13-45')).toMatch(/not a date that exists/);
    expect(fail(Number.NaN)).toMatch(/^from: expected/);
    expect(fail('2026-11-01T08:00', 'Mars/Olympus')).toBe('from: unknown time zone "Mars/Olympus"');
  });
});
