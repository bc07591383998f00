import type { AuditLogEventDetail } from '@auditrelay/backstage-plugin-audit-logs-common';
import {
  Box,
  ButtonIcon,
  Card,
  CardBody,
  CardHeader,
  Cell,
  Column,
  Flex,
  Row,
  TableBody,
  TableHeader,
  TableRoot,
  Text,
} from '@backstage/ui';
import { RiCloseLine } from '@remixicon/react';
import { useEffect, useRef, type ReactNode } from 'react';
import { EntityLink } from './EntityLinks.js';
import { actorLabel, formatTime, formatValue, targetLabel } from './format.js';

function Field(props: { label: string; children: ReactNode }) {
  return (
    <div style={{ display: 'grid', gridTemplateColumns: '8rem 1fr', gap: 'var(--bui-space-2)' }}>
      <dt>
        <Text as="span" variant="body-small" color="secondary">
          {props.label}
        </Text>
      </dt>
      <dd style={{ margin: 0, overflowWrap: 'anywhere' }}>
        <Text as="span" variant="body-small">
          {props.children}
        </Text>
      </dd>
    </div>
  );
}

/**
 * Everything about one event: its fields, the change delta (from → to) and the raw record.
 * It takes the focus when it opens; Escape (or Close) closes it.
 */
export function EventDetail(props: {
  event: AuditLogEventDetail;
  sourceName?: string;
  onClose: () => void;
}) {
  const e = props.event;
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [e.id]);
  const actorDetails = [
    e.actor.email && e.actor.email !== actorLabel(e.actor) ? e.actor.email : '',
    e.actor.type ? `(${e.actor.type})` : '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <Card
      role="complementary"
      aria-label="Event detail"
      onKeyDown={(k) => {
        if (k.key === 'Escape') {
          k.preventDefault();
          props.onClose();
        }
      }}
    >
      <CardHeader>
        <Flex justify="between" align="center" gap="2">
          <Text
            as="h2"
            ref={heading}
            tabIndex={-1}
            variant="title-x-small"
            weight="bold"
            style={{ margin: 0, overflowWrap: 'anywhere' }}
          >
            {e.action}
          </Text>
          <ButtonIcon
            aria-label="Close detail"
            variant="tertiary"
            icon={<RiCloseLine aria-hidden="true" />}
            onPress={props.onClose}
          />
        </Flex>
      </CardHeader>
      <CardBody>
        <dl style={{ margin: 0, display: 'grid', gap: 'var(--bui-space-1)' }}>
          <Field label="Time">{formatTime(e.occurredAt)}</Field>
          <Field label="Source">{`${props.sourceName ?? e.source.id} (${e.source.type})`}</Field>
          <Field label="Actor">
            <EntityLink entityRef={e.actorEntityRef}>{actorLabel(e.actor)}</EntityLink>
            {actorDetails ? ` ${actorDetails}` : ''}
          </Field>
          {e.actorEntityRef && <Field label="Catalog entity">{e.actorEntityRef}</Field>}
          <Field label="Action">{e.action}</Field>
          <Field label="Activity">{e.activity}</Field>
          <Field label="Category">{e.category}</Field>
          <Field label="Target">{targetLabel(e.target)}</Field>
          <Field label="Outcome">{e.outcome}</Field>
          <Field label="Description">{e.description ?? '—'}</Field>
          <Field label="Source IP">{e.sourceIp ?? '—'}</Field>
          <Field label="Vendor event id">{e.eventId}</Field>
          <Field label="Vendor time">{e.originalTime}</Field>
          <Field label="Ingested">{formatTime(e.ingestedAt)}</Field>
        </dl>
        <Text
          as="h3"
          variant="body-medium"
          weight="bold"
          style={{ margin: 'var(--bui-space-4) 0 var(--bui-space-1)' }}
        >
          Changes
        </Text>
        {e.changes.length === 0 ? (
          <Text as="p" variant="body-small" color="secondary" style={{ margin: 0 }}>
            The vendor recorded no field changes for this event.
          </Text>
        ) : (
          <TableRoot aria-label="Changes">
            <TableHeader>
              <Column isRowHeader>Field</Column>
              <Column>From</Column>
              <Column>To</Column>
            </TableHeader>
            <TableBody>
              {e.changes.map((c, i) => (
                <Row key={`${c.field}-${i}`} id={`${c.field}-${i}`}>
                  <Cell>{c.field}</Cell>
                  <Cell>
                    <Text variant="body-small" color="danger">
                      {formatValue(c.from)}
                    </Text>
                  </Cell>
                  <Cell>
                    <Text variant="body-small" color="success">
                      {formatValue(c.to)}
                    </Text>
                  </Cell>
                </Row>
              ))}
            </TableBody>
          </TableRoot>
        )}
        <Text
          as="h3"
          variant="body-medium"
          weight="bold"
          style={{ margin: 'var(--bui-space-4) 0 var(--bui-space-1)' }}
        >
          Raw record
        </Text>
        {/* Focusable, so the keyboard can scroll a long record. */}
        <Box
          as="pre"
          aria-label="Raw record"
          tabIndex={0}
          bg="neutral"
          p="2"
          style={{
            margin: 0,
            maxHeight: '22rem',
            overflow: 'auto',
            whiteSpace: 'pre-wrap',
            overflowWrap: 'anywhere',
            fontFamily: 'var(--bui-font-monospace)',
            fontSize: 'var(--bui-font-size-1)',
            borderRadius: 'var(--bui-radius-2)',
          }}
        >
          {JSON.stringify(e.raw, null, 2)}
        </Box>
      </CardBody>
    </Card>
  );
}
