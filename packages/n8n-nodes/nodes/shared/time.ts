// n8n's date-time fields hold wall-clock values without an offset ("2026-11-20T00:00:00"), meant
// in the workflow's time zone; values with an offset or Z are instants already.

const HAS_ZONE = /(?:[zZ]|[+-]\d{2}:?\d{2})$/;
const WALL_CLOCK = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?$/;

/** How far `timeZone` is ahead of UTC at `instant`, in ms. */
function offsetMs(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const part = (type: string) => Number(parts.find((entry) => entry.type === type)?.value);
  const asUtc = Date.UTC(
    part('year'),
    part('month') - 1,
    part('day'),
    part('hour'),
    part('minute'),
    part('second'),
  );
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/**
 * A date-time parameter as an instant: wall-clock values are read in `timeZone` (the workflow's);
 * anything else is passed on unchanged for the core to validate and report.
 */
export function toInstant(value: string, timeZone: string): string {
  const trimmed = value.trim();
  const match = WALL_CLOCK.exec(trimmed);
  if (!trimmed || HAS_ZONE.test(trimmed) || !match) return trimmed;
  const [, year, month, day, hour = '0', minute = '0', second = '0', fraction = ''] = match;
  const wall = Date.UTC(
    Number(year),
    Number(month) - 1,
    Number(day),
    Number(hour),
    Number(minute),
    Number(second),
    Number(`${fraction}000`.slice(0, 3)),
  );
  let zone = timeZone;
  try {
    offsetMs(wall, zone);
  } catch {
    zone = 'UTC';
  }
  // The offset in force at the result, not at the wall-clock reading (daylight saving).
  const first = wall - offsetMs(wall, zone);
  return new Date(wall - offsetMs(first, zone)).toISOString();
}
