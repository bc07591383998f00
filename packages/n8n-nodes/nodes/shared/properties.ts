import type { INodeProperties } from 'n8n-workflow';
import { SOURCE_DEFINITIONS } from '@auditrelay/core/portable';
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

/** Every vendor filter of the registered types, once per name (the core's filter definitions). */
const FILTERS = [
  ...new Map(
    SOURCE_DEFINITIONS.flatMap((definition) => definition.filters).map((f) => [f.name, f]),
  ).values(),
];

/** The vendor filters, shown for the source types that have any (the others filter by time only). */
export const filtersProperty: INodeProperties = {
  displayName: 'Filters',
  name: 'filters',
  type: 'collection',
  placeholder: 'Add Filter',
  default: {},
  displayOptions: {
    show: {
      source: SOURCE_DEFINITIONS.filter((definition) => definition.filters.length > 0).map(
        (definition) => definition.type,
      ),
    },
  },
  options: FILTERS.map((filter) => ({
    displayName: filter.label,
    name: filter.name,
    type: filter.type,
    ...(filter.placeholder ? { placeholder: filter.placeholder } : {}),
    default: '',
    description: filter.description,
  })).sort((a, b) => a.displayName.localeCompare(b.displayName)),
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
