import { createHash } from 'node:crypto';
import type { AuditEvent } from '@auditrelay/core';

/** Widths of the events table's varchar columns (PostgreSQL enforces them, SQLite does not). */
export const WIDTH = {
  source_type: 100,
  dedupe_key: 512,
  event_id: 512,
  actor: 512,
  action: 512,
  category: 512,
  activity: 32,
  outcome: 32,
} as const;

/**
 * Longest part of each field in the search text: every field stays searchable however long
 * another one is (the full text stays in the event JSON).
 */
export const SEARCH_PART_MAX = 2_000;

const ISO_MS_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** PostgreSQL refuses U+0000 in text. */
export function withoutNul(text: string): string {
  return text.includes('\u0000') ? text.replaceAll('\u0000', '') : text;
}

/** At most `width` code points (what varchar(n) counts), NUL removed; cut text ends with '…'. */
export function fitText(text: string, width: number): string {
  const clean = withoutNul(text);
  if (clean.length <= width) return clean;
  const points = Array.from(clean);
  return points.length <= width ? clean : `${points.slice(0, width - 1).join('')}…`;
}

function fitOptional(text: string | undefined, width: number): string | null {
  return text === undefined ? null : fitText(text, width);
}

/**
 * A dedupe key that fits its unique column: unchanged when it already does, else a prefix and
 * the SHA-256 of the whole key, so distinct keys stay distinct and the same key maps the same.
 */
export function fitKey(key: string, width: number = WIDTH.dedupe_key): string {
  if (key.length <= width && !key.includes('\u0000')) return key;
  const hash = createHash('sha256').update(key).digest('hex');
  return `${fitText(key, width - hash.length - 1)}#${hash}`;
}

export function searchText(event: AuditEvent): string {
  const text = [
    event.action,
    event.category,
    event.description,
    event.actor.id,
    event.actor.name,
    event.actor.email,
    event.target?.type,
    event.target?.id,
    event.target?.name,
    event.sourceIp,
  ]
    .filter((part): part is string => typeof part === 'string' && part.length > 0)
    .map((part) => fitText(part, SEARCH_PART_MAX))
    .join('\n')
    .toLowerCase();
  return text;
}

/** One events-table row, in the insert's column order. */
export const ROW_COLUMNS = [
  'source_id',
  'source_type',
  'dedupe_key',
  'event_id',
  'occurred_at',
  'actor_id',
  'actor_name',
  'actor_email',
  'action',
  'activity',
  'category',
  'outcome',
  'search_text',
  'event_json',
  'ingested_at',
] as const;

export type EventInsertRow = Record<(typeof ROW_COLUMNS)[number], string | null>;

/**
 * The row for one event, every indexed column fitted to its width and free of NUL (the whole
 * event, untouched, is in `event_json`), or why it cannot be stored.
 */
export function toInsertRow(
  event: AuditEvent,
  sourceId: string,
  ingestedAt: string,
): { row: EventInsertRow } | { invalid: { code: string; message: string } } {
  if (typeof event.occurredAt !== 'string' || !ISO_MS_Z.test(event.occurredAt))
    return {
      invalid: {
        code: 'INVALID_TIME',
        message: 'occurredAt is not a UTC ISO-8601 instant with milliseconds',
      },
    };
  return {
    row: {
      source_id: sourceId,
      source_type: fitText(String(event.source.type), WIDTH.source_type),
      dedupe_key: fitKey(String(event.dedupeKey)),
      event_id: fitText(String(event.id), WIDTH.event_id),
      occurred_at: event.occurredAt,
      actor_id: fitOptional(event.actor.id, WIDTH.actor),
      actor_name: fitOptional(event.actor.name, WIDTH.actor),
      actor_email: fitOptional(event.actor.email, WIDTH.actor),
      action: fitText(String(event.action), WIDTH.action),
      activity: fitText(String(event.activity), WIDTH.activity),
      category: fitText(String(event.category), WIDTH.category),
      outcome: fitText(String(event.outcome), WIDTH.outcome),
      search_text: searchText(event),
      // JSON escapes U+0000 as \u0000, which PostgreSQL text accepts.
      event_json: JSON.stringify(event),
      ingested_at: ingestedAt,
    },
  };
}
