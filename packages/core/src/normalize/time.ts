const DIGIT_0 = 48;

/** The number written by `length` ASCII digits at `at`, or -1 if any is not a digit. */
function digits(value: string, at: number, length: number): number {
  let out = 0;
  for (let index = at; index < at + length; index++) {
    const digit = value.charCodeAt(index) - DIGIT_0;
    if (digit < 0 || digit > 9) return -1;
    out = out * 10 + digit;
  }
  return out;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * The strict shape vendors send, `YYYY-MM-DDTHH:MM:SS[.f…](Z|±HH:MM)`, read without a `Date` or a
 * regular expression: the normalized text, or undefined when the value has any other shape or a
 * field out of range (the general path then decides, so both paths always agree; a test holds
 * them to it).
 */
function strictIso(value: string): string | undefined {
  const length = value.length;
  if (length < 20 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return undefined;
  if (value.charCodeAt(10) !== 84 || value.charCodeAt(13) !== 58 || value.charCodeAt(16) !== 58)
    return undefined;
  const year = digits(value, 0, 4);
  const month = digits(value, 5, 2);
  const day = digits(value, 8, 2);
  const hour = digits(value, 11, 2);
  const minute = digits(value, 14, 2);
  const second = digits(value, 17, 2);
  // Years before 100 and hour 24 are left to the general path (Date reads both its own way).
  if (year < 100 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month))
    return undefined;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59)
    return undefined;
  // Fraction: any number of digits, cut (not rounded) to milliseconds like the general path.
  let at = 19;
  let millis = '000';
  if (value.charCodeAt(at) === 46) {
    const start = ++at;
    while (at < length && digits(value, at, 1) >= 0) at++;
    const count = at - start;
    if (count === 0) return undefined;
    millis =
      count >= 3 ? value.slice(start, start + 3) : value.slice(start, at) + '00'.slice(count - 1);
  }
  const zone = value.charCodeAt(at);
  if (zone === 90 && at === length - 1) return `${value.slice(0, 19)}.${millis}Z`;
  if ((zone !== 43 && zone !== 45) || at !== length - 6 || value.charCodeAt(at + 3) !== 58)
    return undefined;
  const offsetHours = digits(value, at + 1, 2);
  const offsetMinutes = digits(value, at + 4, 2);
  if (offsetHours < 0 || offsetHours > 23 || offsetMinutes < 0 || offsetMinutes > 59)
    return undefined;
  if (offsetHours === 0 && offsetMinutes === 0) return `${value.slice(0, 19)}.${millis}Z`;
  const local = Date.UTC(year, month - 1, day, hour, minute, second, Number(millis));
  const sign = zone === 43 ? -1 : 1;
  const time = local + sign * (offsetHours * 60 + offsetMinutes) * 60_000;
  // Out of Date's range: the general path says so.
  return Math.abs(time) <= 8.64e15 ? new Date(time).toISOString() : undefined;
}

/**
 * Converts a vendor timestamp (ISO with any fraction length and offset, date-only, or epoch ms)
 * to UTC ISO with milliseconds and `Z`. Returns undefined when it cannot be read.
 */
export function toUtcIso(value: string | number | undefined | null): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'number')
    return Number.isFinite(value) ? new Date(value).toISOString() : undefined;
  const strict = strictIso(value);
  if (strict !== undefined) return strict;
  const normalized = value.trim().replace(/(\.\d{3})\d+/, '$1');
  const time = Date.parse(normalized);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

/**
 * Epoch milliseconds of a vendor timestamp (what `Date.parse(toUtcIso(value) ?? '')` gives, NaN
 * when it cannot be read), without parsing the normalized text again: sources compare record
 * times to their window on every record.
 */
export function toEpochMs(value: string | number | undefined | null): number {
  const iso = toUtcIso(value);
  if (iso === undefined) return Number.NaN;
  // The normalized text is `YYYY-MM-DDTHH:MM:SS.sssZ`; expanded years and years before 100
  // (which `Date.UTC` would read as 19xx) go through `Date.parse`.
  if (iso.length !== 24) return Date.parse(iso);
  const year = digits(iso, 0, 4);
  if (year < 100) return Date.parse(iso);
  return Date.UTC(
    year,
    digits(iso, 5, 2) - 1,
    digits(iso, 8, 2),
    digits(iso, 11, 2),
    digits(iso, 14, 2),
    digits(iso, 17, 2),
    digits(iso, 20, 3),
  );
}
