import { parse } from 'csv-parse';
import { Readable } from 'node:stream';

/** The rows of a UiPath CSV download, streamed, keyed by header (BOM and ragged rows tolerated). */
export function csvRows(csv: AsyncIterable<Uint8Array>): AsyncIterable<Record<string, string>> {
  return Readable.from(csv).pipe(
    parse({ columns: true, bom: true, skip_empty_lines: true, relax_column_count: true }),
  ) as AsyncIterable<Record<string, string>>;
}

/** A header as a lookup key: "Created On", "createdOn" and "created_on" are the same column. */
export function columnKey(header: string): string {
  return header.toLowerCase().replace(/[^a-z]/g, '');
}
