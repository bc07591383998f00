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
import { DisputedEnd } from '../paging/disputed-end.js';
import { askWhileOutsideBounds, REPLAYED_ANSWER_ATTEMPTS } from '../paging/replayed-answer.js';
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

/** How a read pages: the documented keyset, page numbers (under a fixed keyset), or time splits. */
type Strategy = 'keyset' | 'pages' | 'split';

const iso = (ms: number) => new Date(ms).toISOString();

/** The broad window whose answer size tells the least the server's page cap can be. */
const CALIBRATION_MS = 90 * 86_400_000;

/**
 * Kore.ai XO "Get Admin Console Audit Logs". The docs leave open the sort order, the page cap,
 * whether `fetchAfter` is honoured, what `offset` counts and what `total` means, so the read
 * checks each as it goes and adapts, in order of preference:
 * 1. the `fetchAfter` keyset (offset 0), while each page's ids ascend past the cursor;
 * 2. page numbers under the last good keyset, when a vendor count can be reconciled at the end
 *    and a record no newer than any of the window's (the sentinel) was there when the walk began
 *    and is still there at its end: retention removes the oldest records first, so none of the
 *    window's went. A record
 *    removed from the window while it is paged would move later ones past the walk, and arrivals
 *    meanwhile could keep the count met;
 * 3. time windows split until each fits in one answer (see `splitWindows`).
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
    const evidence = new ReadEvidence(label, request.start, request.end, http);
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
      /** Asked again on purpose (its end was disputed): not a cursor revisited. */
      again?: boolean;
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
      const lo = query.from === undefined ? -Infinity : Date.parse(query.from);
      const hi = Date.parse(query.to);
      const body = await askWhileOutsideBounds({
        ask: (attempt) => {
          // The keyset must never revisit a cursor; page numbers, splits and answers asked again
          // may re-ask a page.
          if (query.keyset && !query.again && attempt === 1) guard.beforeRequest(params.toString());
          else guard.count();
          return http.json(
            `${endpoint}?${params.toString()}`,
            koreXoResponseSchema,
            requestOptions(request.signal),
          );
        },
        // Bounds are exact to the millisecond: a record outside them was not filtered, or the
        // answer belongs to another request (asked again); trusting it could hide a gap.
        stray: (answer) => answer.auditlogs.find((r) => !(timeOf(r) >= lo && timeOf(r) <= hi)),
        evidence,
        records: 'records',
        fail: (stray) =>
          new AuditRelayError({
            code: 'RESPONSE_INVALID',
            message: `${label}: record ${stray.AuditLogId} (${stray['Date/Time'] ?? stray.timestampValue}) is outside the requested window ${query.from ?? 'start'} .. ${query.to} in ${REPLAYED_ANSWER_ATTEMPTS} answers in a row; the API did not apply fromDate/toDate.`,
          }),
      });
      // Every answer at the source's page size tells the least its cap can be.
      if (query.size === pageSize.current)
        cap.largest = Math.max(cap.largest, body.auditlogs.length);
      return body;
    }

    /** Whether a one-record query finds a record after `fetchAfter` in the window. */
    const endDisputed = async (after: string | undefined): Promise<boolean> => {
      const check = await get({
        size: 1,
        offset: 0,
        fetchAfter: after,
        from: fromDate,
        to: toDate,
      });
      return check.auditlogs.some(
        (r) => inWindow(r) && (after === undefined || compareIds(r.AuditLogId, after) > 0),
      );
    };

    const page = (records: XoRecord[], cursor: Record<string, string | number>, total?: number) => {
      const events = records.filter(inWindow).map((r) => normalizeKoreXoRecord(r, sourceRef));
      evidence.delivered(events.length);
      return { events, cursor, ...(total !== undefined ? { total } : {}) };
    };

    const cursor = request.cursor ?? {};
    let strategy: Strategy =
      cursor.strategy === 'split' ? 'split' : cursor.page !== undefined ? 'pages' : 'keyset';
    let fetchAfter = typeof cursor.fetchAfter === 'string' ? cursor.fetchAfter : undefined;

    // 1. Keyset: offset 0, fetchAfter = a settled id (see `settledCursor`), while ids ascend
    // past the cursor.
    if (strategy === 'keyset') {
      let returned = 0;
      let firstPage: number | undefined;
      const disputes = new DisputedEnd();
      /** Records past the cursor already delivered: the next answer starts with them again. */
      let overlap = new Set<string>();
      /** The last id of the last answer: what the end check asks after. */
      let lastSeen = fetchAfter;
      /** The next request repeats the cursor on purpose (see below). */
      let sameCursor = false;
      for (;;) {
        const again = disputes.takeAskAgain() || sameCursor;
        sameCursor = false;
        const body = await get({
          offset: 0,
          fetchAfter,
          from: fromDate,
          to: toDate,
          keyset: true,
          again,
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
          // It never filtered: page the whole window instead (repeats are dropped downstream).
          fetchAfter = undefined;
          strategy = 'pages';
          break;
        }
        // The records after the cursor delivered with the last page come first again.
        const fresh =
          overlap.size > 0 ? records.filter((r) => !overlap.has(r.AuditLogId)) : records;
        if (!isStrictlyAscending(records) || insertedLate(records.at(-1))) {
          evidence.saw(
            'ids-out-of-order',
            'ids do not follow the order of the pages, so the last id is not a safe cursor',
          );
          // This page is good as far as it goes; the rest of the same keyset goes by page number.
          yield page(fresh, fetchAfter ? { fetchAfter } : {}, body.total ?? undefined);
          strategy = 'pages';
          break;
        }
        returned += fresh.length;
        if (fresh.length > 0) disputes.progressed();
        const last = records.at(-1);
        if (last) lastSeen = last.AuditLogId;
        const ended = fresh.length === 0 || body.moreAvailable === false;
        const settled = last && !ended ? settledCursor(records, timeOf(last)) : undefined;
        if (settled !== undefined) {
          fetchAfter = records[settled]!.AuditLogId;
          overlap = new Set(records.slice(settled + 1).map((r) => r.AuditLogId));
        } else if (last) {
          // The end, or a page written within its last second: the same cursor again (asked on
          // purpose), this answer's records repeats. A page as large as any this source has had
          // may have been cut at a cap, and asked again it would only repeat itself: it goes by
          // page number.
          if (!ended && records.length >= Math.min(pageSize.current, cap.largest)) {
            evidence.saw(
              'ids-out-of-order',
              'a page of records written within one second, so no id of it is a safe cursor',
            );
            // This page is good as far as it goes; the rest goes by page number.
            yield page(fresh, fetchAfter ? { fetchAfter } : {}, body.total ?? undefined);
            strategy = 'pages';
            break;
          }
          overlap = new Set(records.map((r) => r.AuditLogId));
          sameCursor = !ended;
        }
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
            strategy = 'split';
            break;
          }
          const signal =
            records.length === 0 ? 'an empty page' : 'the server answering moreAvailable: false';
          // Without a count, that one answer is all that shows the end: a stale replica, or a
          // cache repeating another request's empty answer, would end the read early and quietly.
          // A second query, different in its size, must find nothing after the cursor either.
          if (!countsWindow && (await endDisputed(lastSeen))) {
            disputes.dispute(
              evidence,
              `the keyset ended on ${signal}, but a second query found records after it`,
              (times) =>
                evidence.fail(
                  `the keyset ended on ${signal} after ${fetchAfter ?? 'the start'} while a second query found more, ${times} times in a row`,
                ),
            );
            // This page is good as far as it goes; the keyset is asked again from its end.
            yield page(fresh, fetchAfter ? { fetchAfter } : {}, body.total ?? undefined);
            continue;
          }
          yield {
            ...page(fresh, fetchAfter ? { fetchAfter } : {}, body.total ?? undefined),
            proof: countsWindow
              ? evidence.prove(
                  'count-reconciled',
                  `fetchAfter keyset to ${signal}; ${returned} records for a count of ${counted}`,
                )
              : evidence.prove('cursor-exhausted', `fetchAfter keyset to ${signal}`),
          };
          return;
        }
        yield page(fresh, { fetchAfter: fetchAfter! }, body.total ?? undefined);
        if (body.moreAvailable === undefined) evidence.saw('count-absent', 'no moreAvailable');
      }
    }

    // 2. Page numbers under a fixed keyset, only where a count lets the end be checked.
    if (strategy === 'pages') {
      const outcome = yield* pagesUnder(fetchAfter, typeof cursor.page === 'number' ? cursor : {});
      if (outcome === 'done') return;
    }

    // 3. Time windows, split until every answer is below the largest page seen.
    const resumeFrom = typeof cursor.doneUntil === 'number' ? cursor.doneUntil + 1 : undefined;
    const firstMs = resumeFrom ?? startMs ?? 0;
    let windows = 0;
    let doneUntil = firstMs - 1;
    for await (const window of splitWindows({
      start: firstMs,
      end: endMs,
      cap,
      evidence,
      identity: { key: (r) => r.AuditLogId, time: timeOf },
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

    /**
     * A record no newer than any of the window's: one older than the window (within the 90 days
     * before it), else the window's own oldest, found by halving the window's start until an
     * answer is complete. None for an empty window.
     */
    async function olderRecord(): Promise<Sentinel | undefined> {
      if (startMs === undefined) return undefined;
      const older = (
        await get({ offset: 0, size: 1, from: iso(startMs - CALIBRATION_MS), to: iso(startMs - 2) })
      ).auditlogs[0];
      if (older) return { id: older.AuditLogId, time: timeOf(older) };
      let lo = startMs;
      let hi = endMs;
      for (let step = 0; step < 64 && lo <= hi; step++) {
        const body = await get({ offset: 0, from: iso(lo - 1), to: iso(hi + 1) });
        const inside = body.auditlogs.filter((r) => timeOf(r) >= lo && timeOf(r) <= hi);
        const complete = body.moreAvailable === false || body.auditlogs.length < cap.largest;
        // One millisecond holding more than a page: its oldest record cannot be told; split.
        if (inside.length > 0 && !complete && lo === hi) return undefined;
        if (inside.length > 0 && complete) {
          const oldest = inside.reduce((a, b) => (timeOf(b) < timeOf(a) ? b : a));
          return { id: oldest.AuditLogId, time: timeOf(oldest) };
        }
        if (inside.length === 0) {
          // Nothing in [lo, hi]: the oldest is after it, up to where the last search ended.
          if (hi === endMs) return undefined;
          const width = hi - lo + 1;
          lo = hi + 1;
          hi = Math.min(endMs, hi + width);
        } else {
          hi = lo + Math.floor((hi - lo) / 2);
        }
      }
      return undefined;
    }

    /** Whether the sentinel is still stored (false also when its millisecond overflows a page). */
    async function stillThere(sentinel: Sentinel): Promise<boolean> {
      const body = await get({
        offset: 0,
        from: iso(sentinel.time - 1),
        to: iso(sentinel.time + 1),
      });
      return body.auditlogs.some((r) => r.AuditLogId === sentinel.id);
    }

    /**
     * Page numbers (or record offsets, whichever the server uses) over the window under `after`.
     * Returns 'split' when offsets are ignored or nothing can check the walk's end.
     */
    async function* pagesUnder(
      after: string | undefined,
      resume: Record<string, string | number>,
    ): AsyncGenerator<SourcePage, 'done' | 'split'> {
      // The sentinel, kept in the cursor so that a walk resumed after a pause (a crash, a
      // restart) is checked against the one it began with.
      const sentinel =
        typeof resume.sentinel === 'string' ? parseSentinel(resume.sentinel) : await olderRecord();
      if (!sentinel) return 'split';
      const query = { fetchAfter: after, from: fromDate, to: toDate };
      const first = await get({ ...query, offset: 0 });
      const size = pageSize.current;
      const counted = first.total ?? undefined;
      const per = first.auditlogs.length;
      // Only a count larger than a page, or one the server says is final, counts the window.
      const countUsable =
        typeof counted === 'number' && (first.moreAvailable === false || counted > per);
      if (!countUsable) {
        evidence.saw(
          'count-absent',
          'no total that counts the whole window, so page numbers cannot be checked',
        );
        return 'split';
      }
      if (first.moreAvailable === false) {
        yield {
          ...page(first.auditlogs, after ? { fetchAfter: after } : {}, counted),
          proof: evidence.prove(
            'count-reconciled',
            `one page held the whole count (${counted}) under the keyset`,
          ),
        };
        return 'done';
      }
      // Ask for what the server really gives per page, so page n starts at n × that, whichever
      // size it multiplies by.
      const step = per < size ? per : size;
      if (per < size) {
        evidence.saw(
          'page-size-capped',
          `asked for ${size} per page, the server returns at most ${per}`,
        );
      }
      const seen = new Set(first.auditlogs.map((r) => r.AuditLogId));
      let offset = typeof resume.page === 'number' ? resume.page : 1;
      let unit = resume.unit === 'record' ? 'record' : 'page';
      // The cursor of a page walk at page (or record offset) n.
      const at = (n: number) => ({
        ...(after ? { fetchAfter: after } : {}),
        page: n,
        unit,
        sentinel: formatSentinel(sentinel),
      });
      if (offset <= 1 && resume.unit === undefined) {
        const second = await get({ ...query, size: step, offset: 1 });
        const ids = second.auditlogs.map((r) => r.AuditLogId);
        if (ids.length > 0 && ids.every((id) => seen.has(id))) {
          if (ids[0] === first.auditlogs[1]?.AuditLogId && ids.length > 1) {
            unit = 'record';
            evidence.saw('offset-is-record-index', 'offset counts records, not pages');
          } else if (ids[0] === first.auditlogs[0]?.AuditLogId) {
            evidence.saw('offset-ignored', 'the server ignored offset (page 1 repeated page 0)');
            return 'split';
          }
        }
        yield page(first.auditlogs, at(0));
        offset = unit === 'record' ? per : 1;
      } else {
        yield page(first.auditlogs, at(0));
      }
      let returned = first.auditlogs.length;
      let repeats = 0;
      // A drop of the window's count while it is paged shows a removal at once.
      let highest = counted;
      const dropped = (total: number | null | undefined) => {
        if (typeof total !== 'number' || total >= highest) {
          if (typeof total === 'number') highest = total;
          return false;
        }
        evidence.saw(
          'records-shifted',
          `the window's count fell from ${highest} to ${total} while it was paged: records were removed under the page numbers`,
        );
        return true;
      };
      for (;;) {
        const body = await get({ ...query, size: step, offset });
        const records = body.auditlogs.filter((r) => !seen.has(r.AuditLogId));
        if (dropped(body.total)) {
          yield page(records, { strategy: 'split' }, counted);
          return 'split';
        }
        if (body.auditlogs.length > 0 && records.length === 0) {
          // A page of nothing new: an earlier answer served again, or records shifted by a whole
          // page. Ask again; if it persists, page numbers cannot be trusted here.
          evidence.saw('page-repeated', 'a page held only records already read');
          if (++repeats > 8) return 'split';
          continue;
        }
        repeats = 0;
        for (const r of body.auditlogs) seen.add(r.AuditLogId);
        returned += records.length;
        const ended = body.auditlogs.length === 0 || body.moreAvailable === false;
        offset += unit === 'record' ? body.auditlogs.length : 1;
        const next = at(offset);
        if (!ended) {
          yield page(records, next, counted);
          continue;
        }
        // The count now, not at the start: records that arrived mid-read are in it, so it is
        // only met when nothing was skipped (purged records only lower it).
        const final = (await get({ ...query, size: 1, offset: 0 })).total ?? counted;
        if (dropped(final) || !(await stillThere(sentinel))) {
          evidence.saw(
            'records-shifted',
            'a record older than the window was removed while it was paged (retention), so page numbers may have moved past records of the window',
          );
          yield page(records, { strategy: 'split' }, counted);
          return 'split';
        }
        if (returned < final) {
          // Records moved under the page numbers (or the count is stale): time splits instead.
          evidence.saw(
            'count-stale',
            `the server counted ${final} records but its pages returned ${returned}`,
          );
          yield page(records, next, counted);
          return 'split';
        }
        yield {
          ...page(records, next, counted),
          proof: evidence.prove(
            'count-reconciled',
            `${unit === 'record' ? 'record offsets' : 'page numbers'} to the end; ${returned} distinct records for a count of ${final} taken at the end`,
          ),
        };
        return 'done';
      }
    }
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

/**
 * The position of the page's last record that is a safe `fetchAfter`. `fetchAfter` keeps ids above
 * the cursor while pages may go by time, so a record written before the cursor's record but dated
 * after the page's end would never come back (a record written late ending a page, another written
 * earlier but dated later still to come: found by the fault matrix). A record is never dated after
 * it was written, and an ObjectId names the second it was made in, so everything written before a
 * record made in an earlier second than the page's last time is dated inside the page: this page
 * or an earlier one had it. The records after the cursor are asked again (and dropped as repeats).
 * Ids that are not ObjectIds carry no time: the last record. Undefined when no record of the page
 * was made before the second it ends in (more than a page in one second).
 */
function settledCursor(
  records: Array<{ AuditLogId: string }>,
  lastTime: number,
): number | undefined {
  for (let index = records.length - 1; index >= 0; index--) {
    const id = records[index]!.AuditLogId;
    if (!/^[0-9a-f]{24}$/i.test(id)) return records.length - 1;
    if ((Number.parseInt(id.slice(0, 8), 16) + 1) * 1000 <= lastTime) return index;
  }
  return undefined;
}

/** A record no newer than a window paged by number, named in the cursor as `time/id`. */
interface Sentinel {
  id: string;
  time: number;
}

const formatSentinel = (sentinel: Sentinel) => `${sentinel.time}/${sentinel.id}`;

function parseSentinel(text: string): Sentinel | undefined {
  const at = text.indexOf('/');
  const time = Number(text.slice(0, at));
  return at > 0 && Number.isFinite(time) ? { time, id: text.slice(at + 1) } : undefined;
}

/** ObjectId-like hex ids compare by length, then lexicographically. */
function compareIds(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function maskId(value: string): string {
  return value.length <= 6 ? '***' : `${value.slice(0, 3)}…${value.slice(-3)}`;
}
