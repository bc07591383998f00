import type { AuditEvent } from '../models/audit-event.js';
import { CSV_COLUMNS, RAW_CSV_COLUMNS } from './csv-columns.js';
import { csvField } from './csv-safety.js';
import { toEventRecord } from './event-record.js';

/** The file formats every host writes events in: the same bytes from the CLI and Backstage. */
export const EVENT_FORMATS = ['json', 'ndjson', 'csv', 'ocsf', 'ecs'] as const;
export type EventFormatName = (typeof EVENT_FORMATS)[number];

/**
 * A streamed file of events: `header()`, then `event()` for each event, then `footer()`; each
 * returns text to write as is (`event` includes its line end).
 */
export interface EventFormat<Event = AuditEvent> {
  name: EventFormatName;
  /** For `Content-Type`, e.g. `text/csv; charset=utf-8`. */
  contentType: string;
  /** File name extension without the dot (`ndjson`, `csv`, `ocsf.ndjson`). */
  fileExtension: string;
  header(): string;
  event(event: Event): string;
  footer(): string;
}

export interface EventFormatOptions<Event = AuditEvent> {
  /**
   * ndjson, json and csv: the vendor's record instead of the normalized event (csv: the columns
   * `sourceId`, `eventId`, `raw`). Default false.
   */
  raw?: boolean;
  /** csv: write the header row. Default true. */
  header?: boolean;
  /**
   * What a host stores beside the event (Backstage: `{ event, storeId, ingestedAt }`): `event`
   * finds the event in it; `fields` are added to each ndjson/json object and appended as csv
   * columns, in their order (ocsf and ecs documents are left as their standards define them).
   */
  envelope?: {
    event: (item: Event) => AuditEvent;
    fields: readonly (readonly [
      name: string,
      value: (item: Event) => string | number | undefined,
    ])[];
  };
}

const NDJSON = 'application/x-ndjson; charset=utf-8';

/** RFC 4180 rows (CRLF), every cell through the formula guard. */
const csvLine = (cells: readonly unknown[]) =>
  `${cells.map((cell) => csvField(cell as Parameters<typeof csvField>[0])).join(',')}\r\n`;

/**
 * A writer of one of `EVENT_FORMATS`. ndjson: one JSON object per line; json: one array, valid
 * once the footer is written; csv: `CSV_COLUMNS`; ocsf / ecs: OCSF 1.8 / ECS documents, one per
 * line.
 */
export function createEventFormat<Event = AuditEvent>(
  name: EventFormatName,
  options: EventFormatOptions<Event> = {},
): EventFormat<Event> {
  const raw = options.raw ?? false;
  const envelope = options.envelope;
  const eventOf = envelope ? envelope.event : (item: Event) => item as unknown as AuditEvent;
  const extra = envelope?.fields ?? [];
  const object = (item: Event): unknown => {
    const body = toEventRecord(eventOf(item), raw ? 'raw' : 'event');
    if (extra.length === 0) return body;
    const out: Record<string, unknown> = { ...body };
    for (const [field, value] of extra) out[field] = value(item);
    return out;
  };
  switch (name) {
    case 'ndjson':
      return {
        name,
        contentType: NDJSON,
        fileExtension: 'ndjson',
        header: () => '',
        event: (item) => `${JSON.stringify(object(item))}\n`,
        footer: () => '',
      };
    case 'json': {
      let first = true;
      return {
        name,
        contentType: 'application/json; charset=utf-8',
        fileExtension: 'json',
        header: () => '[',
        event: (item) => {
          const prefix = first ? '\n  ' : ',\n  ';
          first = false;
          return prefix + JSON.stringify(object(item));
        },
        footer: () => (first ? ']\n' : '\n]\n'),
      };
    }
    case 'csv': {
      const columns = raw ? RAW_CSV_COLUMNS : CSV_COLUMNS;
      return {
        name,
        contentType: 'text/csv; charset=utf-8',
        fileExtension: 'csv',
        header: () =>
          options.header === false
            ? ''
            : csvLine([...columns.map(([column]) => column), ...extra.map(([field]) => field)]),
        event: (item) => {
          const event = eventOf(item);
          return csvLine([
            ...columns.map(([, cell]) => cell(event)),
            ...extra.map(([, value]) => value(item)),
          ]);
        },
        footer: () => '',
      };
    }
    case 'ocsf':
    case 'ecs': {
      return {
        name,
        contentType: NDJSON,
        fileExtension: `${name}.ndjson`,
        header: () => '',
        event: (item) => `${JSON.stringify(toEventRecord(eventOf(item), name))}\n`,
        footer: () => '',
      };
    }
  }
}
