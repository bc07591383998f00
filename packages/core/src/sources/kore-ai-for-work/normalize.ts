import type { AuditEvent, AuditEventChange } from '../../models/audit-event.js';
import { AUDIT_EVENT_SCHEMA_VERSION } from '../../models/audit-event.js';
import { toActivity } from '../../normalize/activity.js';
import { htmlToPlainText } from '../../normalize/html-text.js';
import { toUtcIso } from '../../normalize/time.js';
import type { AiForWorkRecord } from './response-schema.js';

/** `delta: { from: {…}, to: {…} }` → one change per field present on either side. */
export function deltaToChanges(delta: AiForWorkRecord['delta']): AuditEventChange[] {
  if (!delta) return [];
  const from = delta.from ?? {};
  const to = delta.to ?? {};
  const fields = [...new Set([...Object.keys(from), ...Object.keys(to)])].sort();
  return fields.map((field) => ({
    field,
    ...(field in from ? { from: from[field] } : {}),
    ...(field in to ? { to: to[field] } : {}),
  }));
}

export function normalizeAiForWorkRecord(
  record: AiForWorkRecord,
  source: { type: string; id: string },
): AuditEvent {
  const description = record.htmlText ? htmlToPlainText(record.htmlText) : undefined;
  const name =
    typeof record.delta?.to?.name === 'string'
      ? record.delta.to.name
      : typeof record.delta?.from?.name === 'string'
        ? record.delta.from.name
        : undefined;
  return {
    schemaVersion: AUDIT_EVENT_SCHEMA_VERSION,
    id: record._id,
    dedupeKey: `${source.type}:${source.id}:${record._id}`,
    source,
    occurredAt: toUtcIso(record.cOn) ?? new Date(0).toISOString(),
    originalTime: record.cOn,
    actor: {
      ...(record.userId ? { id: record.userId } : {}),
      ...(record.userName ? { name: record.userName } : {}),
      ...(record.emailId ? { email: record.emailId } : {}),
      type: 'user',
    },
    action: record.action ?? '',
    activity: toActivity(record.action ?? undefined),
    category: record.entity ?? '',
    target: {
      ...(record.entity ? { type: record.entity } : {}),
      ...(record.entityId ? { id: record.entityId } : {}),
      ...(name ? { name } : {}),
    },
    description,
    sourceIp: undefined,
    outcome: 'success',
    changes: deltaToChanges(record.delta),
    raw: record,
  };
}
