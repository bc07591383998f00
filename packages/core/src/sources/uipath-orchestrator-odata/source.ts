import type { UipathOrchestratorConfig } from './config.js';
import type { Sleep } from '../../http/abort.js';
import type { HttpTransport } from '../../http/transport.js';
import type { AuditSource, CheckResult, ReadRequest, SourcePage } from '../source.js';
import { createSourceContext, type SourceDependencies } from '../source-context.js';
import { PageGuard } from '../paging/page-guard.js';
import { DisputedEnd } from '../paging/disputed-end.js';
import { offsetWalk } from '../paging/offset-walk.js';
import { PageSize } from '../paging/page-size.js';
import { ProbeRecorder, type ProbeResult } from '../../completeness/probe.js';
import { probeOrchestrator } from './probe.js';
import { ReadEvidence } from '../../completeness/read-evidence.js';
import { toEpochMs } from '../../normalize/time.js';
import { bearerAuth } from '../uipath-shared/bearer-auth.js';
import { uipathTokensFor } from '../uipath-shared/token-provider.js';
import { uipathErrorMessage } from '../uipath-shared/uipath-error.js';
import { normalizeOrchestratorRecord } from './normalize.js';
import {
  orchestratorDetailsSchema,
  orchestratorListSchema,
  type OrchestratorRecord,
} from './response-schema.js';

export type { UipathOrchestratorConfig } from './config.js';

/** OData literal for an instant. */
const odataTime = (date: Date | number) => new Date(date).toISOString();

const strictlyAscendingIds = (records: OrchestratorRecord[]) =>
  records.every((record, index) => index === 0 || record.Id > records[index - 1]!.Id);

function monotonic(values: number[]): boolean {
  let direction = 0;
  for (let index = 1; index < values.length; index++) {
    const step = Math.sign(values[index]! - values[index - 1]!);
    if (step === 0) continue;
    if (direction !== 0 && step !== direction) return false;
    direction = step;
  }
  return true;
}

/**
 * UiPath Orchestrator `/odata/AuditLogs`: an `Id` keyset (`$filter=Id gt <last>`, `$orderby=Id`),
 * so records are read exactly once in id order, each page checked to really ascend past the
 * cursor and stay inside the time bounds. The walk ends on an empty page or at the newest id the
 * server had when the read started (one `$orderby=Id desc` request first), never on a short page,
 * so a `$top` cap or a stale `@odata.count` cannot end it early. In a sync, records past the
 * window end wait for the next read, and the cursor stays below the first of them; the walk still
 * goes on to the newest id, since a record written late has a higher id than newer ones and its
 * time may be inside the window. Where the server ignores `$filter` or `$orderby`, the read falls
 * back to offsets in the server's own order (see `offsetWalk`).
 */
export function createUipathOrchestratorSource(
  config: UipathOrchestratorConfig,
  dependencies: SourceDependencies & { transport: HttpTransport; sleep: Sleep },
): AuditSource {
  const context = createSourceContext(config, dependencies, { errorMessage: uipathErrorMessage });
  const { http, label } = context;
  const { options } = config;
  const tokens = uipathTokensFor(context, config);
  const sourceRef = { type: config.type, id: config.id };
  // Automation Cloud and Suite route by path; a standalone Orchestrator serves OData at its root
  // and takes the tenant from the X-UIPATH-TenantName header.
  const base =
    options.deployment === 'standalone'
      ? `${config.baseUrl}/odata/AuditLogs`
      : `${config.baseUrl}/${encodeURIComponent(options.organization)}/${encodeURIComponent(options.tenant)}/orchestrator_/odata/AuditLogs`;
  const headers: Record<string, string> = { 'x-UIPATH-AuditedService': options.auditedService };
  if (options.deployment === 'standalone') headers['X-UIPATH-TenantName'] = options.tenant;

  async function withDetails(
    record: OrchestratorRecord,
    signal?: AbortSignal,
  ): Promise<OrchestratorRecord> {
    const url = `${base}/UiPath.Server.Configuration.OData.GetAuditLogDetails(auditLogId=${record.Id})`;
    const details = await http.json(
      url,
      orchestratorDetailsSchema,
      bearerAuth(tokens, signal, headers),
    );
    return { ...record, Entities: details.value };
  }

  // `$top` as asked: the configured one, halved while the server refuses it (400).
  const pageSize = new PageSize(options.pageSize, 'top');

  async function* read(request: ReadRequest): AsyncIterable<SourcePage> {
    const guard = new PageGuard(label, options.maxPages);
    const evidence = new ReadEvidence(label, request.start, request.end, http);
    const sync = request.mode === 'sync';
    const startMs = request.start?.getTime();
    const endMs = request.end.getTime();
    const initialId =
      typeof request.cursor?.lastId === 'number' ? request.cursor.lastId : undefined;
    let lastId = initialId;
    const timeOf = (record: OrchestratorRecord) => toEpochMs(record.ExecutionTime);

    async function list(query: {
      filter: string;
      skip?: number;
      top: number;
      newest?: boolean;
      /** Asked again on purpose (its end was disputed): not a cursor revisited. */
      again?: boolean;
    }) {
      const params = new URLSearchParams({
        $top: String(query.top),
        $orderby: query.newest ? 'Id desc' : 'Id asc',
        $count: 'true',
      });
      if (query.skip !== undefined) params.set('$skip', String(query.skip));
      if (query.filter) params.set('$filter', query.filter);
      // The keyset must never revisit a cursor; offsets may re-ask a position after a re-location.
      if (query.skip === undefined && !query.again) guard.beforeRequest(params.toString());
      else guard.count();
      return http.json(
        `${base}?${params.toString()}`,
        orchestratorListSchema,
        bearerAuth(tokens, request.signal, headers),
      );
    }

    const toPage = async (records: OrchestratorRecord[]) => {
      const complete = options.includeDetails
        ? await Promise.all(records.map((r) => withDetails(r, request.signal)))
        : records;
      evidence.delivered(records.length);
      return complete.map((record) => normalizeOrchestratorRecord(record, sourceRef));
    };

    // The time bounds: a range read bounds both sides; a sync follows the keyset alone once it
    // has one (records older than its start but newer in id are delivered, not skipped).
    const timeFilter = (keyset: number | undefined) =>
      [
        startMs !== undefined && (!sync || keyset === undefined)
          ? `ExecutionTime ge ${odataTime(startMs)}`
          : undefined,
        sync ? undefined : `ExecutionTime le ${odataTime(endMs)}`,
      ].filter(Boolean);
    const inBounds = (record: OrchestratorRecord, keyset: number | undefined) => {
      const time = timeOf(record);
      if (!sync && time > endMs) return false;
      return !(startMs !== undefined && (!sync || keyset === undefined) && time < startMs);
    };

    // The newest record when the read starts bounds the walk: records arriving while it pages
    // (always with higher ids) are the next read's, so a busy tenant cannot keep it going forever.
    // Trusted only once the server has shown it sorts both ways as asked (an ignored $orderby
    // would make this any record at all).
    const probe = (await list({ filter: '', top: 2, newest: true })).value;
    const newest = probe.length === 2 && probe[0]!.Id > probe[1]!.Id ? probe[0]!.Id : undefined;
    let ceiling: number | undefined;
    let returned = 0;
    let firstRequest = true;
    // The last id the walk has seen; `lastId` (the cursor to resume from) stays below the first
    // record a sync held back for being past the window end.
    let walked = lastId;
    let heldFrom: number | undefined;
    const disputes = new DisputedEnd();
    let ceilingAtCheck = false;
    for (;;) {
      const filter = [walked === undefined ? undefined : `Id gt ${walked}`, ...timeFilter(walked)]
        .filter(Boolean)
        .join(' and ');
      const again = disputes.takeAskAgain();
      const body = await pageSize.request(evidence, (top) => list({ filter, top, again }));
      const records = body.value;
      if (firstRequest && !sync) evidence.vendorCount(body['@odata.count']);
      firstRequest = false;
      const problem =
        walked !== undefined && records.some((r) => r.Id <= walked!)
          ? (['cursor-ignored', 'the server ignored the Id keyset in $filter'] as const)
          : !strictlyAscendingIds(records)
            ? (['sort-ignored', 'the server ignored $orderby=Id asc'] as const)
            : records.some((r) => !inBounds(r, walked))
              ? (['time-filter-ignored', 'the server ignored the ExecutionTime bounds'] as const)
              : undefined;
      if (problem) {
        evidence.saw(problem[0], problem[1]);
        yield* fallback(records);
        return;
      }
      // Ascending here, descending for the probe: the server sorts as asked, so trust the probe.
      if (ceiling === undefined && records.length >= 2) ceiling = newest;
      const accepted = sync ? records.filter((record) => timeOf(record) <= endMs) : records;
      if (sync && heldFrom === undefined)
        heldFrom = records.find((record) => timeOf(record) > endMs)?.Id;
      returned += accepted.length;
      const lastSeen = records.at(-1);
      if (lastSeen) {
        walked = lastSeen.Id;
        disputes.progressed();
      }
      lastId = heldFrom !== undefined ? heldFrom - 1 : walked;
      const events = await toPage(accepted);
      const cursor = lastId !== undefined ? { lastId } : undefined;
      const total = body['@odata.count'] ?? undefined;
      const reachedCeiling = ceiling !== undefined && walked !== undefined && walked >= ceiling;
      if (records.length === 0 || reachedCeiling) {
        // Stopped at the ceiling, the count may include records that arrived after the probe.
        const counted = reachedCeiling ? undefined : evidence.knownVendorCount;
        if (counted !== undefined && returned < counted) {
          throw evidence.fail(
            `the server counted ${counted} records but the Id keyset returned ${returned}`,
          );
        }
        // Without a count or the ceiling, one empty answer is all that shows the end: a stale
        // replica, or a cache repeating another request's empty answer, would end the read early
        // and quietly. A second query (the newest records after the cursor: another URL) must
        // find nothing either. What it finds bounds the walk, so arrivals cannot keep it going.
        if (counted === undefined && !reachedCeiling) {
          const check = (await list({ filter, top: 2, newest: true, again: true })).value;
          const after = check.filter((r) => walked === undefined || r.Id > walked);
          if (after.length > 0) {
            disputes.dispute(
              evidence,
              'an empty page ended the Id keyset, but a second query found records after it',
              (times) =>
                evidence.fail(
                  `the server answered an empty page after Id ${walked ?? 'the start'} while a second query found more, ${times} times in a row`,
                ),
            );
            // Trusted as the newest only when the answer is in the order asked for.
            if (
              (check.length < 2 || check[0]!.Id > check[1]!.Id) &&
              (ceiling === undefined || after[0]!.Id < ceiling)
            ) {
              ceiling = after[0]!.Id;
              ceilingAtCheck = true;
            }
            continue;
          }
        }
        const walkEnd = reachedCeiling
          ? `the newest record ${ceilingAtCheck ? 'when an empty page was checked' : 'when the read started'} (Id ${ceiling})`
          : 'an empty page';
        yield {
          events,
          ...(cursor ? { cursor } : {}),
          proof:
            heldFrom !== undefined
              ? evidence.prove(
                  'cursor-passed-end',
                  `Id keyset to ${walkEnd}; from Id ${heldFrom} on, records past the window end wait for the next read`,
                )
              : counted !== undefined
                ? evidence.prove(
                    'count-reconciled',
                    `Id keyset to ${walkEnd}; ${returned} records for a count of ${counted}`,
                  )
                : evidence.prove('cursor-exhausted', `Id keyset to ${walkEnd}`),
        };
        return;
      }
      if (records.length < pageSize.current && typeof total === 'number' && total > records.length)
        evidence.saw(
          'page-size-capped',
          `asked for ${pageSize.current} per page, the server returns at most ${records.length}`,
        );
      yield { events, ...(cursor ? { cursor } : {}), ...(total !== undefined ? { total } : {}) };
    }

    /**
     * Offsets in the server's own order (by Id or by time, either direction), when the keyset
     * cannot be followed. Bounds and the keyset are applied here; the cursor moves to just below
     * the lowest id left for a later read.
     */
    async function* fallback(seen: OrchestratorRecord[]): AsyncIterable<SourcePage> {
      const byId = monotonic(seen.map((r) => r.Id));
      if (!byId && !monotonic(seen.map(timeOf))) {
        throw evidence.fail('the server orders records neither by Id nor by time');
      }
      const keyset = lastId;
      const filter = timeFilter(keyset).join(' and ');
      const wanted = (record: OrchestratorRecord) =>
        (keyset === undefined || record.Id > keyset) && inBounds(record, keyset);
      const walk = offsetWalk<OrchestratorRecord>({
        fetch: async (skip, top) => {
          const body =
            top === 1
              ? await list({ filter, skip, top })
              : await pageSize.request(evidence, (size) =>
                  list({ filter, skip, top: Math.min(top, size) }),
                );
          return { records: body.value, total: body['@odata.count'] };
        },
        key: byId ? (record) => record.Id : timeOf,
        identity: (record) => String(record.Id),
        keyName: byId ? 'Id' : 'ExecutionTime',
        requested: 'asc',
        ...(byId
          ? keyset === undefined
            ? {}
            : { lo: keyset + 1 }
          : { ...(startMs === undefined ? {} : { lo: startMs }), ...(sync ? {} : { hi: endMs }) }),
        pageSize: pageSize.current,
        evidence,
        guard,
      });
      let lowestLeft: number | undefined;
      let highestDelivered = keyset;
      let step = await walk.next();
      while (!step.done) {
        const kept: OrchestratorRecord[] = [];
        for (const record of step.value.records) {
          // Past the window end: left for a later read, and the walk goes on, since a record
          // written late has a higher id than newer ones and its time may be inside the window.
          if (sync && timeOf(record) > endMs) {
            lowestLeft = Math.min(lowestLeft ?? Infinity, record.Id);
            continue;
          }
          if (wanted(record)) kept.push(record);
        }
        for (const record of kept) highestDelivered = Math.max(highestDelivered ?? 0, record.Id);
        const events = await toPage(kept);
        // Mid-walk the cursor cannot move (the order may not be by id): resume re-reads the window.
        yield { events, ...(keyset !== undefined ? { cursor: { lastId: keyset } } : {}) };
        step = await walk.next();
      }
      const end = step.done ? step.value : undefined;
      const next = lowestLeft !== undefined ? lowestLeft - 1 : highestDelivered;
      yield {
        events: [],
        ...(next !== undefined ? { cursor: { lastId: next } } : {}),
        proof: evidence.prove(
          'offset-verified',
          `offsets in ${byId ? 'Id' : 'ExecutionTime'} order, ${end?.pages ?? 0} requests, every page overlapping the one before; ended ${end?.reason === 'bound' ? 'at the first record past the bound' : 'on a page holding nothing new'}`,
        ),
      };
    }
  }

  async function check(signal?: AbortSignal): Promise<CheckResult> {
    const body = await http.json(
      `${base}?$top=1&$count=true`,
      orchestratorListSchema,
      bearerAuth(tokens, signal, headers),
    );
    return {
      ok: true,
      message: `token granted (${options.scope}); ${body['@odata.count'] ?? body.value.length} audit records visible`,
    };
  }

  async function probe(signal?: AbortSignal): Promise<ProbeResult> {
    const recorder = new ProbeRecorder(context.now);
    const evidence = new ReadEvidence(label, undefined, new Date(context.now()));
    const top = new PageSize(1000, 'top');
    const list = (query: { top: number; orderby: string; filter?: string }) => {
      const params = new URLSearchParams({
        $top: String(query.top),
        $orderby: query.orderby,
        $count: 'true',
      });
      if (query.filter) params.set('$filter', query.filter);
      return http.json(`${base}?${params.toString()}`, orchestratorListSchema, {
        ...bearerAuth(tokens, signal, headers),
        onHeaders: recorder.onHeaders,
      });
    };
    const measured = await probeOrchestrator(
      (query) =>
        query.top === 1000
          ? top.request(evidence, (asked) => list({ ...query, top: asked }))
          : list(query),
      { configuredPageSize: options.pageSize },
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
    probe,
    capabilities: { persistentCursor: true, timeSlicing: true, filters: [], download: false },
    read,
    check,
    close: async () => {
      if (dependencies.ownsTransport) await dependencies.transport.close?.();
    },
  };
}
