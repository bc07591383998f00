// The CSV downloads' row parsers, one per source type whose definition has
// `capabilities.download`. They stay out of the definitions and the registry: they need csv-parse
// and node:stream, which the portable entry (the n8n bundle) must not carry. Node entry only.
import type { AuditEvent } from '../models/audit-event.js';
import { AuditRelayError } from '../errors/auditrelay-error.js';
import { uipathPlatformAuditDownload } from './uipath-platform-audit/download-csv.js';
import { uipathUnifiedAuditDownload } from './uipath-unified-audit/download-csv.js';

/** A download's rows as normalized events, for the type its vendor folder declares it for. */
export interface DownloadParser {
  /** The definition's `type`. */
  readonly type: string;
  parse(
    csv: AsyncIterable<Uint8Array>,
    source: { type: string; id: string },
  ): AsyncIterable<AuditEvent>;
}

/** One line per source type with a CSV download (the test fails for a type without one). */
export const DOWNLOAD_PARSERS: readonly DownloadParser[] = [
  uipathPlatformAuditDownload,
  uipathUnifiedAuditDownload,
];

const byType = new Map(DOWNLOAD_PARSERS.map((parser) => [parser.type, parser]));

/**
 * The rows of a source's CSV download (`downloadCsv`) as normalized events, with the same ids as
 * its reads give, so both dedupe together.
 */
export function parseDownloadCsv(
  csv: AsyncIterable<Uint8Array>,
  source: { type: string; id: string },
): AsyncIterable<AuditEvent> {
  const parser = byType.get(source.type);
  if (!parser) {
    throw new AuditRelayError({
      code: 'INPUT_INVALID',
      message: `Source type ${source.type} has no CSV download to parse.`,
    });
  }
  return parser.parse(csv, source);
}
