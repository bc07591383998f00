import { ValidationError } from '../errors/validation-error.js';
import { wallClockToInstant, zoneOffsetMs } from './zone-offset.js';

export interface TimeInputOptions {
  /** The current time in epoch ms, for `now` and relative forms. Default `Date.now()`. */
  now?: number;
  /**
   * The IANA time zone (`Europe/Berlin`) that a date or time without an offset is read in; n8n
   * passes the workflow's zone. Default `UTC`, never the machine's local zone.
   */
  timeZone?: string;
  /** Names the input in the error (`from`, `--to`, `parameter "From"`). Default `time`. */
  field?: string;
}

const RELATIVE = /^(\d{1,9})\s*(s|m|h|d|w)$/i;
const UNIT_MS: Record<string, number> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

export const TIME_INPUT_FORMS =
  'an ISO-8601 date or time (2026-11-01, 2026-11-01T12:00:00Z; without an offset it is read in the time zone), "now", or a duration back from now (30m, 24h, 7d, 2w)';

function invalid(field: string, message: string): ValidationError {
  return new ValidationError([{ path: field, message }], { code: 'INPUT_INVALID' });
}

/**
 * A point in time a user typed, the same way in every host (CLI `--from`/`--to`, n8n date
 * parameters, Backstage query parameters, `fetchEvents`):
 * - an ISO-8601 date or date-time with `Z` or an offset (`+02:00`, `+0200`): that instant;
 * - the same without an offset (`2026-11-01`, `2026-11-01T08:30`, a space for the `T`): the wall
 *   clock in `timeZone` (default UTC); a date is its midnight;
 * - `now`, or a duration back from now: `30s`, `30m`, `24h`, `7d`, `2w`;
 * - a `Date` or epoch milliseconds: as is.
 * Anything else, a day that does not exist (2026-02-30) or an unknown zone throws a
 * `ValidationError` (`INPUT_INVALID`) naming `field`.
 */
export function parseTimeInput(
  value: string | number | Date,
  options: TimeInputOptions = {},
): Date {
  const field = options.field ?? 'time';
  const timeZone = options.timeZone ?? 'UTC';
  if (value instanceof Date || typeof value === 'number') {
    const time = value instanceof Date ? value.getTime() : value;
    if (!Number.isFinite(time)) throw invalid(field, `expected ${TIME_INPUT_FORMS}`);
    return new Date(time);
  }
  const text = value.trim();
  const now = options.now ?? Date.now();
  if (text.toLowerCase() === 'now') return new Date(now);
  const relative = RELATIVE.exec(text);
  if (relative) return new Date(now - Number(relative[1]) * UNIT_MS[relative[2]!.toLowerCase()]!);
  const match = ISO.exec(text);
  if (!match) throw invalid(field, `expected ${TIME_INPUT_FORMS}; got ${JSON.stringify(value)}`);
  const [, year, month, day, hour = '0', minute = '0', second = '0', fraction = '', zone] = match;
  const parts = [year, month, day, hour, minute, second].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const wall = Date.UTC(
    parts[0],
    parts[1] - 1,
    parts[2],
    parts[3],
    parts[4],
    parts[5],
    Number(`${fraction}000`.slice(0, 3)),
  );
  // Date.UTC rolls 2026-02-30 over to March 2: a reading that does not round-trip does not exist.
  const check = new Date(wall);
  if (
    check.getUTCFullYear() !== parts[0] ||
    check.getUTCMonth() !== parts[1] - 1 ||
    check.getUTCDate() !== parts[2] ||
    check.getUTCHours() !== parts[3] ||
    check.getUTCMinutes() !== parts[4] ||
    check.getUTCSeconds() !== parts[5]
  )
    throw invalid(field, `${JSON.stringify(value)} is not a date that exists`);
  if (zone) {
    if (zone.toUpperCase() === 'Z') return new Date(wall);
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offset = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
    return new Date(wall - offset);
  }
  try {
    zoneOffsetMs(wall, timeZone);
  } catch {
    throw invalid(field, `unknown time zone ${JSON.stringify(timeZone)}`);
  }
  return new Date(wallClockToInstant(wall, timeZone));
}
