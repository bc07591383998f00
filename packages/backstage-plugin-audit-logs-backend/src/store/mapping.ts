import type { AuditEvent } from '@auditrelay/core';
import type {
  AuditLogEventDetail,
  AuditLogEventSummary,
} from '@auditrelay/backstage-plugin-audit-logs-common';
import type { StoredAuditEvent } from '@auditrelay/backstage-plugin-audit-logs-node';
import type { EventRow } from './tables.js';

export function toStored(row: EventRow): StoredAuditEvent {
  return {
    id: String(row.id),
    ingestedAt: row.ingested_at,
    event: JSON.parse(row.event_json) as AuditEvent,
  };
}

/** Finds the catalog User of an actor email, when known. */
export type ActorRefLookup = (email: string) => string | undefined;

export function toDetail(
  { id, ingestedAt, event }: StoredAuditEvent,
  lookup?: ActorRefLookup,
): AuditLogEventDetail {
  const actorEntityRef = event.actor.email ? lookup?.(event.actor.email) : undefined;
  return {
    id,
    eventId: event.id,
    dedupeKey: event.dedupeKey,
    source: { id: event.source.id, type: event.source.type },
    occurredAt: event.occurredAt,
    actor: event.actor,
    action: event.action,
    activity: event.activity,
    category: event.category,
    ...(event.target ? { target: event.target } : {}),
    ...(event.description !== undefined ? { description: event.description } : {}),
    ...(event.sourceIp !== undefined ? { sourceIp: event.sourceIp } : {}),
    outcome: event.outcome,
    ingestedAt,
    ...(actorEntityRef ? { actorEntityRef } : {}),
    schemaVersion: event.schemaVersion,
    originalTime: event.originalTime,
    changes: event.changes,
    raw: event.raw,
  };
}

export function toSummary(stored: StoredAuditEvent, lookup?: ActorRefLookup): AuditLogEventSummary {
  const {
    schemaVersion: _v,
    originalTime: _o,
    changes: _c,
    raw: _r,
    ...summary
  } = toDetail(stored, lookup);
  return summary;
}
