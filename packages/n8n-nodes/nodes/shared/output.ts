import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { toEcs, toOcsf, type AuditEvent } from '@auditrelay/core/portable';

export type OutputFormat = 'simplified' | 'raw' | 'ocsf' | 'ecs';

/** Output shapes: the normalized event, the vendor's record, or the OCSF / ECS documents. */
export const outputProperty: INodeProperties = {
  displayName: 'Output',
  name: 'output',
  type: 'options',
  default: 'simplified',
  options: [
    {
      name: 'Simplified',
      value: 'simplified',
      description:
        'The normalized event: the same fields for every vendor (actor, action, target, outcome, changes…)',
    },
    {
      name: 'Raw',
      value: 'raw',
      description: "The vendor's own record, untouched",
    },
    {
      name: 'OCSF 1.8',
      value: 'ocsf',
      description:
        'An Open Cybersecurity Schema Framework event (Authentication, Account Change, Entity Management, … or API Activity)',
    },
    {
      name: 'Elastic Common Schema',
      value: 'ecs',
      description: 'An ECS document (@timestamp, event.*, user.*, source.ip, related.*)',
    },
  ],
};

export function formatEvent(event: AuditEvent, format: OutputFormat): IDataObject {
  switch (format) {
    case 'raw':
      return event.raw as IDataObject;
    case 'ocsf':
      return toOcsf(event) as IDataObject;
    case 'ecs':
      return toEcs(event) as IDataObject;
    case 'simplified':
      return simplified(event);
  }
}

/** Every field of the normalized event but `raw`; listing one the core adds is enforced. */
type SimplifiedEvent = { [K in Exclude<keyof AuditEvent, 'raw'>]-?: AuditEvent[K] };

/**
 * The normalized event without `raw`, copied field by field: an object literal of one fixed
 * shape is the cheapest copy per event (100k events: about 3× faster than a rest spread and
 * 6× faster than copying `Object.entries`).
 */
function simplified(event: AuditEvent): IDataObject {
  const fields: SimplifiedEvent = {
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
  return fields as IDataObject;
}
