import type { AuditEvent, AuditEventChange } from '../../models/audit-event.js';
import { AUDIT_EVENT_SCHEMA_VERSION } from '../../models/audit-event.js';
import { toActivity } from '../../normalize/activity.js';
import { toUtcIso } from '../../normalize/time.js';
import { parseDetails } from '../uipath-shared/details.js';
import type { OrchestratorEntity, OrchestratorRecord } from './response-schema.js';

/** Entity `CustomData` (JSON of old/new values) → changes, prefixed by the entity when several. */
export function entitiesToChanges(
  entities: OrchestratorEntity[] | null | undefined,
): AuditEventChange[] {
  const changes: AuditEventChange[] = [];
  for (const entity of entities ?? []) {
    const data = parseDetails(entity.CustomData);
    if (typeof data !== 'object' || data === null) continue;
    const record = data as Record<string, unknown>;
    const from = (record.OldValues ?? record.oldValues ?? record.Old ?? record.old) as
      Record<string, unknown> | undefined;
    const to = (record.NewValues ?? record.newValues ?? record.New ?? record.new) as
      Record<string, unknown> | undefined;
    const prefix =
      entities && entities.length > 1 && entity.EntityName ? `${entity.EntityName}.` : '';
    if (from || to) {
      const fields = [...new Set([...Object.keys(from ?? {}), ...Object.keys(to ?? {})])].sort();
      for (const field of fields) {
        const change: AuditEventChange = { field: `${prefix}${field}` };
        if (from && field in from) change.from = from[field];
        if (to && field in to) change.to = to[field];
        changes.push(change);
      }
    } else {
      for (const field of Object.keys(record).sort())
        changes.push({ field: `${prefix}${field}`, to: record[field] });
    }
  }
  return changes;
}

export function normalizeOrchestratorRecord(
  record: OrchestratorRecord,
  source: { type: string; id: string },
): AuditEvent {
  const id = String(record.Id);
  const action = record.Action ?? '';
  const component = record.Component ?? '';
  // Built field by field (no spread of a temporary object per optional field): this runs for
  // every event, and the temporaries were a good part of the garbage. Same fields, same order.
  const actor: AuditEvent['actor'] = {};
  if (record.UserId != null) actor.id = String(record.UserId);
  if (record.UserName) actor.name = record.UserName;
  if (record.UserType) actor.type = record.UserType;
  const target: NonNullable<AuditEvent['target']> = {};
  if (component) target.type = component;
  if (record.EntityId != null) target.id = String(record.EntityId);
  if (record.DisplayName) target.name = record.DisplayName;
  return {
    schemaVersion: AUDIT_EVENT_SCHEMA_VERSION,
    id,
    dedupeKey: `${source.type}:${source.id}:${id}`,
    source,
    occurredAt: toUtcIso(record.ExecutionTime) ?? new Date(0).toISOString(),
    originalTime: record.ExecutionTime,
    actor,
    action,
    activity: toActivity(action, record.MethodName ?? undefined),
    category: component,
    target,
    description: record.OperationText ?? undefined,
    sourceIp: undefined,
    outcome: 'success',
    changes: entitiesToChanges(record.Entities),
    raw: record,
  };
}
