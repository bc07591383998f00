import { ProbeRecorder, type ProbeResult } from '../../completeness/probe.js';
import { ReadEvidence } from '../../completeness/read-evidence.js';
import { AuditRelayError } from '../../errors/auditrelay-error.js';
import type { Sleep } from '../../http/abort.js';
import type { HttpTransport } from '../../http/transport.js';
import { PageGuard } from '../paging/page-guard.js';
import { checkFilters } from '../../sync/fetch-events.js';
import type { FilterChoice } from '../define-source.js';
import type {
  AuditSource,
  CheckResult,
  ReadRequest,
  SourceFilters,
  SourcePage,
} from '../source.js';
import { createSourceContext, type SourceDependencies } from '../source-context.js';
import { bearerAuth } from '../uipath-shared/bearer-auth.js';
import { uipathTokensFor } from '../uipath-shared/token-provider.js';
import { uipathErrorMessage } from '../uipath-shared/uipath-error.js';
import type { UipathUnifiedAuditConfig } from './config.js';
import { cursorWalk, type UnifiedAnswer } from './cursor-walk.js';
import {
  UNIFIED_FILTERS,
  resolveUnifiedFilters,
  unifiedFilterChoices,
  type ResolvedFilters,
} from './filters.js';
import { formatInstant, instantOf, type Instant } from './instant.js';
import { normalizeUipathUnifiedEvent } from './normalize.js';
import { probeUnifiedAudit } from './probe.js';
import {
  uipathUnifiedResponseSchema,
  uipathUnifiedSourcesSchema,
  type UipathUnifiedSources,
} from './response-schema.js';

export type { UipathUnifiedAuditConfig } from './config.js';

const DAY_MS = 86_400_000;

export interface UnifiedDownloadOptions {
  /** Not supported by `downloadevents` (it takes a window): refused with a clear error. */
  size?: number;
  language?: string;
  start?: Date;
  end?: Date;
  filters?: SourceFilters;
  signal?: AbortSignal;
}

/** A unified audit source: reads, and the `downloadevents` CSV of a window. */
export interface UipathUnifiedAuditSource extends AuditSource {
  /** The CSV file as the vendor sends it, streamed (its rows as events: `parseDownloadCsv`). */
  downloadCsv(options?: UnifiedDownloadOptions): Promise<AsyncIterable<Uint8Array>>;
}

/**
 * UiPath's unified audit logs (`orgaudit_` for organization events, `tenantaudit_` for a
 * tenant's services). Reads walk the API's keyset cursors from the window's newest end back to
 * its start (see `cursorWalk`); filters given by name are resolved to the GUIDs the API takes.
 */
export function createUipathUnifiedAuditSource(
  config: UipathUnifiedAuditConfig,
  dependencies: SourceDependencies & { transport: HttpTransport; sleep: Sleep },
): UipathUnifiedAuditSource {
  const context = createSourceContext(config, dependencies, { errorMessage: uipathErrorMessage });
  const { http, label } = context;
  const { options } = config;
  const tokens = uipathTokensFor(context, {
    ...config,
    options: { ...options, scope: options.tokenScope },
  });
  const sourceRef = { type: config.type, id: config.id };
  const api =
    options.scope === 'tenant'
      ? `/${encodeURIComponent(options.organization)}/${encodeURIComponent(options.tenant ?? '')}/tenantaudit_/api/query`
      : `/${encodeURIComponent(options.organization)}/orgaudit_/api/query`;
  const capabilities = {
    persistentCursor: false,
    timeSlicing: true,
    filters: UNIFIED_FILTERS,
    download: true,
  };
  const base = new URL(config.baseUrl);
  const basePath = base.pathname.replace(/\/+$/, '');

  /** A cursor link: relative to the base URL (or, if it repeats the base path, to its origin). */
  function resolveLink(link: string): string {
    if (/^https?:\/\//i.test(link)) {
      // Never send the token to another host a response names.
      if (new URL(link).origin !== base.origin) {
        throw new AuditRelayError({
          code: 'RESPONSE_INVALID',
          message: `${label}: a cursor link points to another host (${new URL(link).origin}); not followed.`,
        });
      }
      return link;
    }
    const path = link.startsWith('/') ? link : `/${link}`;
    if (basePath !== '' && path.startsWith(`${basePath}/`)) return `${base.origin}${path}`;
    return `${config.baseUrl}${path}`;
  }

  let catalog: Promise<UipathUnifiedSources> | undefined;
  function sources(signal?: AbortSignal): Promise<UipathUnifiedSources> {
    catalog ??= http
      .json(
        `${config.baseUrl}${api}/sources`,
        uipathUnifiedSourcesSchema,
        bearerAuth(tokens, signal),
      )
      .catch((error: unknown) => {
        catalog = undefined;
        throw error;
      });
    return catalog;
  }

  async function filtersFor(
    filters: SourceFilters = {},
    signal?: AbortSignal,
  ): Promise<ResolvedFilters> {
    // The same check fetchEvents and sync make; a direct read or a download gets it here.
    checkFilters({ type: config.type, capabilities }, filters);
    const named = filters.eventSource || filters.eventTarget || filters.eventType;
    return resolveUnifiedFilters(filters, named ? await sources(signal) : undefined, {
      label,
      scope: options.scope,
    });
  }

  function queryParams(
    resolved: ResolvedFilters,
    bounds: { from?: Instant; to?: Instant },
  ): URLSearchParams {
    const params = new URLSearchParams();
    if (bounds.from) params.set('from', formatInstant(bounds.from));
    if (bounds.to) params.set('to', formatInstant(bounds.to));
    const { query } = resolved;
    // Repeated keys, the ASP.NET default; only ever one value each (see resolveUnifiedFilters).
    for (const id of query.source) params.append('source', id);
    for (const id of query.target) params.append('target', id);
    for (const id of query.type) params.append('type', id);
    for (const id of query.userIds) params.append('userIds', id);
    if (query.status !== undefined) params.set('status', String(query.status));
    return params;
  }

  function events(params: URLSearchParams, signal?: AbortSignal): Promise<UnifiedAnswer> {
    return http.json(
      `${config.baseUrl}${api}/events?${params.toString()}`,
      uipathUnifiedResponseSchema,
      bearerAuth(tokens, signal),
    );
  }

  const retentionStart = () => context.now() - options.retentionDays * DAY_MS;

  async function* read(request: ReadRequest): AsyncIterable<SourcePage> {
    const evidence = new ReadEvidence(label, request.start, request.end, http);
    const guard = new PageGuard(label, options.maxPages);
    const resolved = await filtersFor(request.filters, request.signal);
    const lo = request.start?.getTime();
    const hi = request.end.getTime();
    // One tick before the start: every event of the window whether `from` is inclusive or not.
    const from: Instant | undefined = lo === undefined ? undefined : { ms: lo - 1, sub: 9999 };
    const before =
      typeof request.cursor?.before === 'string' ? instantOf(request.cursor.before) : undefined;
    const resume =
      before === undefined
        ? undefined
        : {
            at: before,
            ids: new Set(
              String(request.cursor?.beforeIds ?? '')
                .split(',')
                .filter(Boolean),
            ),
          };
    const walk = cursorWalk({
      query: (to, maxCount) => {
        const params = queryParams(resolved, { ...(from ? { from } : {}), to });
        if (resolved.query.searchTerm !== undefined)
          params.set('searchTerm', resolved.query.searchTerm);
        params.set('maxCount', String(maxCount ?? options.pageSize));
        return events(params, request.signal);
      },
      follow: (link) =>
        http.json(
          resolveLink(link),
          uipathUnifiedResponseSchema,
          bearerAuth(tokens, request.signal),
        ),
      ...(lo === undefined ? {} : { lo }),
      hi,
      ...(resume ? { resume } : {}),
      asked: options.pageSize,
      evidence,
      guard,
    });
    let skipped = 0;
    let step = await walk.next();
    while (!step.done) {
      const { records, position } = step.value;
      const kept = records.filter((record) => resolved.keep(record));
      if (kept.length < records.length) {
        skipped += records.length - kept.length;
        if (resolved.clientSide.length === 0)
          evidence.saw(
            'filter-ignored',
            'the server returned events its filters exclude; auditrelay dropped them',
          );
      }
      evidence.delivered(kept.length);
      yield {
        events: kept.map((record) => normalizeUipathUnifiedEvent(record, sourceRef)),
        cursor: { before: formatInstant(position.at), beforeIds: [...position.ids].join(',') },
      };
      step = await walk.next();
    }
    const end = step.value;
    if (resolved.clientSide.length > 0)
      evidence.caveat(
        `filter${resolved.clientSide.length > 1 ? 's' : ''} ${resolved.clientSide.join(', ')} with several values held by auditrelay after reading (${skipped} events dropped)`,
      );
    const cutoff = retentionStart();
    if (lo === undefined || lo < cutoff)
      evidence.caveat(
        `the live API keeps ${options.retentionDays} days: nothing before ${new Date(cutoff).toISOString()} is served (older events are only in UiPath's long-term export)`,
      );
    yield {
      events: [],
      proof: evidence.prove(
        end.passedStart ? 'cursor-passed-end' : 'cursor-exhausted',
        `${end.pages} requests following the server's cursors from the window's end${end.passedStart ? ' to an event before its start' : ''}${end.confirmations === 0 ? '' : `; then a query anchored below the last event returned nothing new`}`,
      ),
    };
  }

  async function check(signal?: AbortSignal): Promise<CheckResult> {
    const tree = await sources(signal);
    const params = new URLSearchParams({ maxCount: '1' });
    const answer = await events(params, signal);
    const services = tree.map((node) => node.name).slice(0, 12);
    return {
      ok: true,
      message: `token granted (${options.tokenScope}); ${options.scope}-level unified audit log answers (${tree.length} event sources${services.length > 0 ? `: ${services.join(', ')}${tree.length > services.length ? ', …' : ''}` : ''}; ${answer.auditEvents.length > 0 ? 'events present' : 'no events yet'})`,
    };
  }

  async function probe(signal?: AbortSignal): Promise<ProbeResult> {
    const recorder = new ProbeRecorder(context.now);
    const measured = await probeUnifiedAudit(
      (params) =>
        http.json(
          `${config.baseUrl}${api}/events?${params.toString()}`,
          uipathUnifiedResponseSchema,
          {
            ...bearerAuth(tokens, signal),
            onHeaders: recorder.onHeaders,
          },
        ),
      (link) =>
        http.json(resolveLink(link), uipathUnifiedResponseSchema, {
          ...bearerAuth(tokens, signal),
          onHeaders: recorder.onHeaders,
        }),
      { configuredPageSize: options.pageSize },
    );
    return {
      findings: [...measured.findings, recorder.clockFinding()],
      suggestedOptions: measured.suggestedOptions,
      requests: recorder.requests,
    };
  }

  async function filterChoices(filter: string, signal?: AbortSignal): Promise<FilterChoice[]> {
    return unifiedFilterChoices(await sources(signal), filter);
  }

  async function downloadCsv(
    download: UnifiedDownloadOptions = {},
  ): Promise<AsyncIterable<Uint8Array>> {
    if (download.size !== undefined || download.language !== undefined) {
      throw new AuditRelayError({
        code: 'INPUT_INVALID',
        message: `${label}: the unified audit download takes a time window and filters, not a size or language.`,
      });
    }
    const resolved = await filtersFor(download.filters, download.signal);
    if (resolved.clientSide.length > 0 || resolved.query.searchTerm !== undefined) {
      throw new AuditRelayError({
        code: 'INPUT_INVALID',
        message: `${label}: the download takes one value per filter and no search; ${[...resolved.clientSide, ...(resolved.query.searchTerm !== undefined ? ['searchTerm'] : [])].join(', ')} cannot be sent (use auditlogs fetch --format csv for those).`,
      });
    }
    const params = queryParams(resolved, {
      ...(download.start ? { from: { ms: download.start.getTime(), sub: 0 } } : {}),
      ...(download.end ? { to: { ms: download.end.getTime(), sub: 0 } } : {}),
    });
    const response = await http.raw(`${config.baseUrl}${api}/downloadevents?${params.toString()}`, {
      ...bearerAuth(tokens, download.signal),
      headers: { accept: 'text/csv, */*' },
    });
    return response.body();
  }

  return {
    id: config.id,
    type: config.type,
    name: config.name ?? config.id,
    capabilities,
    read,
    check,
    probe,
    filterChoices,
    downloadCsv,
    close: async () => {
      if (dependencies.ownsTransport) await dependencies.transport.close?.();
    },
  };
}
