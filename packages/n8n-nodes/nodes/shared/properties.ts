import type { INodeProperties } from 'n8n-workflow';
import {
  SOURCE_DEFINITIONS,
  formOptionsOf,
  type FilterDefinition,
} from '@auditrelay/core/portable';
import { SOURCE_OPTIONS } from './source';

/** The default source: the first type of the core's registry (its reference source). */
const FIRST_SOURCE_TYPE = SOURCE_DEFINITIONS[0].type;

export const sourceProperty: INodeProperties = {
  displayName: 'Source',
  name: 'source',
  type: 'options',
  noDataExpression: true,
  options: SOURCE_OPTIONS,
  default: FIRST_SOURCE_TYPE,
  description: 'Which audit log to read',
};

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * The core's form options (an enum of a type's config, chosen per node, e.g. the unified audit's
 * Scope): one dropdown each, shown for the types that have it. The same option of several types
 * is one parameter when it offers the same values.
 */
export const formOptionProperties: INodeProperties[] = (() => {
  const byShape = new Map<
    string,
    INodeProperties & { displayOptions: { show: { source: string[] } } }
  >();
  for (const definition of SOURCE_DEFINITIONS) {
    for (const option of formOptionsOf(definition)) {
      const shape = JSON.stringify(option);
      const known = byShape.get(shape);
      if (known) {
        known.displayOptions.show.source.push(definition.type);
        continue;
      }
      const fallback = option.default ?? option.values[0]!;
      byShape.set(shape, {
        displayName: option.label,
        name: option.name,
        type: 'options',
        options: option.values.map((value) => ({ name: capitalize(value), value })),
        default: fallback,
        description: option.description,
        displayOptions: { show: { source: [definition.type] } },
      });
    }
  }
  return [...byShape.values()];
})();

/** Every vendor filter of the registered types, once per name (the core's filter definitions). */
const FILTERS: FilterDefinition[] = [
  ...new Map(
    SOURCE_DEFINITIONS.flatMap((definition) => definition.filters).map((f) => [f.name, f]),
  ).values(),
];

/** The filters whose values the vendor lists: each a dropdown filled by a `loadOptions` method. */
export const VENDOR_CHOICE_FILTERS = FILTERS.filter((filter) => filter.choices === 'vendor');

/** The `loadOptions` method of a filter with vendor choices, e.g. `getEventSourceChoices`. */
export function choicesMethodName(filter: string): string {
  return `get${capitalize(filter)}Choices`;
}

/** Parameters the vendor's lists depend on: the source, its form options (the credential too). */
const CHOICES_DEPEND_ON = [
  'source',
  ...new Set(formOptionProperties.map((property) => property.name)),
];

function filterProperty(filter: FilterDefinition): INodeProperties {
  if (filter.choices === 'vendor') {
    // n8n's wording for a list loaded from the service that also takes IDs by expression.
    return {
      displayName: `${filter.label} Names or IDs`,
      name: filter.name,
      type: 'multiOptions',
      typeOptions: {
        loadOptionsMethod: choicesMethodName(filter.name),
        loadOptionsDependsOn: CHOICES_DEPEND_ON,
      },
      default: [],
      description: `${filter.description}. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.`,
    };
  }
  return {
    displayName: filter.label,
    name: filter.name,
    type: filter.type,
    ...(filter.placeholder ? { placeholder: filter.placeholder } : {}),
    default: '',
    description: filter.description,
  };
}

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
  options: FILTERS.map(filterProperty).sort((a, b) => a.displayName.localeCompare(b.displayName)),
};

/**
 * Collection values as the core's flat string filters, empty ones dropped; a list (a filter with
 * vendor choices) comma-separated, as the core reads a `multiple` filter.
 */
export function toFilters(values: Record<string, unknown>): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(values)) {
    const text = Array.isArray(value)
      ? value
          .map((part) => String(part).trim())
          .filter((part) => part !== '')
          .join(',')
      : value === undefined || value === null
        ? ''
        : String(value).trim();
    if (text !== '') out[name] = text;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
