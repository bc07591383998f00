import type { AuditLogSourceStatus } from '@auditrelay/backstage-plugin-audit-logs-common';
import { Alert, Card, CardBody, CardHeader, Flex, Grid, Text } from '@backstage/ui';
import { RiCheckboxCircleLine, RiErrorWarningLine, RiTimeLine } from '@remixicon/react';
import type { ReactNode } from 'react';
import { formatDuration, formatTime } from './format.js';

/** A source lagging more than this (or never synced) is shown as a warning. */
const LAG_WARNING_SECONDS = 3600;

type Health = 'error' | 'warning' | 'ok';

function health(source: AuditLogSourceStatus): Health {
  if (source.lastError || source.lastCompleteness?.status === 'incomplete') return 'error';
  if (!source.lastSuccessAt || (source.lagSeconds ?? 0) > LAG_WARNING_SECONDS) return 'warning';
  return 'ok';
}

const HEALTH: Record<Health, { label: string; color: 'danger' | 'warning' | 'success' }> = {
  error: { label: 'Failing', color: 'danger' },
  warning: { label: 'Behind', color: 'warning' },
  ok: { label: 'Up to date', color: 'success' },
};

function HealthIcon(props: { health: Health }) {
  const Icon =
    props.health === 'ok'
      ? RiCheckboxCircleLine
      : props.health === 'error'
        ? RiErrorWarningLine
        : RiTimeLine;
  return <Icon size={16} aria-hidden="true" />;
}

function Fact(props: { label: string; children: ReactNode; color?: 'primary' | 'warning' }) {
  return (
    <Flex justify="between" gap="2">
      <dt>
        <Text as="span" variant="body-small" color="secondary">
          {props.label}
        </Text>
      </dt>
      <dd style={{ margin: 0, textAlign: 'end' }}>
        <Text as="span" variant="body-small" color={props.color ?? 'primary'}>
          {props.children}
        </Text>
      </dd>
    </Flex>
  );
}

/** The last run's completeness: its status and how it was shown, e.g. "complete (cursor-exhausted)". */
function completenessText(source: AuditLogSourceStatus): string {
  const report = source.lastCompleteness;
  if (!report) return '—';
  const methods = [...new Set(report.windows.map((window) => window.method))];
  return methods.length > 0 ? `${report.status} (${methods.join(', ')})` : report.status;
}

/**
 * One card per source: health, last sync, lag, stored events, the oldest event kept, retention,
 * quarantined records and the last error with what to do about it.
 */
export function SourceStatusStrip(props: { sources: AuditLogSourceStatus[] }) {
  return (
    <Grid.Root
      role="list"
      aria-label="Source status"
      columns={{ initial: '1', sm: '2', lg: '4' }}
      gap="3"
    >
      {props.sources.map((source) => {
        const state = health(source);
        return (
          <Card role="listitem" key={source.id} data-source-id={source.id} data-health={state}>
            <CardHeader>
              <Flex justify="between" align="center" gap="2">
                <Text as="h3" variant="body-large" weight="bold" style={{ margin: 0 }}>
                  {source.name}
                </Text>
                <Text
                  as="span"
                  variant="body-small"
                  color={HEALTH[state].color}
                  style={{
                    display: 'inline-flex',
                    alignItems: 'center',
                    gap: 'var(--bui-space-1)',
                    whiteSpace: 'nowrap',
                  }}
                >
                  <HealthIcon health={state} />
                  {HEALTH[state].label}
                </Text>
              </Flex>
              <Text as="p" variant="body-x-small" color="secondary" style={{ margin: 0 }}>
                {source.type}
              </Text>
            </CardHeader>
            <CardBody>
              <dl style={{ margin: 0, display: 'grid', gap: 'var(--bui-space-1)' }}>
                <Fact label="Last sync">
                  {source.lastSuccessAt ? formatTime(source.lastSuccessAt) : 'never'}
                </Fact>
                <Fact label="Lag">{formatDuration(source.lagSeconds)}</Fact>
                <Fact label="Events">{source.storedCount.toLocaleString('en-US')}</Fact>
                <Fact label="Oldest kept">{formatTime(source.oldestEventAt)}</Fact>
                <Fact label="Retention">
                  {source.retentionDays === undefined
                    ? 'not set'
                    : `${source.retentionDays.toLocaleString('en-US')} days`}
                </Fact>
                <Fact
                  label="Completeness"
                  color={
                    source.lastCompleteness && source.lastCompleteness.status !== 'complete'
                      ? 'warning'
                      : 'primary'
                  }
                >
                  {completenessText(source)}
                </Fact>
                {/* An older backend does not report it: show "—" rather than 0. */}
                <Fact
                  label="Quarantined"
                  color={source.quarantinedCount > 0 ? 'warning' : 'primary'}
                >
                  {typeof source.quarantinedCount === 'number'
                    ? source.quarantinedCount.toLocaleString('en-US')
                    : '—'}
                </Fact>
              </dl>
              {source.lastError ? (
                <Alert
                  mt="3"
                  role="alert"
                  status="danger"
                  title={`Last run failed: ${source.lastError.code}`}
                  description={`${source.lastError.message} (${formatTime(source.lastError.at)}). ${
                    source.lastError.code === 'INCOMPLETE'
                      ? "The vendor's answers did not add up, so nothing past the last proven window is claimed; the next run reads it again. `auditrelay auditlogs probe` measures how this tenant pages."
                      : "Check this source's credentials and base URL under auditLogs.sources in app-config.yaml."
                  }`}
                />
              ) : !source.lastSuccessAt ? (
                <Text as="p" variant="body-small" color="secondary">
                  Not synced yet: the first run starts shortly after the backend starts.
                </Text>
              ) : null}
            </CardBody>
          </Card>
        );
      })}
    </Grid.Root>
  );
}
