import type { AuditLogStatsResponse } from '@auditrelay/backstage-plugin-audit-logs-common';
import { MAX_SERIES } from './chart-colors.js';

export const INTERVAL_MS = { hour: 3_600_000, day: 86_400_000 } as const;

export interface ChartBar {
  start: number;
  total: number;
  /** Counts of the shown series (small keys summed as `other`). */
  counts: Record<string, number>;
}

export interface ChartModel {
  interval: 'hour' | 'day';
  /** The shown series, largest first; `other` last when keys were merged. */
  series: string[];
  bars: ChartBar[];
  /** The time axis: [start, end) in ms. */
  axis: { start: number; end: number };
  max: number;
  total: number;
}

/**
 * The chart of a `/stats` answer: the largest keys as series (the rest summed as `other`),
 * one bar per non-empty bucket, on a time axis spanning the filter's range (`from` to `to` or
 * `now`), or the buckets themselves when the range is open.
 */
export function chartModel(
  stats: AuditLogStatsResponse,
  range: { from?: string; to?: string; now?: Date } = {},
): ChartModel {
  const size = INTERVAL_MS[stats.interval];
  const totals = new Map<string, number>();
  for (const b of stats.buckets)
    for (const [key, n] of Object.entries(b.counts)) totals.set(key, (totals.get(key) ?? 0) + n);
  const ranked = [...totals.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([key]) => key);
  const kept = ranked.slice(0, ranked.length > MAX_SERIES ? MAX_SERIES - 1 : MAX_SERIES);
  const keptSet = new Set(kept);
  const series = ranked.length > kept.length ? [...kept, 'other'] : kept;

  const bars = stats.buckets.map((b): ChartBar => {
    const counts: Record<string, number> = {};
    for (const [key, n] of Object.entries(b.counts)) {
      const shown = keptSet.has(key) ? key : 'other';
      counts[shown] = (counts[shown] ?? 0) + n;
    }
    return { start: Date.parse(b.start), total: b.total, counts };
  });

  const first = bars[0]?.start;
  const last = bars.at(-1)?.start;
  const floor = (t: number) => Math.floor(t / size) * size;
  const now = (range.now ?? new Date()).getTime();
  let start = range.from ? floor(Date.parse(range.from)) : (first ?? floor(now));
  let end = range.to ? Date.parse(range.to) : range.from ? now : (last ?? floor(now)) + size;
  // Buckets outside the range (a backend rounding the range outwards) still show.
  if (first !== undefined) start = Math.min(start, first);
  if (last !== undefined) end = Math.max(end, last + size);
  if (end <= start) end = start + size;

  return {
    interval: stats.interval,
    series,
    bars,
    axis: { start, end },
    max: Math.max(1, ...bars.map((b) => b.total)),
    total: bars.reduce((n, b) => n + b.total, 0),
  };
}

/** About `count` evenly spaced tick instants on the axis, aligned to the interval. */
export function axisTicks(model: ChartModel, count = 6): number[] {
  const size = INTERVAL_MS[model.interval];
  const span = model.axis.end - model.axis.start;
  const step = Math.max(size, Math.ceil(span / count / size) * size);
  const ticks: number[] = [];
  for (let t = Math.ceil(model.axis.start / size) * size; t < model.axis.end; t += step)
    ticks.push(t);
  return ticks;
}

/** `11-20` for days, `11-20 14:00` for hours (UTC). */
export function tickLabel(t: number, interval: 'hour' | 'day'): string {
  const iso = new Date(t).toISOString();
  return interval === 'day' ? iso.slice(5, 10) : `${iso.slice(5, 10)} ${iso.slice(11, 16)}`;
}
