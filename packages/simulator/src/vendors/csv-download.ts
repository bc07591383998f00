// A vendor CSV download as the UiPath APIs stream it: a header line, then rows in batches of 500
// with CRLF line ends, yielding to the event loop between batches so a large file never blocks
// the simulator's other requests.
import { stringify } from 'csv-stringify/sync';
import type { SimResponse } from '../http-types.js';

const OPTIONS = { record_delimiter: 'windows' } as const;
const BATCH = 500;

export function csvDownload(
  columns: readonly string[],
  rows: Iterable<string[]>,
  file: { name: string; bom?: boolean },
): SimResponse {
  async function* chunks(): AsyncGenerator<string> {
    yield (file.bom ? '\ufeff' : '') + stringify([columns], OPTIONS);
    let batch: string[][] = [];
    for (const row of rows) {
      batch.push(row);
      if (batch.length === BATCH) {
        yield stringify(batch, OPTIONS);
        batch = [];
        await Promise.resolve();
      }
    }
    if (batch.length > 0) yield stringify(batch, OPTIONS);
  }
  return {
    status: 200,
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${file.name}"`,
    },
    body: chunks(),
  };
}
