import { parseTimeInput } from '@auditrelay/core/portable';

/**
 * A date-time parameter as an instant, read by the core's `parseTimeInput`: n8n's date-time fields
 * hold wall-clock values without an offset ("2026-11-20T00:00:00"), meant in the workflow's time
 * zone; values with an offset or Z are instants already; `now` and `24h` work as in the CLI.
 * Unreadable text is passed on unchanged for the core to report where the node handles errors.
 */
export function toInstant(value: string, timeZone: string): string {
  try {
    return parseTimeInput(value, { timeZone }).toISOString();
  } catch {
    return value.trim();
  }
}
