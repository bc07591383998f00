import type { IDataObject, INodeProperties } from 'n8n-workflow';
import type { AuditEvent } from '@auditrelay/core/portable';

export type OutputFormat = 'simplified' | 'raw';

/**
 * Output shapes. The OCSF and ECS shapes (issue 8) become two more options here once the core
 * maps to them: add a value to `outputProperty` and a case to `formatEvent`.
 */
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
  ],
};

export function formatEvent(event: AuditEvent, format: OutputFormat): IDataObject {
  switch (format) {
    case 'raw':
      return event.raw as IDataObject;
    case 'simplified': {
      const normalized: IDataObject = {};
      for (const [field, value] of Object.entries(event)) {
        if (field !== 'raw') normalized[field] = value as IDataObject[string];
      }
      return normalized;
    }
  }
}
