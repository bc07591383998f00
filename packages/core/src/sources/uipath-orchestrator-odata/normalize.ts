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
        changes.push({
          field: `${prefix}${field}`,
          ...(from && field in from ? { from: from[field] } : {}),
          ...(to && field in to ? { to: to[field] } : {}),
        });
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
  return {
    schemaVersion: AUDIT_EVENT_SCHEMA_VERSION,
    id,
    dedupeKey: `${source.type}:${source.id}:${id}`,
    source,
    occurredAt: toUtcIso(record.ExecutionTime) ?? new Date(0).toISOString(),
    originalTime: record.ExecutionTime,
    actor: {
      ...(record.UserId != null ? { id: String(record.UserId) } : {}),
      ...(record.UserName ? { name: record.UserName } : {}),
      ...(record.UserType ? { type: record.UserType } : {}),
    },
    action,
    activity: toActivity(action, record.MethodName ?? undefined),
    category: component,
    target: {
      ...(component ? { type: component } : {}),
      ...(record.EntityId != null ? { id: String(record.EntityId) } : {}),
      ...(record.DisplayName ? { name: record.DisplayName } : {}),
    },
    description: record.OperationText ?? undefined,
    sourceIp: undefined,
    outcome: 'success',
    changes: entitiesToChanges(record.Entities),
    raw: record,
  };
}
