// Reference source: the other sources follow the same shape (config, response schema, normalize,
// read loop). See CONTRIBUTING.md, "Add a source".
import { KORE_ADMIN_API_BUDGET } from '../../http/rate-limiter.js';
import { ValidationError } from '../../errors/validation-error.js';
import type { AuditSource, CheckResult, ReadRequest, SourcePage } from '../source.js';
import { createSourceContext, type SourceDependencies } from '../source-context.js';
import type { Sleep } from '../../http/abort.js';
import type { HttpTransport } from '../../http/transport.js';
import type { SourceConfig } from '../../config/source-config.js';
import { koreErrorMessage } from '../kore-shared/kore-error.js';
import { PageGuard } from '../page-guard.js';
import { KoreJwtSigner } from './jwt.js';
import { normalizeKoreXoRecord } from './normalize.js';
import { koreXoResponseSchema } from './response-schema.js';

export type KoreXoAdminConsoleConfig = Extract<SourceConfig, { type: 'kore-xo-admin-console' }>;

/**
 * Kore.ai XO "Get Admin Console Audit Logs". Walks a frozen `fromDate`/`toDate` window with the
 * `fetchAfter` keyset (offset 0); if the server turns out not to order by id, it finishes the
 * window with page numbers instead so nothing is skipped.
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
    const size = config.options.pageSize;
    const guard = new PageGuard(label, config.options.maxPages);
    let fetchAfter =
      typeof request.cursor?.fetchAfter === 'string' ? request.cursor.fetchAfter : undefined;
    let mode: 'keyset' | 'pages' = request.cursor?.page !== undefined ? 'pages' : 'keyset';
    let page = typeof request.cursor?.page === 'number' ? request.cursor.page : 0;
    for (;;) {
      const params = new URLSearchParams({
        size: String(size),
        offset: String(mode === 'keyset' ? 0 : page),
      });
      if (request.start) params.set('fromDate', request.start.toISOString());
      params.set('toDate', request.end.toISOString());
      if (fetchAfter) params.set('fetchAfter', fetchAfter);
      guard.beforeRequest(params.toString());
      const body = await http.json(
        `${endpoint}?${params.toString()}`,
        koreXoResponseSchema,
        requestOptions(request.signal),
      );
      const records = body.auditlogs;
      const ids = records.map((record) => record.AuditLogId);
      guard.afterPage(`${ids[0]}|${ids.at(-1)}|${ids.length}`, ids.length);
      const events = records.map((record) => normalizeKoreXoRecord(record, sourceRef));
      const last = ids.at(-1);
      const more = records.length > 0 && (records.length >= size || body.moreAvailable === true);
      if (
        mode === 'keyset' &&
        (!isStrictlyAscending(ids, fetchAfter) || insertedLate(records.at(-1)))
      ) {
        // The server orders by time, not id, and ids stopped following time (or the last record
        // was written late), so a keyset on it could skip records: page by number under the same
        // fetchAfter from here on (duplicates are dropped downstream).
        mode = 'pages';
        page = 0;
      }
      if (mode === 'keyset') fetchAfter = last ?? fetchAfter;
      else page++;
      const cursor: Record<string, string | number> = {};
      if (fetchAfter) cursor.fetchAfter = fetchAfter;
      if (mode === 'pages') cursor.page = page;
      yield { events, cursor, total: body.total ?? undefined };
      if (!more) return;
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

  return {
    id: config.id,
    type: config.type,
    name: config.name ?? config.id,
    capabilities: { persistentCursor: false, timeSlicing: true, filters: [], download: false },
    read,
    check,
    close: async () => {
      if (dependencies.ownsTransport) await dependencies.transport.close?.();
    },
  };
}

function isStrictlyAscending(ids: string[], after: string | undefined): boolean {
  let previous = after;
  for (const id of ids) {
    if (previous !== undefined && compareIds(id, previous) <= 0) return false;
    previous = id;
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
