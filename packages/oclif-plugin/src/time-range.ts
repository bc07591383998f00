import { CliError } from './cli-error.js';
import { EXIT_CODES } from './exit-codes.js';

/**
 * A point in time from a flag, read by the core's `parseTimeInput` (as n8n and Backstage read
 * theirs): an ISO-8601 date or time (without an offset: UTC), `now`, or a duration back from now
 * (`30m`, `24h`, `7d`, `2w`).
 */
export async function parseTimeFlag(flag: string, value: string, now = Date.now()): Promise<Date> {
  const { parseTimeInput, AuditRelayError } = await import('@auditrelay/core');
  try {
    return parseTimeInput(value, { now, timeZone: 'UTC', field: `--${flag}` });
  } catch (error) {
    if (!AuditRelayError.isInstance(error)) throw error;
    throw new CliError(error.message, { code: 'USAGE', exitCode: EXIT_CODES.usage });
  }
}
