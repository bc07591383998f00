import type { AuditEvent } from '../../models/audit-event.js';
import { AUDIT_EVENT_SCHEMA_VERSION } from '../../models/audit-event.js';
import { toActivity } from '../../normalize/activity.js';
import { stableHash } from '../../normalize/stable-hash.js';
import { toUtcIso } from '../../normalize/time.js';
import { detailsToChanges, isRecord, parseDetails } from '../uipath-shared/details.js';
import type { UipathPlatformRecord } from './response-schema.js';

/**
 * The record has no id: its id is a hash of its content (every field but `detailsVersion`, which
 * versions the schema, not the event), as UiPath's own tooling compares records field by field.
 * The CSV download carries the same fields, so both paths give the same id.
 */
export function uipathPlatformRecordId(record: UipathPlatformRecord): string {
  return stableHash([
    record.createdOn,
    record.category ?? '',
    record.action ?? '',
    record.auditLogDetails ?? '',
    record.userName ?? '',
    record.email ?? '',
    record.message ?? '',
    record.source ?? '',
  ]);
}

export function normalizeUipathPlatformRecord(
  record: UipathPlatformRecord,
  source: { type: string; id: string },
  /** `uipathPlatformRecordId(record)`, when the caller has it already. */
  id = uipathPlatformRecordId(record),
): AuditEvent {
  const details = parseDetails(record.auditLogDetails);
  const action = record.action ?? '';
  const category = record.category ?? '';
  const message = record.message ?? '';
  const failed = /\b(fail|failed|failure|denied|invalid)\b/i.test(`${action} ${message}`);
  const targetName =
    isRecord(details) && typeof details.name === 'string' ? details.name : undefined;
  // Built field by field (no spread of a temporary object per optional field). Same order.
  const actor: AuditEvent['actor'] = {};
  if (record.userName) actor.name = record.userName;
  if (record.email) actor.email = record.email;
  let target: AuditEvent['target'];
  if (category || targetName) {
    target = {};
    if (category) target.type = category;
    if (targetName) target.name = targetName;
  }
  return {
    schemaVersion: AUDIT_EVENT_SCHEMA_VERSION,
    id,
    dedupeKey: `${source.type}:${source.id}:${id}`,
    source,
    occurredAt: toUtcIso(record.createdOn) ?? new Date(0).toISOString(),
    originalTime: record.createdOn,
    actor,
    action,
    activity: toActivity(action, message),
    category,
    target,
    description: message || undefined,
    sourceIp: undefined,
    outcome: failed ? 'failure' : 'success',
    changes: detailsToChanges(details),
    raw: record,
  };
}
