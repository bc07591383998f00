import type { AuditLogSourceStatus } from '@auditrelay/backstage-plugin-audit-logs-common';
import { formatDuration, formatTime } from './format.js';

/** A source lagging more than this (or never synced) is shown as a warning. */
const LAG_WARNING_SECONDS = 3600;

function health(source: AuditLogSourceStatus): 'error' | 'warning' | 'ok' {
  if (source.lastError) return 'error';
  if (!source.lastSuccessAt || (source.lagSeconds ?? 0) > LAG_WARNING_SECONDS) return 'warning';
  return 'ok';
}

/** One card per source: last sync, lag, stored events and the last error, if any. */
export function SourceStatusStrip(props: { sources: AuditLogSourceStatus[] }) {
  return (
    <ul className="arl-strip" aria-label="Source status">
      {props.sources.map((source) => {
        const state = health(source);
        return (
          <li
            key={source.id}
            className={`arl-source arl-source-${state}`}
            data-source-id={source.id}
          >
            <div className="arl-source-name">
              <span className={`arl-dot arl-dot-${state}`} aria-hidden="true" />
              {source.name}
            </div>
            <div className="arl-muted arl-small">{source.type}</div>
            <dl>
              <dt>Last sync</dt>
              <dd>{source.lastSuccessAt ? formatTime(source.lastSuccessAt) : 'never'}</dd>
              <dt>Lag</dt>
              <dd>{formatDuration(source.lagSeconds)}</dd>
              <dt>Events</dt>
              <dd>{source.storedCount.toLocaleString('en-US')}</dd>
            </dl>
            {source.lastError ? (
              <p className="arl-source-error" role="alert">
                Last run failed: {source.lastError.code}: {source.lastError.message} (
                {formatTime(source.lastError.at)}). Check this source&apos;s credentials and base
                URL under auditLogs.sources in app-config.yaml.
              </p>
            ) : !source.lastSuccessAt ? (
              <p className="arl-muted arl-small">
                Not synced yet: the first run starts shortly after the backend starts.
              </p>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
