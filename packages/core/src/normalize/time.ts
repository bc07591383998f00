/**
 * Converts a vendor timestamp (ISO with any fraction length and offset, date-only, or epoch ms)
 * to UTC ISO with milliseconds and `Z`. Returns undefined when it cannot be read.
 */
export function toUtcIso(value: string | number | undefined | null): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'number')
    return Number.isFinite(value) ? new Date(value).toISOString() : undefined;
  // Most vendor timestamps are already UTC with milliseconds: one parse, no rewriting. (Still
  // re-printed: engines roll over days such as Feb 30, which must not pass through unchanged.)
  if (value.length === 24 && value.charCodeAt(23) === 90 && value.charCodeAt(19) === 46) {
    const date = new Date(value);
    if (!Number.isNaN(date.getTime())) return date.toISOString();
  }
  // Trim fractions beyond milliseconds (UiPath sends 7 digits) so every engine parses alike.
  const normalized = value.trim().replace(/(\.\d{3})\d+/, '$1');
  const time = Date.parse(normalized);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}
