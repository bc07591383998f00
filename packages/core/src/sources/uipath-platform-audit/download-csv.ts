import type { AuditEvent } from '../../models/audit-event.js';
import type { DownloadParser } from '../download-parsers.js';
import { columnKey, csvRows } from '../uipath-shared/csv-rows.js';
import { uipathPlatformAuditDefinition } from './definition.js';
import { normalizeUipathPlatformRecord } from './normalize.js';
import type { UipathPlatformRecord } from './response-schema.js';

/** Header names seen in the download, mapped to the JSON API's fields (case/space-insensitive). */
const COLUMN_ALIASES: Record<string, keyof UipathPlatformRecord> = {
  date: 'createdOn',
  createdon: 'createdOn',
  source: 'source',
  category: 'category',
  action: 'action',
  username: 'userName',
  user: 'userName',
  email: 'email',
  message: 'message',
  details: 'auditLogDetails',
  auditlogdetails: 'auditLogDetails',
};

/**
 * Streams the "Download Audit Logs" CSV into normalized events, one row at a time. Rows get the
 * same content id as the JSON API's records, so both paths dedupe together.
 */
export async function* parseUipathAuditCsv(
  csv: AsyncIterable<Uint8Array>,
  source: { type: string; id: string },
): AsyncIterable<AuditEvent> {
  for await (const row of csvRows(csv)) {
    const record: Record<string, string> = {};
    for (const [header, value] of Object.entries(row)) {
      const field = COLUMN_ALIASES[columnKey(header)];
      record[field ?? header] = value;
    }
    if (!record.createdOn) continue;
    yield normalizeUipathPlatformRecord(record as UipathPlatformRecord, source);
  }
}

/** This type's entry in the Node entry's download parsers (`parseDownloadCsv`). */
export const uipathPlatformAuditDownload: DownloadParser = {
  type: uipathPlatformAuditDefinition.type,
  parse: parseUipathAuditCsv,
};
