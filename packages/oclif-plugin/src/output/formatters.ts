import type { AuditEvent } from '@auditrelay/core';
import { stringify } from 'csv-stringify/sync';
import type { EventFormatter } from '../extension/registration.js';

import type { BuiltInFormat } from './format-names.js';
import { terminalText } from './terminal-text.js';

/** Neutralizes a cell a spreadsheet would run as a formula (the core's `guardCsvFormula`). */
export type CsvGuard = (text: string) => string;

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

/** CSV with every cell through the formula guard (vendor text must never run in a spreadsheet). */
export function csvFormatter(raw: boolean, guard: CsvGuard, header = true): EventFormatter {
  const row = (cells: string[]) => stringify([cells], { cast: { string: guard } });
  if (raw) {
    return {
      start: () => (header ? row(['source', 'id', 'raw']) : ''),
      event: (e) => row([e.source.id, e.id, JSON.stringify(e.raw)]),
      end: () => '',
    };
  }
  return {
    start: () => (header ? row([...CSV_COLUMNS]) : ''),
    event: (e) => row(csvRow(e)),
    end: () => '',
  };
}

function fit(text: string, width: number): string {
  const flat = terminalText(text).replace(/\s+/g, ' ');
  if (flat.length <= width) return flat.padEnd(width);
  return width <= 1 ? flat.slice(0, width) : `${flat.slice(0, width - 1)}…`;
}

/**
 * A streamed table sized to the terminal: fixed columns for time, source, actor, action and
 * category; the description takes what is left (or is dropped on narrow terminals).
 */
export function tableFormatter(columns: number | undefined): EventFormatter {
  const total = Math.max(60, columns ?? 160);
  // Narrow terminals drop the milliseconds from the time column.
  const time = total < 100 ? 20 : 24;
  const desired = { source: 14, actor: 24, action: 22, category: 16 };
  const minimum = { source: 6, actor: 10, action: 8, category: 8 };
  const desiredSum = Object.values(desired).reduce((a, b) => a + b, 0);
  // Five gaps between six columns; the description only when at least 20 characters remain.
  const withDescription = total - (time + desiredSum + 5) >= 20;
  const room = withDescription ? desiredSum : total - time - 4;
  const scale = Math.min(1, room / desiredSum);
  const widths = Object.fromEntries(
    Object.entries(desired).map(([key, width]) => [
      key,
      Math.max(minimum[key as keyof typeof minimum], Math.floor(width * scale)),
    ]),
  ) as typeof desired;
  const rest = total - (time + Object.values(widths).reduce((a, b) => a + b, 0) + 5);
  const row = (cells: [string, string, string, string, string, string]) => {
    const [at, source, actor, action, category, description] = cells;
    const out = [
      fit(time === 24 ? at : at.replace(/\.\d{3}Z$/, 'Z'), time),
      fit(source, widths.source),
      fit(actor, widths.actor),
      fit(action, widths.action),
      fit(category, widths.category),
    ];
    if (withDescription) out.push(fit(description, rest));
    return `${out.join(' ').trimEnd().slice(0, total)}\n`;
  };
  return {
    start: () => row(['TIME (UTC)', 'SOURCE', 'ACTOR', 'ACTION', 'CATEGORY', 'DESCRIPTION']),
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

/** OCSF 1.8 or ECS documents, one per line (what SIEM and data-lake pipelines ingest). */
export function schemaFormatter(map: (event: AuditEvent) => unknown): EventFormatter {
  return { start: () => '', event: (e) => `${JSON.stringify(map(e))}\n`, end: () => '' };
}

/** The formats needing nothing beyond this module; `ocsf`/`ecs` load the core's mappers. */
export function builtInFormatter(
  format: Exclude<BuiltInFormat, 'ocsf' | 'ecs' | 'csv'>,
  options: { raw: boolean; columns?: number },
): EventFormatter {
  switch (format) {
    case 'ndjson':
      return ndjsonFormatter(options.raw);
    case 'json':
      return jsonFormatter(options.raw);
    case 'table':
      return tableFormatter(options.columns);
  }
}
