import type { AuditEvent } from '../../models/audit-event.js';
import type { DownloadParser } from '../download-parsers.js';
import { columnKey, csvRows } from '../uipath-shared/csv-rows.js';
import { uipathUnifiedAuditDefinition } from './definition.js';
import { normalizeUipathUnifiedEvent } from './normalize.js';
import type { UipathUnifiedEvent } from './response-schema.js';

/** `downloadevents` headers ("Created On", "Actor Email", …) → the JSON API's fields. */
const COLUMNS: Record<string, string> = {
  id: 'id',
  createdon: 'createdOn',
  organizationid: 'organizationId',
  organizationname: 'organizationName',
  tenantid: 'tenantId',
  tenantname: 'tenantName',
  actorid: 'actorId',
  actorname: 'actorName',
  actoremail: 'actorEmail',
  eventtype: 'eventType',
  eventsource: 'eventSource',
  eventtarget: 'eventTarget',
  eventsummary: 'eventSummary',
  eventdetails: 'eventDetails',
  status: 'status',
  ipaddress: 'ipAddress',
  ipcountry: 'ipCountry',
};

/**
 * Streams the `downloadevents` CSV into normalized events, one row at a time. Rows carry the
 * event id, so they dedupe with what the JSON API returned.
 */
export async function* parseUipathUnifiedCsv(
  csv: AsyncIterable<Uint8Array>,
  source: { type: string; id: string },
): AsyncIterable<AuditEvent> {
  for await (const row of csvRows(csv)) {
    const record: Record<string, unknown> = {};
    let ipAddress: string | undefined;
    let ipCountry: string | undefined;
    for (const [header, value] of Object.entries(row)) {
      const field = COLUMNS[columnKey(header)];
      if (field === 'ipAddress') ipAddress = value;
      else if (field === 'ipCountry') ipCountry = value;
      else record[field ?? header] = value === '' ? null : value;
    }
    if (typeof record.id !== 'string' || typeof record.createdOn !== 'string') continue;
    if (ipAddress || ipCountry)
      record.clientInfo = { ipAddress: ipAddress ?? null, ipCountry: ipCountry ?? null };
    yield normalizeUipathUnifiedEvent(record as UipathUnifiedEvent, source);
  }
}

/** This type's entry in the Node entry's download parsers (`parseDownloadCsv`). */
export const uipathUnifiedAuditDownload: DownloadParser = {
  type: uipathUnifiedAuditDefinition.type,
  parse: parseUipathUnifiedCsv,
};
