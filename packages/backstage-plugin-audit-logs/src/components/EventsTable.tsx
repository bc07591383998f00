import type { AuditLogEventSummary } from '@auditrelay/backstage-plugin-audit-logs-common';
import { actorLabel, formatTime, targetLabel } from './format.js';

/** The events of one page; a row opens the detail panel (click or Enter). */
export function EventsTable(props: {
  events: AuditLogEventSummary[];
  sourceNames: Record<string, string>;
  selectedId?: string;
  onSelect: (event: AuditLogEventSummary) => void;
}) {
  return (
    <table className="arl-table" aria-label="Audit events">
      <thead>
        <tr>
          <th>Time</th>
          <th>Source</th>
          <th>Actor</th>
          <th>Action</th>
          <th>Category</th>
          <th>Target</th>
          <th>Description</th>
        </tr>
      </thead>
      <tbody>
        {props.events.map((e) => (
          <tr
            key={e.id}
            data-event-id={e.id}
            tabIndex={0}
            aria-selected={e.id === props.selectedId}
            className={e.id === props.selectedId ? 'arl-selected' : undefined}
            onClick={() => props.onSelect(e)}
            onKeyDown={(k) => {
              if (k.key === 'Enter' || k.key === ' ') {
                k.preventDefault();
                props.onSelect(e);
              }
            }}
          >
            <td className="arl-nowrap">{formatTime(e.occurredAt)}</td>
            <td>{props.sourceNames[e.source.id] ?? e.source.id}</td>
            <td title={e.actor.email ?? e.actor.id}>{actorLabel(e.actor)}</td>
            <td>
              {e.action}
              {e.outcome && e.outcome !== 'success' && e.outcome !== 'unknown' && (
                <span className={`arl-badge arl-outcome-${e.outcome}`}>{e.outcome}</span>
              )}
            </td>
            <td>{e.category}</td>
            <td>{targetLabel(e.target)}</td>
            <td className="arl-description">{e.description ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
