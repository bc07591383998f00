// The CSV downloads' row parsers, kept out of the registry: they need csv-parse, which the
// portable entry (the n8n bundle) must not carry. Node entry only.
import type { AuditEvent } from '../models/audit-event.js';
import { AuditRelayError } from '../errors/auditrelay-error.js';
import { parseUipathAuditCsv } from './uipath-platform-audit/download-csv.js';
import { parseUipathUnifiedCsv } from './uipath-unified-audit/download-csv.js';

type DownloadParser = (
  csv: AsyncIterable<Uint8Array>,
  source: { type: string; id: string },
) => AsyncIterable<AuditEvent>;

const PARSERS: Record<string, DownloadParser> = {
  'uipath-platform-audit': parseUipathAuditCsv,
  'uipath-unified-audit': parseUipathUnifiedCsv,
};

/**
 * The rows of a source's CSV download (`downloadCsv`) as normalized events, with the same ids as
 * its reads give, so both dedupe together.
 */
export function parseDownloadCsv(
  csv: AsyncIterable<Uint8Array>,
  source: { type: string; id: string },
): AsyncIterable<AuditEvent> {
  const parser = PARSERS[source.type];
  if (!parser) {
    throw new AuditRelayError({
      code: 'INPUT_INVALID',
      message: `Source type ${source.type} has no CSV download to parse.`,
    });
  }
  return parser(csv, source);
}
