import { AuditRelayError } from '../../errors/auditrelay-error.js';
import type { FilterChoice, FilterDefinition } from '../define-source.js';
import type { SourceFilters } from '../source.js';
import { unifiedOutcome } from './normalize.js';
import type { UipathUnifiedEvent, UipathUnifiedSources } from './response-schema.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The query filters of `…/api/query/events`; names are resolved to GUIDs via `query/sources`. */
export const UNIFIED_FILTER_DEFINITIONS: readonly FilterDefinition[] = [
  {
    name: 'eventSource',
    label: 'Event Source',
    description: 'Only events of these UiPath services (names or GUIDs), e.g. Orchestrator',
    type: 'string',
    multiple: true,
    choices: 'vendor',
    placeholder: 'Orchestrator',
  },
  {
    name: 'eventTarget',
    label: 'Event Target',
    description: 'Only events on these kinds of object (names or GUIDs), e.g. Processes',
    type: 'string',
    multiple: true,
    choices: 'vendor',
  },
  {
    name: 'eventType',
    label: 'Event Type',
    description: 'Only events of these types (names or GUIDs), e.g. Created process',
    type: 'string',
    multiple: true,
    choices: 'vendor',
  },
  {
    name: 'userId',
    label: 'User ID',
    description: 'Only events by the user with this ID (a GUID)',
    type: 'string',
    flag: 'user',
  },
  {
    name: 'status',
    label: 'Status',
    description: 'Only successful or only failed events (success or failed)',
    type: 'string',
  },
  {
    name: 'searchTerm',
    label: 'Search',
    description:
      "Only events whose details or client address contain this text (the vendor's search)",
    type: 'string',
    flag: 'search',
  },
];

export const UNIFIED_FILTERS = UNIFIED_FILTER_DEFINITIONS.map((filter) => filter.name);

type Level = 'source' | 'target' | 'type';
const FIELD: Record<Level, 'eventSource' | 'eventTarget' | 'eventType'> = {
  source: 'eventSource',
  target: 'eventTarget',
  type: 'eventType',
};

interface CatalogNode {
  level: Level;
  id: string;
  name: string;
  /** Names of the nodes above it (source, target). */
  path: string[];
}

/** The metadata tree, flat. */
export function catalogNodes(tree: UipathUnifiedSources): CatalogNode[] {
  const nodes: CatalogNode[] = [];
  for (const source of tree) {
    nodes.push({ level: 'source', id: source.id, name: source.name, path: [] });
    for (const target of source.eventTargets ?? []) {
      nodes.push({ level: 'target', id: target.id, name: target.name, path: [source.name] });
      for (const type of target.eventTypes ?? [])
        nodes.push({
          level: 'type',
          id: type.id,
          name: type.name,
          path: [source.name, target.name],
        });
    }
  }
  return nodes;
}

/** The choices of one filter: distinct names (resolved again when read), their place as description. */
export function unifiedFilterChoices(tree: UipathUnifiedSources, filter: string): FilterChoice[] {
  const level = (Object.keys(FIELD) as Level[]).find((l) => FIELD[l] === filter);
  if (!level) return [];
  const byName = new Map<string, string[]>();
  for (const node of catalogNodes(tree)) {
    if (node.level !== level) continue;
    const places = byName.get(node.name) ?? [];
    if (node.path.length > 0) places.push(node.path.join(' › '));
    byName.set(node.name, places);
  }
  return [...byName]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, places]) => ({
      name,
      value: name,
      ...(places.length > 0 ? { description: [...new Set(places)].join(', ') } : {}),
    }));
}

const split = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');

/** What a read sends and what it checks on every record it gets back. */
export interface ResolvedFilters {
  /** The query's filters, GUIDs: each sent only when it holds exactly one value (see below). */
  query: {
    source: string[];
    target: string[];
    type: string[];
    userIds: string[];
    status?: 0 | 1;
    searchTerm?: string;
  };
  /** Filters held by auditrelay after reading (several values): their names, for the report. */
  clientSide: string[];
  /**
   * False for a record the filters exclude for sure: a known name that was not selected, another
   * user, the other status. A name the metadata does not know is kept (it cannot be told apart).
   */
  keep(record: UipathUnifiedEvent): boolean;
  /** Non-empty when any filter is set. */
  describe(): string;
}

function invalid(message: string): AuditRelayError {
  return new AuditRelayError({ code: 'INPUT_INVALID', message });
}

/**
 * Resolves names (case-insensitive) or GUIDs against the metadata tree; targets and types are
 * looked up under the selected sources (and targets) only. A filter with several values is not
 * sent: the API's array encoding is not documented, and a server reading only the first value
 * would drop the rest without a word; auditrelay reads the wider result and keeps the matches.
 */
export function resolveUnifiedFilters(
  filters: SourceFilters,
  tree: UipathUnifiedSources | undefined,
  context: { label: string; scope: string },
): ResolvedFilters {
  const nodes = tree ? catalogNodes(tree) : [];
  const selected: Record<Level, CatalogNode[] | undefined> = {
    source: undefined,
    target: undefined,
    type: undefined,
  };
  for (const level of ['source', 'target', 'type'] as const) {
    const wanted = split(filters[FIELD[level]]);
    if (wanted.length === 0) continue;
    const parents =
      level === 'target'
        ? selected.source
        : level === 'type'
          ? (selected.target ?? selected.source)
          : undefined;
    const under = (node: CatalogNode, parent: CatalogNode) =>
      parent.level === 'source'
        ? node.path[0] === parent.name
        : node.path[0] === parent.path[0] && node.path[1] === parent.name;
    const candidates = nodes.filter(
      (node) =>
        node.level === level && (parents === undefined || parents.some((p) => under(node, p))),
    );
    const found: CatalogNode[] = [];
    for (const value of wanted) {
      const matches = candidates.filter((node) =>
        GUID.test(value)
          ? node.id.toLowerCase() === value.toLowerCase()
          : node.name.toLowerCase() === value.toLowerCase(),
      );
      if (matches.length === 0) {
        const known = [...new Set(candidates.map((node) => node.name))].sort();
        throw invalid(
          `${context.label}: filter ${FIELD[level]} "${value}" is not in the ${context.scope}-level audit metadata${parents ? ' under the selected ' + (parents[0]!.level === 'source' ? 'event sources' : 'event targets') : ''}; expected one of: ${known.slice(0, 40).join(', ')}${known.length > 40 ? ', …' : ''}${level === 'source' && context.scope === 'organization' ? ' (services such as Orchestrator log at tenant level: options.scope "tenant")' : ''}.`,
        );
      }
      found.push(...matches);
    }
    selected[level] = found;
  }

  const userIds = split(filters.userId);
  for (const id of userIds)
    if (!GUID.test(id))
      throw invalid(`${context.label}: filter userId "${id}" is not a user GUID.`);
  let status: 0 | 1 | undefined;
  if (filters.status !== undefined && filters.status !== '') {
    const outcome = unifiedOutcome(filters.status);
    if (outcome === 'unknown')
      throw invalid(
        `${context.label}: filter status "${filters.status}": expected success or failed.`,
      );
    status = outcome === 'success' ? 0 : 1;
  }
  const searchTerm = filters.searchTerm?.trim() || undefined;

  const clientSide: string[] = [];
  const query: ResolvedFilters['query'] = { source: [], target: [], type: [], userIds: [] };
  const one = (name: string, ids: string[]): string[] => {
    if (ids.length === 1) return ids;
    if (ids.length > 1) clientSide.push(name);
    return [];
  };
  const ids = (level: Level) => [...new Set((selected[level] ?? []).map((node) => node.id))];
  query.source = one('eventSource', ids('source'));
  query.target = one('eventTarget', ids('target'));
  query.type = one('eventType', ids('type'));
  query.userIds = one(
    'userId',
    userIds.map((id) => id.toLowerCase()),
  );
  if (status !== undefined) query.status = status;
  if (searchTerm !== undefined) query.searchTerm = searchTerm;

  // Names that exclude a record for sure: known at that level, and not a selected name.
  const exclusion = (level: Level): Set<string> | undefined => {
    const chosen = selected[level];
    if (!chosen) return undefined;
    const keepNames = new Set(chosen.map((node) => node.name.toLowerCase()));
    return new Set(
      nodes
        .filter((node) => node.level === level && !keepNames.has(node.name.toLowerCase()))
        .map((node) => node.name.toLowerCase()),
    );
  };
  const excluded = {
    source: exclusion('source'),
    target: exclusion('target'),
    type: exclusion('type'),
  };
  const users = userIds.length > 0 ? new Set(userIds.map((id) => id.toLowerCase())) : undefined;

  return {
    query,
    clientSide,
    keep(record) {
      for (const level of ['source', 'target', 'type'] as const) {
        const names = excluded[level];
        const name = record[FIELD[level]];
        if (names && typeof name === 'string' && names.has(name.toLowerCase())) return false;
      }
      if (users && !users.has((record.actorId ?? '').toLowerCase())) return false;
      if (status !== undefined) {
        const outcome = unifiedOutcome(record.status);
        if (outcome !== 'unknown' && outcome !== (status === 0 ? 'success' : 'failure'))
          return false;
      }
      return true;
    },
    describe() {
      const parts: string[] = [];
      for (const level of ['source', 'target', 'type'] as const) {
        const chosen = selected[level];
        if (chosen)
          parts.push(`${FIELD[level]} ${[...new Set(chosen.map((n) => n.name))].join('|')}`);
      }
      if (users) parts.push(`userId ${[...users].join('|')}`);
      if (status !== undefined) parts.push(`status ${status === 0 ? 'success' : 'failed'}`);
      if (searchTerm !== undefined) parts.push('searchTerm');
      return parts.join(', ');
    },
  };
}
