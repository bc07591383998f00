import type { AuditLogEventSummary } from '@auditrelay/backstage-plugin-audit-logs-common';
import {
  Badge,
  Cell,
  Column,
  Row,
  TableBody,
  TableBodySkeleton,
  TableHeader,
  TableRoot,
  Text,
  type Selection,
} from '@backstage/ui';
import { RiErrorWarningLine } from '@remixicon/react';
import { EntityLink } from './EntityLinks.js';
import { actorLabel, formatTime, targetLabel } from './format.js';

const COLUMNS = [
  { id: 'time', label: 'Time' },
  { id: 'source', label: 'Source' },
  { id: 'actor', label: 'Actor' },
  { id: 'action', label: 'Action' },
  { id: 'category', label: 'Category' },
  { id: 'target', label: 'Target' },
  { id: 'description', label: 'Description' },
];

/**
 * The events of one page, a Backstage UI table: arrow keys move between rows and cells, Enter,
 * Space or a click opens a row's detail (its selection), Escape closes it.
 */
export function EventsTable(props: {
  events: AuditLogEventSummary[] | undefined;
  sourceNames: Record<string, string>;
  selectedId?: string;
  onSelect: (event: AuditLogEventSummary | undefined) => void;
}) {
  const onSelectionChange = (keys: Selection) => {
    const id = keys === 'all' ? undefined : [...keys][0];
    props.onSelect(id === undefined ? undefined : props.events?.find((e) => e.id === String(id)));
  };
  return (
    <TableRoot
      aria-label="Audit events"
      isPending={!props.events}
      selectionMode="single"
      selectionBehavior="toggle"
      selectedKeys={props.selectedId ? [props.selectedId] : []}
      onSelectionChange={onSelectionChange}
    >
      <TableHeader columns={COLUMNS}>
        {(column) => (
          <Column id={column.id} isRowHeader={column.id === 'time'}>
            {column.label}
          </Column>
        )}
      </TableHeader>
      {!props.events ? (
        <TableBodySkeleton columns={COLUMNS} />
      ) : (
        <TableBody items={props.events}>
          {(e) => (
            <Row id={e.id} data-event-id={e.id}>
              <Cell>
                <Text variant="body-small" style={{ whiteSpace: 'nowrap' }}>
                  {formatTime(e.occurredAt)}
                </Text>
              </Cell>
              <Cell>{props.sourceNames[e.source.id] ?? e.source.id}</Cell>
              <Cell>
                <EntityLink entityRef={e.actorEntityRef} title={e.actor.email ?? e.actor.id}>
                  {actorLabel(e.actor)}
                </EntityLink>
              </Cell>
              <Cell>
                {e.action}
                {e.outcome && e.outcome !== 'success' && e.outcome !== 'unknown' && (
                  <>
                    {' '}
                    <Badge size="small" icon={<RiErrorWarningLine size={12} aria-hidden="true" />}>
                      {e.outcome}
                    </Badge>
                  </>
                )}
              </Cell>
              <Cell>{e.category}</Cell>
              <Cell>{targetLabel(e.target)}</Cell>
              <Cell>{e.description ?? ''}</Cell>
            </Row>
          )}
        </TableBody>
      )}
    </TableRoot>
  );
}
