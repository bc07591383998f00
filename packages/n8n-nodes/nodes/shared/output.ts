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
    case 'simplified': {
      const normalized: IDataObject = {};
      for (const [field, value] of Object.entries(event)) {
        if (field !== 'raw') normalized[field] = value as IDataObject[string];
      }
      return normalized;
    }
  }
}
