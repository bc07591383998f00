import type { INodeProperties } from 'n8n-workflow';
import { SOURCE_OPTIONS } from './source';

export const sourceProperty: INodeProperties = {
  displayName: 'Source',
  name: 'source',
  type: 'options',
  noDataExpression: true,
  options: SOURCE_OPTIONS,
  default: 'kore-xo-admin-console',
  description: 'Which audit log to read',
};

/** The vendor filters of Kore.ai AI for Work (the other APIs filter by time only). */
export const filtersProperty: INodeProperties = {
  displayName: 'Filters',
  name: 'filters',
  type: 'collection',
  placeholder: 'Add Filter',
  default: {},
  displayOptions: { show: { source: ['kore-ai-for-work'] } },
  options: [
    {
      displayName: 'Action',
      name: 'action',
      type: 'string',
      default: '',
      description: 'Only events with this action (exact match)',
    },
    {
      displayName: 'Email',
      name: 'emailId',
      type: 'string',
      placeholder: 'name@email.com',
      default: '',
      description: 'Only events by the user with this email address',
    },
    {
      displayName: 'Entity',
      name: 'entity',
      type: 'string',
      default: '',
      description: 'Only events on this kind of entity',
    },
    {
      displayName: 'Entity ID',
      name: 'entityId',
      type: 'string',
      default: '',
      description: 'Only events on the entity with this ID',
    },
    {
      displayName: 'User ID',
      name: 'userId',
      type: 'string',
      default: '',
      description: 'Only events by the user with this ID',
    },
  ],
};

/** Collection values as the core's flat string filters, empty ones dropped. */
export function toFilters(values: Record<string, unknown>): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(values)) {
    if (value !== undefined && value !== null && String(value).trim() !== '') {
      out[name] = String(value).trim();
    }
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
