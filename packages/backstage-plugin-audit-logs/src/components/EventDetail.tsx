import type { AuditLogEventDetail } from '@auditrelay/backstage-plugin-audit-logs-common';
import { actorLabel, formatTime, formatValue, targetLabel } from './format.js';

/** Everything about one event: its fields, the change delta (from → to) and the raw record. */
export function EventDetail(props: {
  event: AuditLogEventDetail;
  sourceName?: string;
  onClose: () => void;
}) {
  const e = props.event;
  const rows: [string, string][] = [
    ['Time', formatTime(e.occurredAt)],
    ['Source', `${props.sourceName ?? e.source.id} (${e.source.type})`],
    [
      'Actor',
      [
        actorLabel(e.actor),
        e.actor.email && e.actor.email !== actorLabel(e.actor) ? e.actor.email : '',
        e.actor.type ? `(${e.actor.type})` : '',
      ]
        .filter(Boolean)
        .join(' '),
    ],
    ['Action', e.action],
    ['Activity', e.activity],
    ['Category', e.category],
    ['Target', targetLabel(e.target)],
    ['Outcome', e.outcome],
    ['Description', e.description ?? '—'],
    ['Source IP', e.sourceIp ?? '—'],
    ['Vendor event id', e.eventId],
    ['Vendor time', e.originalTime],
    ['Ingested', formatTime(e.ingestedAt)],
  ];
  return (
    <aside className="arl-detail" aria-label="Event detail">
      <header>
        <h2>{e.action}</h2>
        <button
          type="button"
          className="arl-button"
          onClick={props.onClose}
          aria-label="Close detail"
        >
          Close
        </button>
      </header>
      <dl className="arl-fields">
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      <h3>Changes</h3>
      {e.changes.length === 0 ? (
        <p className="arl-muted">The vendor recorded no field changes for this event.</p>
      ) : (
        <table className="arl-table arl-changes" aria-label="Changes">
          <thead>
            <tr>
              <th>Field</th>
              <th>From</th>
              <th>To</th>
            </tr>
          </thead>
          <tbody>
            {e.changes.map((c, i) => (
              <tr key={`${c.field}-${i}`}>
                <td>{c.field}</td>
                <td className="arl-from">{formatValue(c.from)}</td>
                <td className="arl-to">{formatValue(c.to)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>Raw record</h3>
      <pre className="arl-raw" aria-label="Raw record">
        {JSON.stringify(e.raw, null, 2)}
      </pre>
    </aside>
  );
}
