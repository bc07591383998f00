/**
 * Series colours of the chart, all from CSS variables of the app's Backstage UI theme (some
 * mixed, as the theme has no categorical palette), so the chart follows light and dark themes.
 * An app can override any of them with `--audit-logs-chart-series-<n>` (and
 * `--audit-logs-chart-other`).
 */
const SERIES = [
  'var(--bui-accent-bg)',
  'var(--bui-warning-bg)',
  'var(--bui-positive-bg)',
  'var(--bui-negative-bg)',
  'color-mix(in oklch, var(--bui-accent-bg), var(--bui-negative-bg))',
  'color-mix(in oklch, var(--bui-positive-bg), var(--bui-accent-bg))',
  'var(--bui-announcement-bg)',
  'color-mix(in oklch, var(--bui-warning-bg), var(--bui-fg-primary) 35%)',
];

/** The most series the chart draws; smaller ones are summed as `other`. */
export const MAX_SERIES = SERIES.length;

/** Outcomes keep their meaning across the page: success is positive, failure negative. */
const OUTCOME_TOKENS: Record<string, string> = {
  success: '--bui-positive-bg',
  failure: '--bui-negative-bg',
  unknown: '--bui-fg-secondary',
};

export function seriesColor(index: number): string {
  return `var(--audit-logs-chart-series-${index + 1}, ${SERIES[index % SERIES.length]!})`;
}

export const OTHER_COLOR = 'var(--audit-logs-chart-other, var(--bui-fg-secondary))';

/** The colour of a key, by its position among the shown series (outcomes by meaning). */
export function keyColor(key: string, index: number, groupBy: string): string {
  if (key === 'other') return OTHER_COLOR;
  const outcome = groupBy === 'outcome' ? OUTCOME_TOKENS[key] : undefined;
  return outcome ? `var(${outcome})` : seriesColor(index);
}

/** Axis labels and grid lines. */
export const AXIS_COLOR = 'var(--bui-fg-secondary)';
export const GRID_COLOR = 'var(--bui-border-1)';
