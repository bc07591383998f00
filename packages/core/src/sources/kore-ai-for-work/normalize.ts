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
  return fields.map((field) => {
    const change: AuditEventChange = { field };
    if (field in from) change.from = from[field];
    if (field in to) change.to = to[field];
    return change;
  });
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
  // Built field by field (no spread of a temporary object per optional field). Same order.
  const actor: AuditEvent['actor'] = {};
  if (record.userId) actor.id = record.userId;
  if (record.userName) actor.name = record.userName;
  if (record.emailId) actor.email = record.emailId;
  actor.type = 'user';
  const target: NonNullable<AuditEvent['target']> = {};
  if (record.entity) target.type = record.entity;
  if (record.entityId) target.id = record.entityId;
  if (name) target.name = name;
  return {
    schemaVersion: AUDIT_EVENT_SCHEMA_VERSION,
    id: record._id,
    dedupeKey: `${source.type}:${source.id}:${record._id}`,
    source,
    occurredAt: toUtcIso(record.cOn) ?? new Date(0).toISOString(),
    originalTime: record.cOn,
    actor,
    action: record.action ?? '',
    activity: toActivity(record.action ?? undefined),
    category: record.entity ?? '',
    target,
    description,
    sourceIp: undefined,
    outcome: 'success',
    changes: deltaToChanges(record.delta),
    raw: record,
  };
}
