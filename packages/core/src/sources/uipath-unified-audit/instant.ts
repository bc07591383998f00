// The unified audit API's timestamps have 100 ns ticks (`2026-03-10T09:30:00.1234567Z`); the walk
// compares and sends them at that precision, so neighbours within a millisecond stay apart.

/** Whole milliseconds plus 100 ns ticks within that millisecond (0..9999). */
export interface Instant {
  ms: number;
  sub: number;
}

const FRACTION = /\.(\d+)/;

/** Reads an ISO timestamp with any fraction length and offset; undefined when it is not one. */
export function instantOf(text: string): Instant | undefined {
  const ms = Date.parse(text.replace(/(\.\d{3})\d+/, '$1'));
  if (Number.isNaN(ms)) return undefined;
  const fraction = FRACTION.exec(text)?.[1] ?? '';
  return { ms, sub: Number(fraction.padEnd(7, '0').slice(3, 7)) };
}

export function compareInstants(a: Instant, b: Instant): number {
  return a.ms - b.ms || a.sub - b.sub;
}

/** The instant one tick later. */
export function nextTick(at: Instant): Instant {
  return at.sub === 9999 ? { ms: at.ms + 1, sub: 0 } : { ms: at.ms, sub: at.sub + 1 };
}

/** ISO UTC with seven fraction digits, as the API writes them. */
export function formatInstant(at: Instant): string {
  return `${new Date(at.ms).toISOString().slice(0, 23)}${String(at.sub).padStart(4, '0')}Z`;
}
