import { createEventFormat, type EventFormatName } from '@auditrelay/core';
import type {
  AuditLogExportFormat,
  StoredAuditEvent,
} from '@auditrelay/backstage-plugin-audit-logs-node';

/** What the store adds to every exported event: its id (`GET /events/:id`) and ingestion time. */
const STORE_FIELDS = {
  event: (stored: StoredAuditEvent) => stored.event,
  fields: [
    ['storeId', (stored: StoredAuditEvent) => stored.id],
    ['ingestedAt', (stored: StoredAuditEvent) => stored.ingestedAt],
  ] as const,
};

/**
 * One of the core's formats as an export format: the same bytes the CLI writes, plus the store's
 * `storeId` and `ingestedAt` (ndjson: as fields; csv: as the last two columns; OCSF and ECS
 * documents stay as the standards define them). These writers keep no state between events, so
 * one serves every export.
 */
function coreFormat(name: Exclude<EventFormatName, 'json'>): AuditLogExportFormat {
  const format = createEventFormat<StoredAuditEvent>(name, { envelope: STORE_FIELDS });
  return {
    id: name,
    contentType: format.contentType,
    fileExtension: format.fileExtension,
    header: () => format.header(),
    formatEvent: (stored) => format.event(stored),
    footer: () => format.footer(),
  };
}

/** One JSON object per line: the whole core event (raw record included) plus the store's fields. */
export const ndjsonFormat = coreFormat('ndjson');
/** The core's CSV columns, then `storeId` and `ingestedAt`; every cell formula-guarded. */
export const csvFormat = coreFormat('csv');
/** OCSF 1.8 events, one per line, for AWS Security Lake, Splunk and other OCSF pipelines. */
export const ocsfFormat = coreFormat('ocsf');
/** Elastic Common Schema documents, one per line, ready for an Elasticsearch bulk load. */
export const ecsFormat = coreFormat('ecs');

export const BUILT_IN_FORMATS: AuditLogExportFormat[] = [
  ndjsonFormat,
  csvFormat,
  ocsfFormat,
  ecsFormat,
];
