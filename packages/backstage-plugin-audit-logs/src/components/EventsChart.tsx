import type {
  AuditLogStatsGroupBy,
  AuditLogStatsResponse,
} from '@auditrelay/backstage-plugin-audit-logs-common';
import { Box, Card, CardBody, CardHeader, Flex, Select, Text } from '@backstage/ui';
import { AXIS_COLOR, GRID_COLOR, keyColor } from './chart-colors.js';
import { axisTicks, chartModel, INTERVAL_MS, tickLabel, type ChartModel } from './chart-model.js';
import { ErrorPanel, isNotFound, Loading } from './States.js';
import type { AsyncState } from './useAsync.js';

export type ChartInterval = 'auto' | 'hour' | 'day';

const GROUP_BY_OPTIONS: { id: AuditLogStatsGroupBy; label: string }[] = [
  { id: 'category', label: 'Category' },
  { id: 'source', label: 'Source' },
  { id: 'outcome', label: 'Outcome' },
];
const INTERVAL_OPTIONS: { id: ChartInterval; label: string }[] = [
  { id: 'auto', label: 'Automatic' },
  { id: 'hour', label: 'Hour' },
  { id: 'day', label: 'Day' },
];

const WIDTH = 1000;
const HEIGHT = 160;

/** The stacked bars: plain SVG stretched to the card's width, colours from the theme. */
function Bars(props: { model: ChartModel; label: (key: string) => string; groupBy: string }) {
  const { model } = props;
  const span = model.axis.end - model.axis.start;
  const x = (t: number) => ((t - model.axis.start) / span) * WIDTH;
  const barWidth = Math.max(1, (INTERVAL_MS[model.interval] / span) * WIDTH - 1);
  const y = (n: number) => (HEIGHT * n) / model.max;
  const ticks = axisTicks(model);
  return (
    <Box>
      <Flex justify="between">
        <Text variant="body-x-small" color="secondary">
          {model.max.toLocaleString('en-US')}
        </Text>
      </Flex>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        preserveAspectRatio="none"
        role="presentation"
        style={{ width: '100%', height: HEIGHT, display: 'block' }}
      >
        <line x1={0} x2={WIDTH} y1={HEIGHT - 0.5} y2={HEIGHT - 0.5} stroke={GRID_COLOR} />
        {model.bars.map((bar) => {
          let top = HEIGHT;
          const when = new Date(bar.start).toISOString();
          return (
            <g key={bar.start} data-start={when} data-total={bar.total}>
              <title>{`${tickLabel(bar.start, model.interval)}: ${bar.total} events${model.series
                .filter((s) => bar.counts[s])
                .map((s) => `\n${props.label(s)}: ${bar.counts[s]}`)
                .join('')}`}</title>
              {model.series.map((s, i) => {
                const n = bar.counts[s] ?? 0;
                if (!n) return null;
                const h = y(n);
                top -= h;
                return (
                  <rect
                    key={s}
                    x={x(bar.start)}
                    y={top}
                    width={barWidth}
                    height={h}
                    style={{ fill: keyColor(s, i, props.groupBy) }}
                  />
                );
              })}
            </g>
          );
        })}
      </svg>
      <Box position="relative" height="1.25rem" aria-hidden="true">
        {ticks.map((t) => (
          <Text
            key={t}
            variant="body-x-small"
            style={{
              position: 'absolute',
              left: `${(x(t) / WIDTH) * 100}%`,
              color: AXIS_COLOR,
              whiteSpace: 'nowrap',
            }}
          >
            {tickLabel(t, model.interval)}
          </Text>
        ))}
      </Box>
    </Box>
  );
}

/**
 * Events per hour or day of the applied filters from `GET /stats`, stacked by the field the
 * user picks (category, source or outcome).
 */
export function EventsChart(props: {
  stats: AsyncState<AuditLogStatsResponse>;
  groupBy: AuditLogStatsGroupBy;
  interval: ChartInterval;
  onGroupByChange: (groupBy: AuditLogStatsGroupBy) => void;
  onIntervalChange: (interval: ChartInterval) => void;
  range: { from?: string; to?: string };
  /** The label of a key (source names for sources). */
  label: (key: string) => string;
  onRetry: () => void;
}) {
  const { stats } = props;
  const model = stats.status === 'done' ? chartModel(stats.value, props.range) : undefined;
  const interval = model?.interval ?? (props.interval === 'auto' ? undefined : props.interval);
  const groupLabel = GROUP_BY_OPTIONS.find((o) => o.id === props.groupBy)!.label.toLowerCase();
  const title = `Events per ${interval ?? 'hour or day'} by ${groupLabel}`;
  return (
    <Card>
      <CardHeader>
        <Flex justify="between" align="end" gap="3" style={{ flexWrap: 'wrap' }}>
          <Text as="h2" variant="title-x-small" weight="bold" style={{ margin: 0 }}>
            {title}
          </Text>
          <Flex gap="3">
            <Select
              label="Group by"
              options={GROUP_BY_OPTIONS}
              selectedKey={props.groupBy}
              onSelectionChange={(key) => props.onGroupByChange(key as AuditLogStatsGroupBy)}
            />
            <Select
              label="Interval"
              options={INTERVAL_OPTIONS}
              selectedKey={props.interval}
              onSelectionChange={(key) => props.onIntervalChange(key as ChartInterval)}
            />
          </Flex>
        </Flex>
      </CardHeader>
      <CardBody>
        {stats.status === 'loading' && <Loading label="Loading chart" />}
        {stats.status === 'error' && (
          <ErrorPanel
            error={stats.error}
            onRetry={props.onRetry}
            {...(isNotFound(stats.error)
              ? {
                  title: 'The chart needs a newer audit-logs backend',
                  advice:
                    'This backend does not serve GET /stats: upgrade @auditrelay/backstage-plugin-audit-logs-backend to the release of this plugin. The events table still works.',
                }
              : { title: 'The chart could not be loaded' })}
          />
        )}
        {model && (
          <figure aria-label={title} style={{ margin: 0 }}>
            <figcaption>
              <Text variant="body-small" color="secondary">
                {model.total.toLocaleString('en-US')} {model.total === 1 ? 'event' : 'events'}
                {model.total === 0 ? ' in this range' : ''}
              </Text>
            </figcaption>
            {model.total > 0 && (
              <>
                <Bars model={model} label={props.label} groupBy={props.groupBy} />
                <Flex role="list" aria-label="Legend" gap="4" mt="2" style={{ flexWrap: 'wrap' }}>
                  {model.series.map((s, i) => (
                    <Flex key={s} role="listitem" align="center" gap="1">
                      <span
                        aria-hidden="true"
                        style={{
                          width: '0.625rem',
                          height: '0.625rem',
                          borderRadius: 'var(--bui-radius-1)',
                          background: keyColor(s, i, props.groupBy),
                          display: 'inline-block',
                        }}
                      />
                      <Text variant="body-small">{props.label(s)}</Text>
                    </Flex>
                  ))}
                </Flex>
              </>
            )}
          </figure>
        )}
      </CardBody>
    </Card>
  );
}
