import type { SourceConfig } from '../../config/source-config.js';
import type { Sleep } from '../../http/abort.js';
import type { HttpTransport } from '../../http/transport.js';
import { toUtcIso } from '../../normalize/time.js';
import type { AuditSource, CheckResult, ReadRequest, SourcePage } from '../source.js';
import { createSourceContext, type SourceDependencies } from '../source-context.js';
import { PageGuard } from '../page-guard.js';
import { bearerAuth } from '../uipath-shared/bearer-auth.js';
import { uipathTokensFor } from '../uipath-shared/token-provider.js';
import { uipathErrorMessage } from '../uipath-shared/uipath-error.js';
import { normalizeUipathPlatformRecord } from './normalize.js';
import { uipathPlatformResponseSchema } from './response-schema.js';

export type UipathPlatformAuditConfig = Extract<SourceConfig, { type: 'uipath-platform-audit' }>;

export interface DownloadOptions {
  /** How many of the newest entries to put in the file (`size`). */
  size?: number;
  language?: string;
  signal?: AbortSignal;
}

/** A source with the Platform Management "Download Audit Logs" CSV endpoint. */
export interface UipathPlatformAuditSource extends AuditSource {
  /** The CSV file as the vendor sends it, streamed. */
  downloadCsv(options?: DownloadOptions): Promise<AsyncIterable<Uint8Array>>;
}

/**
 * UiPath Platform Management audit logs (`audit_/api/auditlogs`). The API has no time filter and
 * no id: reads sort by createdOn ascending, find the window's start by binary search over `skip`
 * (a few one-record probes), then page forward with `top`/`skip` until past the window's end.
 * Records landing mid-read only shift pages forward, which repeats a record (dropped by its
 * content id) and never skips one.
 */
export function createUipathPlatformAuditSource(
  config: UipathPlatformAuditConfig,
  dependencies: SourceDependencies & { transport: HttpTransport; sleep: Sleep },
): UipathPlatformAuditSource {
  const context = createSourceContext(config, dependencies, { errorMessage: uipathErrorMessage });
  const { http, label } = context;
  const { options } = config;
  const tokens = uipathTokensFor(context, config);
  const sourceRef = { type: config.type, id: config.id };
  const prefix = [
    config.baseUrl,
    encodeURIComponent(options.organization),
    options.tenant ? encodeURIComponent(options.tenant) : undefined,
  ]
    .filter(Boolean)
    .join('/');
  const listUrl = `${prefix}/audit_/api/auditlogs${options.partitionGlobalId ? `/${options.partitionGlobalId}` : ''}`;
  const downloadUrl = `${prefix}/audit_/api/auditlogs/download`;

  async function page(skip: number, top: number, signal?: AbortSignal) {
    const params = new URLSearchParams({
      language: options.language,
      top: String(top),
      skip: String(skip),
      sortBy: 'createdOn',
      sortOrder: 'asc',
    });
    if (options.apiVersion) params.set('api-version', options.apiVersion);
    return http.json(
      `${listUrl}?${params.toString()}`,
      uipathPlatformResponseSchema,
      bearerAuth(tokens, signal),
    );
  }

  const timeOf = (createdOn: string) => Date.parse(toUtcIso(createdOn) ?? '');

  /** The first position whose record is at or after `instant` (records are in createdOn order). */
  async function findStart(instant: number, signal?: AbortSignal): Promise<number> {
    const first = await page(0, 1, signal);
    const total = first.totalCount ?? 0;
    const head = first.results[0];
    if (!head || timeOf(head.createdOn) >= instant) return 0;
    let low = 1;
    let high = total;
    while (low < high) {
      const middle = Math.floor((low + high) / 2);
      const probe = (await page(middle, 1, signal)).results[0];
      if (!probe || timeOf(probe.createdOn) >= instant) high = middle;
      else low = middle + 1;
    }
    return low;
  }

  async function* read(request: ReadRequest): AsyncIterable<SourcePage> {
    const guard = new PageGuard(label, options.maxPages);
    const endMs = request.end.getTime();
    const resumeAt =
      typeof request.cursor?.after === 'string' ? Date.parse(request.cursor.after) : undefined;
    const startMs = resumeAt ?? request.start?.getTime();
    let skip = startMs === undefined ? 0 : await findStart(startMs, request.signal);
    for (;;) {
      guard.beforeRequest(`skip=${skip}`);
      const body = await page(skip, options.pageSize, request.signal);
      const records = body.results;
      guard.afterPage(records.map((r) => r.createdOn).join('|'), records.length);
      const inWindow = records.filter((record) => {
        const time = timeOf(record.createdOn);
        return time <= endMs && (startMs === undefined || time >= startMs);
      });
      const events = inWindow.map((record) => normalizeUipathPlatformRecord(record, sourceRef));
      const last = events.at(-1);
      const pastEnd = records.some((record) => timeOf(record.createdOn) > endMs);
      yield {
        events,
        ...(last ? { cursor: { after: last.occurredAt } } : {}),
        total: body.totalCount ?? undefined,
      };
      if (pastEnd || records.length < options.pageSize) return;
      skip += records.length;
    }
  }

  async function check(signal?: AbortSignal): Promise<CheckResult> {
    const body = await page(0, 1, signal);
    return {
      ok: true,
      message: `token granted (${options.scope}); ${body.totalCount ?? body.results.length} audit records visible`,
    };
  }

  async function downloadCsv(download: DownloadOptions = {}): Promise<AsyncIterable<Uint8Array>> {
    const params = new URLSearchParams({ language: download.language ?? options.language });
    if (download.size !== undefined) params.set('size', String(download.size));
    const response = await http.raw(`${downloadUrl}?${params.toString()}`, {
      ...bearerAuth(tokens, download.signal),
      headers: { accept: 'text/csv, */*' },
    });
    return response.body();
  }

  return {
    id: config.id,
    type: config.type,
    name: config.name ?? config.id,
    capabilities: { persistentCursor: false, timeSlicing: false, filters: [], download: true },
    read,
    check,
    downloadCsv,
    close: async () => {
      if (dependencies.ownsTransport) await dependencies.transport.close?.();
    },
  };
}
