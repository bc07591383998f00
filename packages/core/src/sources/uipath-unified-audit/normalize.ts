import type { AuditEvent, Outcome } from '../../models/audit-event.js';
import { AUDIT_EVENT_SCHEMA_VERSION } from '../../models/audit-event.js';
import { toActivity } from '../../normalize/activity.js';
import { toUtcIso } from '../../normalize/time.js';
import { detailsToChanges, isRecord, parseDetails } from '../uipath-shared/details.js';
import type { UipathUnifiedEvent } from './response-schema.js';

/** `status`: 0 / 1 in the JSON API; the CSV download may spell it out. */
export function unifiedOutcome(status: UipathUnifiedEvent['status']): Outcome {
  const text = String(status ?? '')
    .trim()
    .toLowerCase();
  if (text === '0' || text === 'success' || text === 'succeeded') return 'success';
  if (text === '1' || text === 'failed' || text === 'failure') return 'failure';
  return 'unknown';
}

const text = (value: string | null | undefined): string | undefined =>
  value === null || value === undefined || value === '' ? undefined : value;

/**
 * One unified audit event. `eventType` ("Created process") is the verb, `eventSource` (the UiPath
 * service) the category and `eventTarget` the kind of object; the object itself, when the service
 * names it, is in `eventDetails` (a JSON document inside a string).
 */
export function normalizeUipathUnifiedEvent(
  record: UipathUnifiedEvent,
  source: { type: string; id: string },
): AuditEvent {
  const details = parseDetails(record.eventDetails);
  const action = record.eventType ?? '';
  const summary = text(record.eventSummary);
  const objectName =
    isRecord(details) && typeof details.name === 'string' ? details.name : undefined;
  const objectId = isRecord(details) && typeof details.id === 'string' ? details.id : undefined;
  const targetType = text(record.eventTarget);
  const actorId = text(record.actorId);
  const actorName = text(record.actorName);
  const actorEmail = text(record.actorEmail);
  return {
    schemaVersion: AUDIT_EVENT_SCHEMA_VERSION,
    id: record.id,
    dedupeKey: `${source.type}:${source.id}:${record.id}`,
    source,
    occurredAt: toUtcIso(record.createdOn) ?? new Date(0).toISOString(),
    originalTime: record.createdOn,
    actor: {
      ...(actorId ? { id: actorId } : {}),
      ...(actorName ? { name: actorName } : {}),
      ...(actorEmail ? { email: actorEmail } : {}),
      // UiPath raises some events itself (licence release, faulted jobs): no actor id, no client.
      ...(!actorId && !actorEmail ? { type: 'system' } : {}),
    },
    action,
    activity: toActivity(action, summary),
    category: record.eventSource ?? '',
    target:
      targetType || objectId || objectName
        ? {
            ...(targetType ? { type: targetType } : {}),
            ...(objectId ? { id: objectId } : {}),
            ...(objectName ? { name: objectName } : {}),
          }
        : undefined,
    description: summary,
    sourceIp: text(record.clientInfo?.ipAddress),
    outcome: unifiedOutcome(record.status),
    changes: detailsToChanges(details),
    raw: record,
  };
}
