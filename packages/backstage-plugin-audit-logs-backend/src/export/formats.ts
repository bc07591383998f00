import { guardCsvFormula, toEcs, toOcsf } from '@auditrelay/core';
import type {
  AuditLogExportFormat,
  StoredAuditEvent,
} from '@auditrelay/backstage-plugin-audit-logs-node';

/** One JSON object per line: the whole core event plus the store's id and ingestion time. */
export const ndjsonFormat: AuditLogExportFormat = {
  id: 'ndjson',
  contentType: 'application/x-ndjson; charset=utf-8',
  fileExtension: 'ndjson',
  formatEvent: ({ id, ingestedAt, event }) =>
    `${JSON.stringify({ ...event, storeId: id, ingestedAt })}\n`,
};

const CSV_COLUMNS: [string, (stored: StoredAuditEvent) => string | undefined][] = [
  ['id', (s) => s.id],
  ['occurredAt', (s) => s.event.occurredAt],
  ['sourceId', (s) => s.event.source.id],
  ['sourceType', (s) => s.event.source.type],
  ['eventId', (s) => s.event.id],
  ['actorId', (s) => s.event.actor.id],
  ['actorName', (s) => s.event.actor.name],
  ['actorEmail', (s) => s.event.actor.email],
  ['actorType', (s) => s.event.actor.type],
  ['action', (s) => s.event.action],
  ['activity', (s) => s.event.activity],
  ['category', (s) => s.event.category],
  ['targetType', (s) => s.event.target?.type],
  ['targetId', (s) => s.event.target?.id],
  ['targetName', (s) => s.event.target?.name],
  ['description', (s) => s.event.description],
  ['sourceIp', (s) => s.event.sourceIp],
  ['outcome', (s) => s.event.outcome],
  ['changes', (s) => (s.event.changes.length > 0 ? JSON.stringify(s.event.changes) : undefined)],
  ['ingestedAt', (s) => s.ingestedAt],
];

/** RFC 4180 field; cells a spreadsheet would run as a formula get a leading apostrophe. */
export function csvField(value: string | number | boolean | object | undefined | null): string {
  if (value === undefined || value === null) return '';
  // The core's guard: the same rule for every CSV auditrelay writes.
  const text = guardCsvFormula(typeof value === 'object' ? JSON.stringify(value) : String(value));
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A flat CSV: one row per event, `changes` as JSON; the raw vendor record is left out. */
export const csvFormat: AuditLogExportFormat = {
  id: 'csv',
  contentType: 'text/csv; charset=utf-8',
  fileExtension: 'csv',
  header: () => `${CSV_COLUMNS.map(([name]) => name).join(',')}\r\n`,
  formatEvent: (stored) => `${CSV_COLUMNS.map(([, get]) => csvField(get(stored))).join(',')}\r\n`,
};

/** OCSF 1.8 events, one per line, for AWS Security Lake, Splunk and other OCSF pipelines. */
export const ocsfFormat: AuditLogExportFormat = {
  id: 'ocsf',
  contentType: 'application/x-ndjson; charset=utf-8',
  fileExtension: 'ocsf.ndjson',
  formatEvent: ({ event }) => `${JSON.stringify(toOcsf(event))}\n`,
};

/** Elastic Common Schema documents, one per line, ready for an Elasticsearch bulk load. */
export const ecsFormat: AuditLogExportFormat = {
  id: 'ecs',
  contentType: 'application/x-ndjson; charset=utf-8',
  fileExtension: 'ecs.ndjson',
  formatEvent: ({ event }) => `${JSON.stringify(toEcs(event))}\n`,
};

export const BUILT_IN_FORMATS: AuditLogExportFormat[] = [
  ndjsonFormat,
  csvFormat,
  ocsfFormat,
  ecsFormat,
];
