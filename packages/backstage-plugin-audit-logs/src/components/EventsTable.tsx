import type { AuditLogEventSummary } from '@auditrelay/backstage-plugin-audit-logs-common';
import {
  Badge,
  Box,
  Cell,
  Column,
  Row,
  TableBody,
  TableBodySkeleton,
  TableHeader,
  TableRoot,
  type Selection,
} from '@backstage/ui';
import { RiErrorWarningLine } from '@remixicon/react';
import { EntityLink } from './EntityLinks.js';
import { actorLabel, formatTime, targetLabel } from './format.js';

type ColumnId = 'time' | 'source' | 'actor' | 'action' | 'category' | 'target' | 'description';

/** Widths keep the fixed-layout table readable; the description takes the rest. */
const COLUMNS: { id: ColumnId; label: string; width?: string }[] = [
  { id: 'time', label: 'Time', width: '12.5rem' },
  { id: 'source', label: 'Source', width: '10rem' },
  { id: 'actor', label: 'Actor', width: '12rem' },
  { id: 'action', label: 'Action', width: '10rem' },
  { id: 'category', label: 'Category', width: '9rem' },
  { id: 'target', label: 'Target', width: '11rem' },
  { id: 'description', label: 'Description' },
];
/** With the detail open beside the table: the columns that identify a row. */
const COMPACT: ReadonlySet<ColumnId> = new Set(['time', 'source', 'actor', 'action']);

function CellContent(props: {
  column: ColumnId;
  event: AuditLogEventSummary;
  sourceNames: Record<string, string>;
}) {
  const e = props.event;
  switch (props.column) {
    case 'time':
      return <span style={{ whiteSpace: 'nowrap' }}>{formatTime(e.occurredAt)}</span>;
    case 'source':
      return <>{props.sourceNames[e.source.id] ?? e.source.id}</>;
    case 'actor':
      return (
        <EntityLink entityRef={e.actorEntityRef} title={e.actor.email ?? e.actor.id}>
          {actorLabel(e.actor)}
        </EntityLink>
      );
    case 'action':
      return (
        <>
          {e.action}
          {e.outcome && e.outcome !== 'success' && e.outcome !== 'unknown' && (
            <>
              {' '}
              <Badge size="small" icon={<RiErrorWarningLine size={12} aria-hidden="true" />}>
                {e.outcome}
              </Badge>
            </>
          )}
        </>
      );
    case 'category':
      return <>{e.category}</>;
    case 'target':
      return <>{targetLabel(e.target)}</>;
    case 'description':
      return <>{e.description ?? ''}</>;
  }
}

/**
 * The events of one page, a Backstage UI table: arrow keys move between rows and cells, Enter,
 * Space or a click opens a row's detail (its selection), Escape closes it.
 */
export function EventsTable(props: {
  events: AuditLogEventSummary[] | undefined;
  sourceNames: Record<string, string>;
  selectedId?: string;
  onSelect: (event: AuditLogEventSummary | undefined) => void;
  /** The detail is open beside the table: fewer columns. */
  compact?: boolean;
}) {
  const onSelectionChange = (keys: Selection) => {
    const id = keys === 'all' ? undefined : [...keys][0];
    props.onSelect(id === undefined ? undefined : props.events?.find((e) => e.id === String(id)));
  };
  const columns = props.compact ? COLUMNS.filter((c) => COMPACT.has(c.id)) : COLUMNS;
  return (
    <Box style={{ overflowX: 'auto' }}>
      <TableRoot
        aria-label="Audit events"
        isPending={!props.events}
        selectionMode="single"
        selectionBehavior="toggle"
        selectedKeys={props.selectedId ? [props.selectedId] : []}
        onSelectionChange={onSelectionChange}
        style={{ minWidth: props.compact ? '36rem' : '64rem' }}
      >
        <TableHeader columns={columns}>
          {(column) => (
            <Column
              id={column.id}
              isRowHeader={column.id === 'time'}
              style={column.width ? { width: column.width } : undefined}
            >
              {column.label}
            </Column>
          )}
        </TableHeader>
        {!props.events ? (
          <TableBodySkeleton columns={columns} />
        ) : (
          <TableBody items={props.events} dependencies={[columns, props.sourceNames]}>
            {(e) => (
              <Row id={e.id} columns={columns}>
                {(column) => (
                  <Cell>
                    <CellContent column={column.id} event={e} sourceNames={props.sourceNames} />
                  </Cell>
                )}
              </Row>
            )}
          </TableBody>
        )}
      </TableRoot>
    </Box>
  );
}
