import { Flags } from '@oclif/core';
import { SOURCE_DEFINITIONS, filterFlag, type FilterDefinition } from '@auditrelay/core';
import { CliError } from '../cli-error.js';
import { EXIT_CODES } from '../exit-codes.js';

interface FilterFlag {
  flag: string;
  name: string;
  filter: FilterDefinition;
  /** The display names of the source types that understand it. */
  sources: string[];
}

/** One flag per vendor filter of the registered source types (types sharing a filter share it). */
function filterFlagList(): FilterFlag[] {
  const byFlag = new Map<string, FilterFlag>();
  for (const definition of SOURCE_DEFINITIONS) {
    for (const filter of definition.filters) {
      const flag = filterFlag(filter);
      const entry = byFlag.get(flag) ?? { flag, name: filter.name, filter, sources: [] };
      entry.sources.push(definition.displayName);
      byFlag.set(flag, entry);
    }
  }
  return [...byFlag.values()];
}

const FILTER_FLAG_LIST = filterFlagList();

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

/** `--entity`, `--user`, …: the `FILTERS` help group of `auditlogs fetch`, from the registry. */
export const FILTER_FLAGS = Object.fromEntries(
  FILTER_FLAG_LIST.map(({ flag, filter, sources }) => [
    flag,
    Flags.string({
      summary: `${sources.join(', ')}: ${lowerFirst(filter.description)}.`,
      helpGroup: 'FILTERS',
    }),
  ]),
);

/** The vendor filters set through their own flags, by filter name. */
export function filtersFromFlags(flags: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { flag, name } of FILTER_FLAG_LIST) {
    const value = flags[flag];
    if (typeof value === 'string') out[name] = value;
  }
  return out;
}

/** `--filter name=value` (repeatable), by filter name. */
export function parseFilterPairs(pairs: readonly string[] | undefined): Record<string, string> {
  const filters: Record<string, string> = {};
  for (const pair of pairs ?? []) {
    const index = pair.indexOf('=');
    if (index <= 0)
      throw new CliError(`--filter: expected name=value, got "${pair}"`, {
        code: 'USAGE',
        exitCode: EXIT_CODES.usage,
      });
    filters[pair.slice(0, index)] = pair.slice(index + 1);
  }
  return filters;
}
