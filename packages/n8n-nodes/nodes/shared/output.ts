import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { toEventRecord, type AuditEvent, type EventRecordShape } from '@auditrelay/core/portable';

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

/** Each Output option's shape in the core (`toEventRecord`): Simplified is the event without raw. */
const SHAPES = {
  simplified: 'event-without-raw',
  raw: 'raw',
  ocsf: 'ocsf',
  ecs: 'ecs',
} as const satisfies Record<OutputFormat, EventRecordShape>;

export function formatEvent(event: AuditEvent, format: OutputFormat): IDataObject {
  return toEventRecord(event, SHAPES[format]) as IDataObject;
}
