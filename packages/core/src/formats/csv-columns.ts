import type { AuditEvent } from '../models/audit-event.js';

type CsvCell = string | number | boolean | object | undefined | null;

/**
 * The columns of every CSV of normalized events auditrelay writes (CLI `--format csv`, Backstage
 * export), in this order. `eventId` is the vendor's id of the record, `sourceId` the configured
 * source; `changes` is JSON. A host may append its own columns after these (Backstage adds
 * `storeId` and `ingestedAt`); the vendor's raw record is left out (`--raw` has its own columns).
 */
export const CSV_COLUMNS: readonly (readonly [
  name: string,
  cell: (event: AuditEvent) => CsvCell,
])[] = [
  ['occurredAt', (e) => e.occurredAt],
  ['sourceId', (e) => e.source.id],
  ['sourceType', (e) => e.source.type],
  ['eventId', (e) => e.id],
  ['actorId', (e) => e.actor.id],
  ['actorName', (e) => e.actor.name],
  ['actorEmail', (e) => e.actor.email],
  ['actorType', (e) => e.actor.type],
  ['action', (e) => e.action],
  ['activity', (e) => e.activity],
  ['category', (e) => e.category],
  ['targetType', (e) => e.target?.type],
  ['targetId', (e) => e.target?.id],
  ['targetName', (e) => e.target?.name],
  ['description', (e) => e.description],
  ['sourceIp', (e) => e.sourceIp],
  ['outcome', (e) => e.outcome],
  ['changes', (e) => (e.changes.length > 0 ? e.changes : undefined)],
  ['dedupeKey', (e) => e.dedupeKey],
];

/** The columns of `--raw` CSV: which record, and the vendor's record as JSON. */
export const RAW_CSV_COLUMNS: readonly (readonly [
  name: string,
  cell: (event: AuditEvent) => CsvCell,
])[] = [
  ['sourceId', (e) => e.source.id],
  ['eventId', (e) => e.id],
  ['raw', (e) => e.raw as object],
];
