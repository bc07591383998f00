// Parsing and formatting of the vendors' timestamp flavours.

/** An instant as whole milliseconds plus 100 ns ticks within that millisecond (0..9999). */
export interface Instant {
  ms: number;
  sub: number;
}

const KORE_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const KORE_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?Z$/;
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

function build(parts: Array<string | undefined>): Instant | undefined {
  const [y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone = 'Z'] = parts;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59)
    return undefined;
  const base = Date.UTC(year, month - 1, day, hour, minute, second);
  if (new Date(base).getUTCDate() !== day) return undefined;
  const digits = frac.padEnd(7, '0');
  let ms = base + Number(digits.slice(0, 3));
  const sub = Number(digits.slice(3, 7));
  if (zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const hhmm = zone.slice(1).replace(':', '');
    const offH = Number(hhmm.slice(0, 2));
    const offM = Number(hhmm.slice(2, 4));
    if (offH > 23 || offM > 59) return undefined;
    ms -= sign * (offH * 60 + offM) * 60_000;
  }
  return { ms, sub };
}

/** Kore XO `fromDate`/`toDate`: `yyyy-mm-dd` (UTC midnight) or `yyyy-mm-ddThh:mm:ss.msZ`. */
export function parseKoreDate(text: string): (Instant & { dateOnly: boolean }) | undefined {
  const date = KORE_DATE.exec(text);
  if (date) {
    const instant = build(date.slice(1));
    return instant && { ...instant, dateOnly: true };
  }
  const full = KORE_DATE_TIME.exec(text);
  if (!full) return undefined;
  const instant = build([...full.slice(1, 8), 'Z']);
  return instant && { ...instant, dateOnly: false };
}

/** ISO-8601 date or date-time; a missing offset means UTC. Up to 9 fraction digits (100 ns kept). */
export function parseIso(text: string): Instant | undefined {
  const m = ISO.exec(text.trim());
  if (!m) return undefined;
  return build(m.slice(1));
}

/** A bound given as ms epoch or ISO string. */
export function toInstant(value: string | number): Instant {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`Invalid time bound: ${value}`);
    const ms = Math.floor(value);
    return { ms, sub: Math.round((value - ms) * 10_000) };
  }
  const parsed = parseIso(value);
  if (!parsed) throw new Error(`Invalid ISO-8601 time: ${JSON.stringify(value)}`);
  return parsed;
}

/** Lowest integer-ms key at or after (or strictly after) the instant. */
export function msLowerBound(instant: Instant, exclusive: boolean): number {
  if (exclusive || instant.sub > 0) return instant.ms + 1;
  return instant.ms;
}

/** Highest integer-ms key at or before (or strictly before) the instant. */
export function msUpperBound(instant: Instant, inclusive: boolean): number {
  if (inclusive || instant.sub > 0) return instant.ms;
  return instant.ms - 1;
}

export function isoMs(ms: number): string {
  return new Date(ms).toISOString();
}

/** .NET round-trip style with 7 fraction digits and +00:00, e.g. 2021-10-14T13:10:15.1964174+00:00 */
export function isoTicks(ms: number, sub: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 23)}${String(sub).padStart(4, '0')}+00:00`;
}

export function httpDate(ms: number): string {
  return new Date(ms).toUTCString();
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export interface TimeZone {
  /** Minutes east of UTC. */
  offset: number;
  name: string;
}

/** Like JS Date#toString in the user's zone, as in Kore's sample: `Sat Jan 04 2020 22:36:52 GMT+0530(India Standard Time)`. */
export function koreLocalTime(ms: number, zone: TimeZone): string {
  const d = new Date(ms + zone.offset * 60_000);
  const pad = (n: number): string => String(n).padStart(2, '0');
  const sign = zone.offset < 0 ? '-' : '+';
  const abs = Math.abs(zone.offset);
  return (
    `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCDate())} ${d.getUTCFullYear()} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ` +
    `GMT${sign}${pad(Math.floor(abs / 60))}${pad(abs % 60)}(${zone.name})`
  );
}
