import type { AuditEvent } from '@auditrelay/core';
import { stringify } from 'csv-stringify/sync';
import type { EventFormatter } from '../extension/registration.js';

export const BUILT_IN_FORMATS = ['table', 'json', 'ndjson', 'csv'] as const;
export type BuiltInFormat = (typeof BUILT_IN_FORMATS)[number];

const CSV_COLUMNS = [
  'occurredAt',
  'source',
  'id',
  'actorName',
  'actorEmail',
  'actorId',
  'action',
  'activity',
  'category',
  'targetType',
  'targetId',
  'targetName',
  'outcome',
  'sourceIp',
  'description',
  'dedupeKey',
] as const;

function csvRow(event: AuditEvent): string[] {
  return [
    event.occurredAt,
    event.source.id,
    event.id,
    event.actor.name ?? '',
    event.actor.email ?? '',
    event.actor.id ?? '',
    event.action,
    event.activity,
    event.category,
    event.target?.type ?? '',
    event.target?.id ?? '',
    event.target?.name ?? '',
    event.outcome,
    event.sourceIp ?? '',
    event.description ?? '',
    event.dedupeKey,
  ];
}

const payload = (event: AuditEvent, raw: boolean) => (raw ? event.raw : event);

export function ndjsonFormatter(raw: boolean): EventFormatter {
  return { start: () => '', event: (e) => `${JSON.stringify(payload(e, raw))}\n`, end: () => '' };
}

/** A JSON array written incrementally: valid JSON once `end` is written. */
export function jsonFormatter(raw: boolean): EventFormatter {
  let first = true;
  return {
    start: () => '[',
    event: (e) => {
      const prefix = first ? '\n  ' : ',\n  ';
      first = false;
      return prefix + JSON.stringify(payload(e, raw));
    },
    end: () => (first ? ']\n' : '\n]\n'),
  };
}

export function csvFormatter(raw: boolean, header = true): EventFormatter {
  if (raw) {
    return {
      start: () => (header ? stringify([['source', 'id', 'raw']]) : ''),
      event: (e) => stringify([[e.source.id, e.id, JSON.stringify(e.raw)]]),
      end: () => '',
    };
  }
  return {
    start: () => (header ? stringify([[...CSV_COLUMNS]]) : ''),
    event: (e) => stringify([csvRow(e)]),
    end: () => '',
  };
}

function fit(text: string, width: number): string {
  const flat = text.replace(/\s+/g, ' ');
  if (flat.length <= width) return flat.padEnd(width);
  return width <= 1 ? flat.slice(0, width) : `${flat.slice(0, width - 1)}…`;
}

/**
 * A streamed table sized to the terminal: fixed columns for time, source, actor, action and
 * category; the description takes what is left (or is dropped on narrow terminals).
 */
export function tableFormatter(columns: number | undefined): EventFormatter {
  const total = Math.max(60, columns ?? 160);
  const widths = { time: 24, source: 14, actor: 24, action: 22, category: 16 };
  const fixed = Object.values(widths).reduce((a, b) => a + b, 0) + 5;
  const rest = total - fixed;
  const line = (cells: string[]) => `${cells.join(' ')}\n`;
  const header = ['TIME (UTC)', 'SOURCE', 'ACTOR', 'ACTION', 'CATEGORY', 'DESCRIPTION'];
  const row = (cells: string[]) => {
    const [time, source, actor, action, category, description] = cells as [
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    const out = [
      fit(time, widths.time),
      fit(source, widths.source),
      fit(actor, widths.actor),
      fit(action, widths.action),
      fit(category, widths.category),
    ];
    if (rest >= 10) out.push(fit(description, rest).trimEnd());
    return line(out).replace(/ +\n$/, '\n');
  };
  return {
    start: () => row(header),
    event: (e) =>
      row([
        e.occurredAt,
        e.source.id,
        e.actor.email ?? e.actor.name ?? e.actor.id ?? '',
        e.action,
        e.category,
        e.description ?? '',
      ]),
    end: () => '',
  };
}

export function builtInFormatter(
  format: BuiltInFormat,
  options: { raw: boolean; columns?: number; header?: boolean },
): EventFormatter {
  switch (format) {
    case 'ndjson':
      return ndjsonFormatter(options.raw);
    case 'json':
      return jsonFormatter(options.raw);
    case 'csv':
      return csvFormatter(options.raw, options.header ?? true);
    case 'table':
      return tableFormatter(options.columns);
  }
}
