import type { AuditLogEventQuery } from '@auditrelay/backstage-plugin-audit-logs-common';

export type RangePreset = '24h' | '7d' | '30d' | '90d' | 'all' | 'custom';

export const RANGE_PRESETS: { value: RangePreset; label: string; hours?: number }[] = [
  { value: '24h', label: 'Last 24 hours', hours: 24 },
  { value: '7d', label: 'Last 7 days', hours: 24 * 7 },
  { value: '30d', label: 'Last 30 days', hours: 24 * 30 },
  { value: '90d', label: 'Last 90 days', hours: 24 * 90 },
  { value: 'all', label: 'All time' },
  { value: 'custom', label: 'Custom range' },
];

/** What the filter bar edits; `from`/`to` are `datetime-local` values read as UTC. */
export interface FilterValues {
  source: string;
  range: RangePreset;
  from: string;
  to: string;
  actor: string;
  action: string;
  category: string;
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
  q: '',
};

/** `2026-11-22T10:00` (a datetime-local value, meant as UTC) → ISO, or undefined. */
function localInputToIso(value: string): string | undefined {
  if (!value) return undefined;
  const d = new Date(`${value.length === 16 ? `${value}:00` : value}Z`);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
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
  for (const key of ['actor', 'action', 'category', 'q'] as const) {
    const v = values[key].trim();
    if (v) query[key] = v;
  }
  return query;
}

/** True when anything but the time range narrows the result. */
export function hasNarrowingFilters(values: FilterValues): boolean {
  return Boolean(values.source || values.actor || values.action || values.category || values.q);
}
