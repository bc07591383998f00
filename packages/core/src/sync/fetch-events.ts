import { AuditRelayError } from '../errors/auditrelay-error.js';
import { ValidationError } from '../errors/validation-error.js';
import { throwIfAborted } from '../http/abort.js';
import type { AuditEvent } from '../models/audit-event.js';
import { parseTimeInput } from '../time-input/parse-time-input.js';
import type { AuditSource, SourceFilters, SourcePage } from '../sources/source.js';
import { concatAsync } from './concat-async.js';
import { mergeAsync } from './merge-async.js';
import { readAhead } from './read-ahead.js';
import { RecentKeys } from './recent-keys.js';
import { ReportBuilder, type CompletenessReport } from '../completeness/report.js';

export interface FetchQuery {
  /**
   * Start of the range (inclusive): a Date, epoch ms, or any form `parseTimeInput` reads (ISO
   * with or without an offset, `now`, `24h`, `7d`).
   */
  from?: Date | string | number;
  /** End of the range (inclusive), read like `from`. Default: now. */
  to?: Date | string | number;
  /**
   * The IANA time zone a `from`/`to` without an offset is read in (n8n: the workflow's).
   * Default `UTC`, never the machine's zone.
   */
  timeZone?: string;
  /** Vendor filters (entity, action, userId, emailId…); unknown names are rejected. */
  filters?: SourceFilters;
  /** Stop after this many events. */
  limit?: number;
  /**
   * Split the range into this many time slices read in parallel (sources that filter by time).
   * The source's rate limiter is shared, so the budget holds. Events then arrive slice by slice
   * interleaved unless `sliceOrder` is `time`. Default 1.
   */
  concurrency?: number;
  /**
   * How the events of parallel slices are delivered. `arrival` (default): as pages arrive, slices
   * interleaved, memory bounded by a page per slice. `time`: slice after slice, oldest first, each
   * in the source's order, so the order is the one a read without slices gives; a later slice's
   * pages wait in memory until the slices before it are delivered.
   */
  sliceOrder?: 'arrival' | 'time';
  signal?: AbortSignal;
  /** Called after each page: for progress output. */
  onPage?: (progress: FetchProgress) => void;
}

export interface FetchProgress {
  pages: number;
  events: number;
  duplicatesDropped: number;
  /** The vendor's total for the query, when reported (per slice, summed when sliced). */
  total?: number;
}

function instant(
  name: string,
  value: Date | string | number | undefined,
  options: { now: number; timeZone: string | undefined },
): Date | undefined {
  if (value === undefined) return undefined;
  return parseTimeInput(value, {
    now: options.now,
    field: name,
    ...(options.timeZone ? { timeZone: options.timeZone } : {}),
  });
}

export function resolveRange(
  source: AuditSource,
  query: FetchQuery,
  now: number,
): { start: Date | undefined; end: Date } {
  const zone = { now, timeZone: query.timeZone };
  const end = instant('to', query.to, zone) ?? new Date(now);
  const start = instant('from', query.from, zone);
  if (start && start.getTime() > end.getTime()) {
    throw new ValidationError(
      [
        {
          path: 'from',
          message: `the range starts (${start.toISOString()}) after it ends (${end.toISOString()}); swap from and to`,
        },
      ],
      { code: 'INPUT_INVALID', context: `${source.type} "${source.id}"` },
    );
  }
  return { start, end };
}

export function checkFilters(
  source: Pick<AuditSource, 'type' | 'capabilities'>,
  filters: SourceFilters | undefined,
): void {
  const unknown = Object.keys(filters ?? {}).filter(
    (name) => filters?.[name] !== undefined && !source.capabilities.filters.includes(name),
  );
  if (unknown.length > 0) {
    const known =
      source.capabilities.filters.length > 0
        ? `supported: ${source.capabilities.filters.join(', ')}`
        : 'this source takes no filters';
    throw new ValidationError(
      unknown.map((name) => ({
        path: `filters.${name}`,
        message: `not a filter of ${source.type} (${known})`,
      })),
      { code: 'INPUT_INVALID' },
    );
  }
}

function slices(start: Date, end: Date, count: number): Array<[Date, Date]> {
  const span = end.getTime() - start.getTime();
  const size = Math.ceil((span + 1) / count);
  const out: Array<[Date, Date]> = [];
  for (let from = start.getTime(); from <= end.getTime(); from += size) {
    out.push([new Date(from), new Date(Math.min(end.getTime(), from + size - 1))]);
  }
  return out;
}

/** The events of a fetch, and what it showed about their completeness. */
export interface FetchStream extends AsyncIterable<AuditEvent> {
  /**
   * Updated as windows complete; final once iteration has ended or failed. `status` is
   * `complete` only when every window read ended with a proof.
   */
  readonly report: CompletenessReport;
  /**
   * The same events a page at a time (duplicates dropped, `limit` applied; a page that brought
   * only duplicates gives no batch). A host that writes or stores whole pages saves the cost of
   * one async step per event. Iterate the stream once, by events or by batches.
   */
  batches(): AsyncIterable<AuditEvent[]>;
}

/**
 * Streams the normalized events of a time range, page by page, with bounded memory. Duplicates
 * the vendor repeats across pages are dropped. Iterate it once; read `report` after (or during).
 */
export function fetchEvents(source: AuditSource, query: FetchQuery = {}): FetchStream {
  const builder = new ReportBuilder(source);
  const report = builder.report;
  return {
    report,
    async *batches() {
      for await (const batch of streamBatches(source, query, builder)) {
        report.delivered += batch.length;
        yield batch;
      }
    },
    async *[Symbol.asyncIterator]() {
      for await (const batch of streamBatches(source, query, builder)) {
        for (const event of batch) {
          report.delivered++;
          yield event;
        }
      }
    },
  };
}

/**
 * The new events of each page. `report.delivered` is counted by the caller as it hands events on,
 * so a consumer that stops inside a batch is not said to have taken all of it.
 */
async function* streamBatches(
  source: AuditSource,
  query: FetchQuery,
  builder: ReportBuilder,
): AsyncGenerator<AuditEvent[]> {
  const report = builder.report;
  try {
    const { start, end } = resolveRange(source, query, Date.now());
    checkFilters(source, query.filters);
    const limit = query.limit;
    if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
      throw new ValidationError([{ path: 'limit', message: 'expected a positive integer' }], {
        code: 'INPUT_INVALID',
      });
    }
    const concurrency = query.concurrency ?? 1;
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
      throw new ValidationError(
        [{ path: 'concurrency', message: 'expected an integer from 1 to 64' }],
        { code: 'INPUT_INVALID' },
      );
    }
    if (query.sliceOrder !== undefined && !['arrival', 'time'].includes(query.sliceOrder)) {
      throw new ValidationError([{ path: 'sliceOrder', message: 'expected "arrival" or "time"' }], {
        code: 'INPUT_INVALID',
      });
    }
    const windows: Array<[Date | undefined, Date]> =
      concurrency > 1 && start && source.capabilities.timeSlicing
        ? slices(start, end, concurrency)
        : [[start, end]];
    const readers = windows.map(([from, to]) =>
      source.read({
        start: from,
        end: to,
        filters: query.filters,
        signal: query.signal,
        mode: 'range',
      }),
    );
    let emitted = 0;
    // The next page is requested while this one is consumed (normalized, written): the vendor's
    // answer time overlaps the host's work instead of adding to it. Not when this page may reach
    // the limit: that request would be wasted rate budget.
    const pages: AsyncIterable<SourcePage> = readAhead(
      readers.length === 1
        ? readers[0]!
        : query.sliceOrder === 'time'
          ? concatAsync(readers)
          : mergeAsync(readers),
      (page) => limit === undefined || emitted + page.events.length < limit,
    );

    const seen = new RecentKeys();
    const progress: FetchProgress = { pages: 0, events: 0, duplicatesDropped: 0 };
    let proofs = 0;
    for await (const page of pages) {
      throwIfAborted(query.signal);
      progress.pages++;
      if (page.proof) {
        builder.proof(page.proof);
        proofs++;
      }
      const batch: AuditEvent[] = [];
      for (const event of page.events) {
        // Only the capacity bounds this set: event times matter for checkpoints (sync), not here.
        if (!seen.addIfNew(event.dedupeKey, 0)) {
          progress.duplicatesDropped++;
          report.duplicatesDropped++;
          continue;
        }
        batch.push(event);
        if (limit !== undefined && emitted + batch.length >= limit) break;
      }
      emitted += batch.length;
      progress.events = emitted;
      if (batch.length > 0) yield batch;
      if (limit !== undefined && emitted >= limit) {
        builder.finish('limited');
        return;
      }
      if (page.total !== undefined) progress.total = page.total;
      query.onPage?.({ ...progress });
    }
    if (query.signal?.aborted)
      throw new AuditRelayError({ code: 'ABORTED', message: 'The fetch was aborted.' });
    for (let missing = readers.length - proofs; missing > 0; missing--) builder.unproven();
    builder.finish('complete');
  } catch (error) {
    builder.fail(error);
    throw error;
  } finally {
    // A consumer that stopped early (e.g. `head -1`) claimed nothing past what it took.
    if (report.status === 'running') builder.finish('limited');
  }
}
