import type { AuditEventChange } from '../../models/audit-event.js';

/** UiPath sends audit details as JSON inside a string; unreadable text is kept as-is. */
export function parseDetails(text: string | null | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Details become changes: `{old, new}`-style pairs become from/to, other fields are values set. */
export function detailsToChanges(details: unknown): AuditEventChange[] {
  if (!isRecord(details)) return [];
  const oldValues = details.oldValues ?? details.old ?? details.before;
  const newValues = details.newValues ?? details.new ?? details.after;
  if (isRecord(oldValues) || isRecord(newValues)) {
    const from = isRecord(oldValues) ? oldValues : {};
    const to = isRecord(newValues) ? newValues : {};
    return [...new Set([...Object.keys(from), ...Object.keys(to)])].sort().map((field) => {
      const change: AuditEventChange = { field };
      if (field in from) change.from = from[field];
      if (field in to) change.to = to[field];
      return change;
    });
  }
  return Object.keys(details)
    .sort()
    .map((field) => ({ field, to: details[field] }));
}
