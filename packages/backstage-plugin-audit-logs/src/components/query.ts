import type { AuditLogEventQuery } from '@auditrelay/backstage-plugin-audit-logs-common';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';

export type RangePreset = '24h' | '7d' | '30d' | '90d' | 'all' | 'custom';

export const RANGE_PRESETS: { value: RangePreset; label: string; hours?: number }[] = [
  { value: '24h', label: 'Last 24 hours', hours: 24 },
  { value: '7d', label: 'Last 7 days', hours: 24 * 7 },
  { value: '30d', label: 'Last 30 days', hours: 24 * 30 },
  { value: '90d', label: 'Last 90 days', hours: 24 * 90 },
  { value: 'all', label: 'All time' },
  { value: 'custom', label: 'Custom range' },
];

/** What the filter bar edits; `from`/`to` are `YYYY-MM-DDTHH:mm` values read as UTC. */
export interface FilterValues {
  source: string;
  range: RangePreset;
  from: string;
  to: string;
  actor: string;
  action: string;
  category: string;
  outcome: string;
  /** A catalog User or Group entity ref: `user:default/jane.doe`, `group:default/team-a`. */
  entity: string;
  q: string;
}

export const EMPTY_FILTERS: FilterValues = {
  source: '',
  range: '30d',
  from: '',
  to: '',
  actor: '',
  action: '',
  category: '',
  outcome: '',
  entity: '',
  q: '',
};

/** `2026-11-22T10:00` (meant as UTC) → ISO, or undefined. */
function localInputToIso(value: string): string | undefined {
  if (!value) return undefined;
  const d = new Date(`${value.length === 16 ? `${value}:00` : value}Z`);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/**
 * The `user` or `group` filter of an entity ref typed by the user, in the catalog's normal
 * form (`User:Jane.Doe` → `user:default/jane.doe`), or an error saying what is accepted.
 */
export function readEntityFilter(
  text: string,
): { user: string } | { group: string } | { error: string } | undefined {
  const value = text.trim();
  if (!value) return undefined;
  let ref;
  try {
    ref = parseEntityRef(value);
  } catch {
    return {
      error: 'Enter an entity ref with its kind: user:default/jane.doe or group:default/team-a',
    };
  }
  const kind = ref.kind.toLocaleLowerCase('en-US');
  const normalized = stringifyEntityRef(ref);
  if (kind === 'user') return { user: normalized };
  if (kind === 'group') return { group: normalized };
  return { error: `Only User and Group entities can filter events, not ${ref.kind}` };
}

/** The backend query for these filter values at instant `now`. */
export function toQuery(values: FilterValues, now: Date = new Date()): AuditLogEventQuery {
  const query: AuditLogEventQuery = {};
  if (values.source) query.source = [values.source];
  const preset = RANGE_PRESETS.find((p) => p.value === values.range);
  if (preset?.hours) {
    query.from = new Date(now.getTime() - preset.hours * 3_600_000).toISOString();
  } else if (values.range === 'custom') {
    const from = localInputToIso(values.from);
    const to = localInputToIso(values.to);
    if (from) query.from = from;
    if (to) query.to = to;
  }
  for (const key of ['actor', 'action', 'category', 'outcome', 'q'] as const) {
    const v = values[key].trim();
    if (v) query[key] = v;
  }
  const entity = readEntityFilter(values.entity);
  if (entity && !('error' in entity)) Object.assign(query, entity);
  return query;
}

/** True when anything but the time range narrows the result. */
export function hasNarrowingFilters(values: FilterValues): boolean {
  return Boolean(
    values.source ||
    values.actor ||
    values.action ||
    values.category ||
    values.outcome ||
    values.entity.trim() ||
    values.q,
  );
}
