import { CliError } from './cli-error.js';
import { EXIT_CODES } from './exit-codes.js';

const RELATIVE = /^(\d+)\s*(s|m|h|d|w)$/i;
const UNIT_MS: Record<string, number> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/**
 * A point in time from a flag: an ISO-8601 date or instant, `now`, or a duration back from now
 * (`30m`, `24h`, `7d`, `2w`).
 */
export function parseTimeFlag(flag: string, value: string, now = Date.now()): Date {
  const trimmed = value.trim();
  if (trimmed.toLowerCase() === 'now') return new Date(now);
  const relative = RELATIVE.exec(trimmed);
  if (relative) return new Date(now - Number(relative[1]) * UNIT_MS[relative[2]!.toLowerCase()]!);
  if (/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(trimmed)) {
    // A date or time without a zone means UTC: audit logs are compared in UTC.
    const iso =
      /T|\s/.test(trimmed) && !/(Z|[+-]\d{2}:?\d{2})$/.test(trimmed)
        ? `${trimmed.replace(' ', 'T')}Z`
        : trimmed;
    const time = Date.parse(iso);
    if (!Number.isNaN(time)) return new Date(time);
  }
  throw new CliError(
    `--${flag}: expected an ISO date/time (2026-11-01, 2026-11-01T12:00:00Z), "now", or a duration back from now (30m, 24h, 7d); got "${value}"`,
    {
      code: 'USAGE',
      exitCode: EXIT_CODES.usage,
    },
  );
}
