import type { AuditEvent } from '../models/audit-event.js';
import { toEcs } from '../mappings/ecs.js';
import { toOcsf } from '../mappings/ocsf.js';

/**
 * The shapes an event is handed on in, one object each: the normalized event (`event`), the same
 * without the vendor's record (`event-without-raw`), the vendor's record (`raw`), or the OCSF 1.8
 * / ECS document. Files (`createEventFormat`) and n8n items are made of these.
 */
export const EVENT_RECORD_SHAPES = ['event', 'event-without-raw', 'raw', 'ocsf', 'ecs'] as const;
export type EventRecordShape = (typeof EVENT_RECORD_SHAPES)[number];

/** Every field of the normalized event but `raw`; a field the core adds must be listed here. */
type EventWithoutRaw = { [K in Exclude<keyof AuditEvent, 'raw'>]-?: AuditEvent[K] };

/**
 * The normalized event without `raw`, copied field by field: an object literal of one fixed shape
 * is the cheapest copy per event (100k events: about 3× faster than a rest spread and 6× faster
 * than copying `Object.entries`).
 */
function withoutRaw(event: AuditEvent): EventWithoutRaw {
  return {
    schemaVersion: event.schemaVersion,
    id: event.id,
    dedupeKey: event.dedupeKey,
    source: event.source,
    occurredAt: event.occurredAt,
    originalTime: event.originalTime,
    actor: event.actor,
    action: event.action,
    activity: event.activity,
    category: event.category,
    target: event.target,
    description: event.description,
    sourceIp: event.sourceIp,
    outcome: event.outcome,
    changes: event.changes,
  };
}

/** One event in one of `EVENT_RECORD_SHAPES`. */
export function toEventRecord(event: AuditEvent, shape: EventRecordShape): object {
  switch (shape) {
    case 'event':
      return event;
    case 'event-without-raw':
      return withoutRaw(event);
    case 'raw':
      return event.raw as object;
    case 'ocsf':
      return toOcsf(event);
    case 'ecs':
      return toEcs(event);
  }
}
