// Reference source: the other sources follow the same shape (config, response schema, normalize,
// read loop). See CONTRIBUTING.md, "Add a source".
import { KORE_ADMIN_API_BUDGET } from '../../http/rate-limiter.js';
import { ValidationError } from '../../errors/validation-error.js';
import type { AuditSource, CheckResult, ReadRequest, SourcePage } from '../source.js';
import { createSourceContext, type SourceDependencies } from '../source-context.js';
import type { Sleep } from '../../http/abort.js';
import type { HttpTransport } from '../../http/transport.js';
import type { KoreXoAdminConsoleConfig } from './config.js';
import { koreErrorMessage } from '../kore-shared/kore-error.js';
import { PageGuard } from '../paging/page-guard.js';
import { splitWindows, type ObservedCap } from '../paging/window-split.js';
import { PageSize } from '../paging/page-size.js';
import { ReadEvidence } from '../../completeness/read-evidence.js';
import { AuditRelayError } from '../../errors/auditrelay-error.js';
import { toEpochMs } from '../../normalize/time.js';
import type { z } from 'zod/v4';
import { ProbeRecorder, type ProbeResult } from '../../completeness/probe.js';
import { KoreJwtSigner } from './jwt.js';
import { probeKoreXo } from './probe.js';
import { normalizeKoreXoRecord } from './normalize.js';
import { koreXoResponseSchema } from './response-schema.js';

export type { KoreXoAdminConsoleConfig } from './config.js';

type XoBody = z.output<typeof koreXoResponseSchema>;
type XoRecord = XoBody['auditlogs'][number];

/** How a read pages: the documented keyset, or time splits. */
type Strategy = 'keyset' | 'split';

const iso = (ms: number) => new Date(ms).toISOString();

/** The broad window whose answer size tells the least the server's page cap can be. */
const CALIBRATION_MS = 90 * 86_400_000;

/**
 * Kore.ai XO "Get Admin Console Audit Logs". The docs leave open the sort order, the page cap,
 * whether `fetchAfter` is honoured, what `offset` counts and what `total` means, so the read
 * checks each as it goes and adapts, in order of preference:
 * 1. the `fetchAfter` keyset (offset 0), while each page's ids ascend past the cursor;
 * 2. time windows split until each fits in one answer (see `splitWindows`).
 * Page numbers are not used: records removed from a window while it is paged (retention at its
 * old end) move later records past the walk, and records arriving meanwhile keep the count met,
 * so no count taken during or after the walk shows the gap.
 * Every request asks one millisecond more on both sides (bound inclusiveness is undocumented) and
 * the margin is filtered out. A read ends with a proof, or fails with `INCOMPLETE`.
 */
export function createKoreXoAdminConsoleSource(
  config: KoreXoAdminConsoleConfig,
  dependencies: SourceDependencies & { transport: HttpTransport; sleep: Sleep },
): AuditSource {
  const context = createSourceContext(config, dependencies, {
    rateLimit: KORE_ADMIN_API_BUDGET,
    errorMessage: koreErrorMessage,
  });
  const { http, label } = context;
  const signer = new KoreJwtSigner({
    clientId: config.credentials.clientId,
    clientSecret: config.credentials.clientSecret,
    ttlSeconds: config.options.jwtTtlSeconds,
    algorithm: config.options.jwtAlgorithm,
    jwtId: config.options.jwtId,
    now: context.now,
  });
  const sourceRef = { type: config.type, id: config.id };
  const endpoint = `${config.baseUrl}/api/public/auditlogs`;
  const requestOptions = (signal?: AbortSignal) => ({
    signal,
    headers: { 'content-type': 'application/json' },
    auth: async () => {
      const token = await signer.token();
      context.redactor.addToken(token);
      return { auth: token };
    },
    onUnauthorized: () => {
      signer.reset();
      return Promise.resolve(true);
    },
  });
  // The largest page this source has had at its configured size: a smaller answer to a time
  // window was not cut short. Kept across reads.
  const cap: ObservedCap = { largest: 0 };
  // The page size asked for: the configured one, halved while the server refuses it.
  const pageSize = new PageSize(config.options.pageSize, 'size');

  async function* read(request: ReadRequest): AsyncIterable<SourcePage> {
    if (request.start && request.start.getTime() > request.end.getTime()) {
      throw new ValidationError(
        [
          {
            path: 'from',
            message: `the range starts (${request.start.toISOString()}) after it ends (${request.end.toISOString()})`,
          },
        ],
        { code: 'INPUT_INVALID', context: label },
      );
    }
    const guard = new PageGuard(label, config.options.maxPages);
    const evidence = new ReadEvidence(label, request.start, request.end);
    const startMs = request.start?.getTime();
    const endMs = request.end.getTime();
    const fromDate = startMs === undefined ? undefined : iso(startMs - 1);
    const toDate = iso(endMs + 1);
    const timeOf = (record: XoRecord) => record.timestampValue ?? toEpochMs(record['Date/Time']);
    const inWindow = (record: XoRecord) => {
      const time = timeOf(record);
      return time <= endMs && (startMs === undefined || time >= startMs);
    };

    async function get(query: {
      /** Default: the source's page size (shrunk while the server refuses it). */
      size?: number;
      offset: number;
      fetchAfter?: string;
      from?: string;
      to: string;
      /** A keyset request: it must never repeat an earlier one. */
      keyset?: boolean;
    }): Promise<XoBody> {
      if (query.size === undefined) {
        return pageSize.request(evidence, (size) => get({ ...query, size }));
      }
      const params = new URLSearchParams({
        size: String(query.size),
        offset: String(query.offset),
      });
      if (query.from) params.set('fromDate', query.from);
      params.set('toDate', query.to);
      if (query.fetchAfter) params.set('fetchAfter', query.fetchAfter);
      // The keyset must never revisit a cursor; splits may re-ask a window.
      if (query.keyset) guard.beforeRequest(params.toString());
      else guard.count();
      const body = await http.json(
        `${endpoint}?${params.toString()}`,
        koreXoResponseSchema,
        requestOptions(request.signal),
      );
      // Every answer at the source's page size tells the least its cap can be.
      if (query.size === pageSize.current)
        cap.largest = Math.max(cap.largest, body.auditlogs.length);
      // Bounds are exact to the millisecond: a record outside them was not filtered (or the
      // answer belongs to another request), and trusting it could hide a gap.
      const lo = query.from === undefined ? -Infinity : Date.parse(query.from);
      const hi = Date.parse(query.to);
      const stray = body.auditlogs.find((r) => !(timeOf(r) >= lo && timeOf(r) <= hi));
      if (stray) {
        throw new AuditRelayError({
          code: 'RESPONSE_INVALID',
          message: `${label}: record ${stray.AuditLogId} (${stray['Date/Time'] ?? stray.timestampValue}) is outside the requested window ${query.from ?? 'start'} .. ${query.to}; the API did not apply fromDate/toDate.`,
        });
      }
      return body;
    }

    const page = (records: XoRecord[], cursor: Record<string, string | number>, total?: number) => {
      const events = records.filter(inWindow).map((r) => normalizeKoreXoRecord(r, sourceRef));
      evidence.delivered(events.length);
      return { events, cursor, ...(total !== undefined ? { total } : {}) };
    };

    const cursor = request.cursor ?? {};
    // A checkpoint of an earlier version may hold a page number: that window is read by time.
    const strategy: Strategy =
      cursor.strategy === 'split' || cursor.page !== undefined ? 'split' : 'keyset';
    let fetchAfter = typeof cursor.fetchAfter === 'string' ? cursor.fetchAfter : undefined;

    // 1. Keyset: offset 0, fetchAfter = the last id, while ids ascend past the cursor.
    if (strategy === 'keyset') {
      let returned = 0;
      let firstPage: number | undefined;
      for (;;) {
        const body = await get({
          offset: 0,
          fetchAfter,
          from: fromDate,
          to: toDate,
          keyset: true,
        });
        const records = body.auditlogs;
        if (firstPage === undefined) {
          firstPage = records.length;
          evidence.vendorCount(body.total);
        }
        if (fetchAfter && records.some((r) => compareIds(r.AuditLogId, fetchAfter!) <= 0)) {
          evidence.saw(
            'cursor-ignored',
            'the server ignored fetchAfter (ids at or below it came back)',
          );
          // It never filtered: read the whole window by time (repeats are dropped downstream).
          fetchAfter = undefined;
          break;
        }
        if (!isStrictlyAscending(records) || insertedLate(records.at(-1))) {
          evidence.saw(
            'ids-out-of-order',
            'ids do not follow the order of the pages, so the last id is not a safe cursor',
          );
          // This page is good as far as it goes; the window is read again by time (repeats are
          // dropped downstream).
          yield page(records, { strategy: 'split' }, body.total ?? undefined);
          break;
        }
        returned += records.length;
        const last = records.at(-1)?.AuditLogId;
        if (last) fetchAfter = last;
        const ended = records.length === 0 || body.moreAvailable === false;
        if (!ended && records.length < pageSize.current && body.moreAvailable === true) {
          evidence.saw(
            'page-size-capped',
            `asked for ${pageSize.current} per page, the server returns at most ${records.length}`,
          );
        }
        if (ended) {
          // A count no bigger than the first page, with more pages after it, counted the page.
          const counted = evidence.knownVendorCount;
          const countsWindow =
            counted !== undefined && !(counted === firstPage && returned > counted);
          if (countsWindow && returned < counted) {
            // Something the keyset cannot see moved records (or the count means something else):
            // read the window again by time splits, which need neither.
            evidence.saw(
              'count-stale',
              `the server counted ${counted} records in the window but the keyset returned ${returned}`,
            );
            break;
          }
          const signal =
            records.length === 0 ? 'an empty page' : 'the server answering moreAvailable: false';
          yield {
            ...page(records, fetchAfter ? { fetchAfter } : {}, body.total ?? undefined),
            proof: countsWindow
              ? evidence.prove(
                  'count-reconciled',
                  `fetchAfter keyset to ${signal}; ${returned} records for a count of ${counted}`,
                )
              : evidence.prove('cursor-exhausted', `fetchAfter keyset to ${signal}`),
          };
          return;
        }
        yield page(records, { fetchAfter: fetchAfter! }, body.total ?? undefined);
        if (body.moreAvailable === undefined) evidence.saw('count-absent', 'no moreAvailable');
      }
    }

    // 2. Time windows, split until every answer is below the largest page seen.
    const resumeFrom = typeof cursor.doneUntil === 'number' ? cursor.doneUntil + 1 : undefined;
    const firstMs = resumeFrom ?? startMs ?? 0;
    let windows = 0;
    let doneUntil = firstMs - 1;
    for await (const window of splitWindows({
      start: firstMs,
      end: endMs,
      cap,
      evidence,
      // More records in one millisecond than a page holds: walk the keyset inside it.
      exhaust: async (from, to) => {
        const out: XoRecord[] = [];
        let after: string | undefined;
        for (;;) {
          const body = await get({
            offset: 0,
            fetchAfter: after,
            from: iso(from - 1),
            to: iso(to + 1),
          });
          const records = body.auditlogs;
          if (
            (after !== undefined && records.some((r) => compareIds(r.AuditLogId, after!) <= 0)) ||
            !isStrictlyAscending(records)
          ) {
            throw evidence.fail(
              `more records in ${iso(from)} than one page holds, and fetchAfter does not page them`,
            );
          }
          out.push(...records.filter((r) => timeOf(r) >= from && timeOf(r) <= to));
          if (records.length === 0 || body.moreAvailable === false) return out;
          after = records.at(-1)!.AuditLogId;
        }
      },
      calibrate: async () =>
        (await get({ offset: 0, from: iso(endMs - CALIBRATION_MS), to: toDate })).auditlogs.length,
      fetch: async (from, to) => {
        const body = await get({ offset: 0, from: iso(from - 1), to: iso(to + 1) });
        const records = body.auditlogs.filter((r) => timeOf(r) >= from && timeOf(r) <= to);
        return { records, received: body.auditlogs.length, complete: body.moreAvailable === false };
      },
    })) {
      windows++;
      doneUntil = window.to;
      yield page(window.records, { strategy: 'split', doneUntil });
    }
    yield {
      events: [],
      cursor: { strategy: 'split', doneUntil },
      proof: evidence.prove(
        'split-below-cap',
        `${windows} time window${windows === 1 ? '' : 's'}, each answered in full (moreAvailable: false, or fewer than ${cap.largest} records, the largest page seen)`,
      ),
    };
  }

  async function check(signal?: AbortSignal): Promise<CheckResult> {
    const params = new URLSearchParams({
      size: '1',
      offset: '0',
      toDate: new Date(context.now()).toISOString(),
    });
    const body = await http.json(
      `${endpoint}?${params.toString()}`,
      koreXoResponseSchema,
      requestOptions(signal),
    );
    return {
      ok: true,
      message: `authenticated as app ${maskId(config.credentials.clientId)}; ${body.total ?? body.auditlogs.length} audit records visible`,
    };
  }

  async function probe(signal?: AbortSignal): Promise<ProbeResult> {
    const recorder = new ProbeRecorder(context.now);
    const evidence = new ReadEvidence(label, undefined, new Date(context.now()));
    const size = new PageSize(100, 'size');
    const measured = await probeKoreXo(
      (query) =>
        size.request(evidence, (asked) => {
          const params = new URLSearchParams({
            size: String(query.size === 100 ? asked : query.size),
            offset: String(query.offset),
            fromDate: query.fromDate,
            toDate: query.toDate,
          });
          if (query.fetchAfter) params.set('fetchAfter', query.fetchAfter);
          return http.json(`${endpoint}?${params.toString()}`, koreXoResponseSchema, {
            ...requestOptions(signal),
            onHeaders: recorder.onHeaders,
          });
        }),
      {
        now: context.now(),
        configuredPageSize: config.options.pageSize,
        acceptedSize: () => size.current,
      },
    );
    return {
      findings: [...measured.findings, recorder.clockFinding()],
      suggestedOptions: measured.suggestedOptions,
      requests: recorder.requests,
    };
  }

  return {
    id: config.id,
    type: config.type,
    name: config.name ?? config.id,
    capabilities: { persistentCursor: false, timeSlicing: true, filters: [], download: false },
    read,
    check,
    probe,
    close: async () => {
      if (dependencies.ownsTransport) await dependencies.transport.close?.();
    },
  };
}

function isStrictlyAscending(records: Array<{ AuditLogId: string }>): boolean {
  for (let index = 1; index < records.length; index++) {
    if (compareIds(records[index]!.AuditLogId, records[index - 1]!.AuditLogId) <= 0) return false;
  }
  return true;
}

/**
 * AuditLogIds are ObjectIds whose first 4 bytes are the insertion time. A record inserted well
 * after the time it reports arrived late: ids no longer follow time around it.
 */
function insertedLate(
  record:
    { AuditLogId: string; 'Date/Time'?: string | null; timestampValue?: number | null } | undefined,
): boolean {
  if (!record || !/^[0-9a-f]{24}$/i.test(record.AuditLogId)) return false;
  const insertedSeconds = Number.parseInt(record.AuditLogId.slice(0, 8), 16);
  const reported = record.timestampValue ?? Date.parse(record['Date/Time'] ?? '');
  if (!Number.isFinite(reported)) return false;
  return insertedSeconds > Math.floor(reported / 1000) + 1;
}

/** ObjectId-like hex ids compare by length, then lexicographically. */
function compareIds(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function maskId(value: string): string {
  return value.length <= 6 ? '***' : `${value.slice(0, 3)}…${value.slice(-3)}`;
}
