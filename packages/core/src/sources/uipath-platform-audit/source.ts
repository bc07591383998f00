import { z } from 'zod/v4';
import { AuditRelayError } from '../../errors/auditrelay-error.js';
import type { UipathPlatformAuditConfig } from './config.js';
import type { Sleep } from '../../http/abort.js';
import type { HttpTransport } from '../../http/transport.js';
import { toEpochMs } from '../../normalize/time.js';
import type { AuditSource, CheckResult, ReadRequest, SourcePage } from '../source.js';
import { createSourceContext, type SourceDependencies } from '../source-context.js';
import { PageGuard } from '../paging/page-guard.js';
import { offsetWalk } from '../paging/offset-walk.js';
import { PageSize } from '../paging/page-size.js';
import { ProbeRecorder, type ProbeResult } from '../../completeness/probe.js';
import { probePlatformAudit } from './probe.js';
import { ReadEvidence } from '../../completeness/read-evidence.js';
import { bearerAuth } from '../uipath-shared/bearer-auth.js';
import { uipathTokensFor } from '../uipath-shared/token-provider.js';
import { uipathErrorMessage } from '../uipath-shared/uipath-error.js';
import { normalizeUipathPlatformRecord, uipathPlatformRecordId } from './normalize.js';
import { uipathPlatformResponseSchema, type UipathPlatformRecord } from './response-schema.js';

export type { UipathPlatformAuditConfig } from './config.js';

export interface DownloadOptions {
  /** How many of the newest entries to put in the file (`size`). */
  size?: number;
  language?: string;
  /** Not supported by this endpoint (it has no time filter or filters): refused with a clear error. */
  start?: Date;
  end?: Date;
  filters?: Record<string, string | undefined>;
  signal?: AbortSignal;
}

/** A source with the Platform Management "Download Audit Logs" CSV endpoint. */
export interface UipathPlatformAuditSource extends AuditSource {
  /** The CSV file as the vendor sends it, streamed. */
  downloadCsv(options?: DownloadOptions): Promise<AsyncIterable<Uint8Array>>;
}

/**
 * UiPath Platform Management audit logs (`audit_/api/auditlogs`). The API has no time filter and
 * no record id, and its docs leave the page cap, whether `sortOrder` is honoured and the count
 * open. Reads ask for createdOn ascending and follow whichever direction the server really uses,
 * find the window's edge by binary search over `skip`, and page with every page overlapping the
 * one before by a record, so pages shifted by records added or removed mid-read are seen and
 * re-located, never skipped (see `offsetWalk`).
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

  async function page(
    skip: number,
    top: number,
    signal?: AbortSignal,
    extra: {
      order?: 'asc' | 'desc';
      onHeaders?: (headers: Record<string, string | undefined>) => void;
    } = {},
  ) {
    const params = new URLSearchParams({
      language: options.language,
      top: String(top),
      skip: String(skip),
      sortBy: 'createdOn',
      sortOrder: extra.order ?? 'asc',
    });
    if (options.apiVersion) params.set('api-version', options.apiVersion);
    return http.json(`${listUrl}?${params.toString()}`, uipathPlatformResponseSchema, {
      ...bearerAuth(tokens, signal),
      ...(extra.onHeaders ? { onHeaders: extra.onHeaders } : {}),
    });
  }

  async function probe(signal?: AbortSignal): Promise<ProbeResult> {
    const recorder = new ProbeRecorder(context.now);
    const evidence = new ReadEvidence(label, undefined, new Date(context.now()));
    const top = new PageSize(1000, 'top');
    const measured = await probePlatformAudit(
      (skip, count, order) =>
        count === 1000
          ? top.request(evidence, (asked) =>
              page(skip, asked, signal, { order, onHeaders: recorder.onHeaders }),
            )
          : page(skip, count, signal, { order, onHeaders: recorder.onHeaders }),
      { configuredPageSize: options.pageSize },
    );
    return {
      findings: [...measured.findings, recorder.clockFinding()],
      suggestedOptions: measured.suggestedOptions,
      requests: recorder.requests,
    };
  }

  // `top` as asked: the configured one, halved while the server refuses it (400).
  const pageSize = new PageSize(options.pageSize, 'top');

  const timeOf = (record: UipathPlatformRecord) => toEpochMs(record.createdOn);

  async function* read(request: ReadRequest): AsyncIterable<SourcePage> {
    const guard = new PageGuard(label, options.maxPages);
    const evidence = new ReadEvidence(label, request.start, request.end, http);
    // A read stopped mid-way resumes from the last record it delivered, in its direction.
    const after =
      typeof request.cursor?.after === 'string' ? Date.parse(request.cursor.after) : NaN;
    const before =
      typeof request.cursor?.before === 'string' ? Date.parse(request.cursor.before) : NaN;
    const lo = Number.isNaN(after) ? request.start?.getTime() : after;
    const hi = Number.isNaN(before) ? request.end.getTime() : before;
    const walk = offsetWalk<UipathPlatformRecord>({
      fetch: async (skip, top) => {
        const body =
          top === 1
            ? await page(skip, 1, request.signal)
            : await pageSize.request(evidence, (size) =>
                page(skip, Math.min(top, size), request.signal),
              );
        return { records: body.results, total: body.totalCount };
      },
      key: timeOf,
      // The walk tells records apart by the content id their event gets, hashed once per record
      // and handed back with it (a WeakMap cache of it cost ~7% of the read's CPU).
      identity: uipathPlatformRecordId,
      keyName: 'createdOn',
      requested: 'asc',
      ...(lo === undefined ? {} : { lo }),
      hi,
      pageSize: options.pageSize,
      evidence,
      guard,
    });
    let step = await walk.next();
    while (!step.done) {
      const { records, ids, direction } = step.value;
      const events = records.map((record, i) =>
        normalizeUipathPlatformRecord(record, sourceRef, ids[i]),
      );
      evidence.delivered(events.length);
      const last = events.at(-1)!.occurredAt;
      yield { events, cursor: direction === 'asc' ? { after: last } : { before: last } };
      step = await walk.next();
    }
    const end = step.value;
    yield {
      events: [],
      proof: evidence.prove(
        'offset-verified',
        `${end.pages} requests, every page overlapping the one before; ended ${end.reason === 'bound' ? 'at the first record past the window' : 'on a page holding nothing new'}${end.relocations > 0 ? `, after ${end.relocations} re-location(s)` : ''}`,
      ),
    };
  }

  async function check(signal?: AbortSignal): Promise<CheckResult> {
    const body = await page(0, 1, signal);
    const visible = body.totalCount ?? body.results.length;
    const granted = `token granted (${options.scope}); ${visible} audit records visible`;
    if (visible > 0 || !(await answersUnifiedAudit(signal))) return { ok: true, message: granted };
    return {
      ok: true,
      message:
        `${granted} in the classic audit log, but the organization answers the unified audit API ` +
        '(orgaudit_): it is on the unified audit experience (Admin → Audit logs), whose events ' +
        'the classic endpoint does not return; read them with a source of type ' +
        'uipath-unified-audit (same credentials; options.scope organization or tenant).',
    };
  }

  /** Whether the organization's unified audit API answers this token (one metadata request). */
  async function answersUnifiedAudit(signal?: AbortSignal): Promise<boolean> {
    const url = `${config.baseUrl}/${encodeURIComponent(options.organization)}/orgaudit_/api/query/sources`;
    try {
      await http.json(url, z.unknown(), bearerAuth(tokens, signal));
      return true;
    } catch {
      // Not on the unified experience, or not reachable with this token: say nothing of it.
      return false;
    }
  }

  async function downloadCsv(download: DownloadOptions = {}): Promise<AsyncIterable<Uint8Array>> {
    const unsupported = [
      download.start ? 'a start' : '',
      download.end ? 'an end' : '',
      Object.keys(download.filters ?? {}).length > 0 ? 'filters' : '',
    ].filter(Boolean);
    if (unsupported.length > 0) {
      throw new AuditRelayError({
        code: 'INPUT_INVALID',
        message: `${label}: the Platform Management download has no time filter or filters (${unsupported.join(', ')} given); it returns the newest \`size\` entries.`,
      });
    }
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
    probe,
    downloadCsv,
    close: async () => {
      if (dependencies.ownsTransport) await dependencies.transport.close?.();
    },
  };
}
