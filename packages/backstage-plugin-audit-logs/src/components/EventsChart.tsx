import type { AuditLogEventSummary } from '@auditrelay/backstage-plugin-audit-logs-common';

const COLORS = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
  '#bcbd22',
  '#17becf',
];
/** Categories beyond the largest ones are summed as `other`. */
const MAX_SERIES = 8;
const DAY_MS = 86_400_000;

export interface DayBucket {
  /** `YYYY-MM-DD` (UTC). */
  day: string;
  counts: Record<string, number>;
  total: number;
}

/**
 * Events per UTC day stacked by category, for every day from `from` (or the oldest event) to
 * `to` (or now; or the newest event when the range is open at both ends), empty days included; small categories are merged into `other`.
 */
export function bucketByDay(
  events: Pick<AuditLogEventSummary, 'occurredAt' | 'category'>[],
  range: { from?: string; to?: string; now?: Date } = {},
): { days: DayBucket[]; series: string[] } {
  const totals = new Map<string, number>();
  for (const e of events) totals.set(e.category, (totals.get(e.category) ?? 0) + 1);
  const ranked = [...totals.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const kept = new Set(
    ranked.slice(0, ranked.length > MAX_SERIES ? MAX_SERIES - 1 : MAX_SERIES).map(([c]) => c),
  );
  const series = [...kept];
  if (ranked.length > kept.size) series.push('other');

  const times = events.map((e) => Date.parse(e.occurredAt)).filter((t) => !Number.isNaN(t));
  // An open range ends now when it has a start (`last 7 days`), else at the newest event.
  const now = (range.now ?? new Date()).getTime();
  const end = range.to
    ? Date.parse(range.to) - 1
    : range.from || !times.length
      ? now
      : Math.max(...times);
  const start = range.from ? Date.parse(range.from) : times.length ? Math.min(...times) : end;
  const startDay = Math.floor(start / DAY_MS);
  const endDay = Math.max(startDay, Math.floor(end / DAY_MS));
  const days: DayBucket[] = [];
  for (let d = startDay; d <= endDay && days.length < 400; d++)
    days.push({ day: new Date(d * DAY_MS).toISOString().slice(0, 10), counts: {}, total: 0 });
  for (const e of events) {
    const t = Date.parse(e.occurredAt);
    const bucket = days[Math.floor(t / DAY_MS) - startDay];
    if (!bucket) continue;
    const key = kept.has(e.category) ? e.category : 'other';
    bucket.counts[key] = (bucket.counts[key] ?? 0) + 1;
    bucket.total++;
  }
  return { days, series };
}

/** A stacked bar chart of events per day (plain SVG). */
export function EventsChart(props: {
  events: Pick<AuditLogEventSummary, 'occurredAt' | 'category'>[];
  from?: string;
  to?: string;
  truncated?: boolean;
}) {
  const { days, series } = bucketByDay(props.events, { from: props.from, to: props.to });
  const max = Math.max(1, ...days.map((d) => d.total));
  const width = 960;
  const height = 160;
  const pad = { left: 36, bottom: 20, top: 8 };
  // At most 48 units a bar, so a short range does not draw one wall-wide bar.
  const barW = Math.min(48, (width - pad.left) / Math.max(1, days.length));
  const y = (n: number) => ((height - pad.bottom - pad.top) * n) / max;
  const color = (s: string) =>
    s === 'other' ? '#9e9e9e' : COLORS[series.indexOf(s) % COLORS.length]!;
  const labelEvery = Math.ceil(days.length / 10);
  return (
    <figure className="arl-chart" aria-label="Events per day by category">
      <figcaption>
        Events per day by category ({props.events.length.toLocaleString('en-US')}{' '}
        {props.events.length === 1 ? 'event' : 'events'}
        {props.truncated ? ', the newest only: narrow the range to chart all' : ''})
      </figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" preserveAspectRatio="none">
        <text x={pad.left - 6} y={pad.top + 8} textAnchor="end" className="arl-axis">
          {max}
        </text>
        <text x={pad.left - 6} y={height - pad.bottom} textAnchor="end" className="arl-axis">
          0
        </text>
        {days.map((d, i) => {
          let offset = height - pad.bottom;
          return (
            <g key={d.day} data-day={d.day} data-total={d.total}>
              <title>{`${d.day}: ${d.total} events${series
                .filter((s) => d.counts[s])
                .map((s) => `\n${s}: ${d.counts[s]}`)
                .join('')}`}</title>
              {series.map((s) => {
                const n = d.counts[s] ?? 0;
                if (!n) return null;
                const h = y(n);
                offset -= h;
                return (
                  <rect
                    key={s}
                    x={pad.left + i * barW + 1}
                    y={offset}
                    width={Math.max(1, barW - 2)}
                    height={h}
                    fill={color(s)}
                  />
                );
              })}
              {i % labelEvery === 0 && (
                <text
                  x={pad.left + i * barW + barW / 2}
                  y={height - 4}
                  textAnchor="middle"
                  className="arl-axis"
                >
                  {d.day.slice(5)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <ul className="arl-legend">
        {series.map((s) => (
          <li key={s}>
            <span className="arl-swatch" style={{ background: color(s) }} />
            {s}
          </li>
        ))}
      </ul>
    </figure>
  );
}
