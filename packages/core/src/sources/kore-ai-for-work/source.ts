import { AuditRelayError } from '../../errors/auditrelay-error.js';
import type { SourceConfig } from '../../config/source-config.js';
import type { Sleep } from '../../http/abort.js';
import type { HttpTransport } from '../../http/transport.js';
import type { AuditEvent } from '../../models/audit-event.js';
import { koreErrorMessage } from '../kore-shared/kore-error.js';
import type { AuditSource, CheckResult, ReadRequest, SourcePage } from '../source.js';
import { createSourceContext, type SourceDependencies } from '../source-context.js';
import { PageGuard } from '../page-guard.js';
import { normalizeAiForWorkRecord } from './normalize.js';
import { aiForWorkResponseSchema } from './response-schema.js';

export type KoreAiForWorkConfig = Extract<SourceConfig, { type: 'kore-ai-for-work' }>;

export const AI_FOR_WORK_FILTERS = ['entity', 'entityId', 'userId', 'emailId', 'action'] as const;

/** Clock-rounding slack when checking that logs fall inside the requested window. */
const WINDOW_TOLERANCE_MS = 1000;

/** Counts that look like a server-side cap even below the configured one. */
const SUSPICIOUS_COUNTS = new Set([100, 200, 250, 500, 1000, 2000, 2500, 5000, 10_000]);

/**
 * Kore.ai AI for Work audit logs. The API has no paging, so reads walk bounded windows oldest
 * first and split any window whose answer looks capped. Neighbouring windows share their boundary
 * instant (the API's inclusiveness is undocumented); the duplicates this yields are dropped by id.
 */
export function createKoreAiForWorkSource(
  config: KoreAiForWorkConfig,
  dependencies: SourceDependencies & { transport: HttpTransport; sleep: Sleep },
): AuditSource {
  const context = createSourceContext(config, dependencies, { errorMessage: koreErrorMessage });
  const { http, label } = context;
  const sourceRef = { type: config.type, id: config.id };
  const endpoint = `${config.baseUrl}/api/public/auditlogs`;
  const requestOptions = (signal?: AbortSignal) => ({
    signal,
    headers: { 'content-type': 'application/json' },
    auth: () => Promise.resolve({ auth: config.credentials.apiKey }),
  });

  function looksCapped(count: number): boolean {
    return count >= config.options.responseCap || SUSPICIOUS_COUNTS.has(count);
  }

  async function fetchWindow(start: number, end: number, request: ReadRequest, guard: PageGuard) {
    const params = new URLSearchParams();
    for (const name of AI_FOR_WORK_FILTERS) {
      const value = request.filters?.[name];
      if (value) params.set(name, value);
    }
    params.set('startTime', new Date(start).toISOString());
    params.set('endTime', new Date(end).toISOString());
    guard.beforeRequest(params.toString());
    const body = await http.json(
      `${endpoint}?${params.toString()}`,
      aiForWorkResponseSchema,
      requestOptions(request.signal),
    );
    // Without paging, the window is the only thing that moves: an answer outside it means the
    // API ignored the time filter (or repeated itself), and trusting it would hide a gap.
    const stray = body.logs.find((log) => {
      const time = Date.parse(log.cOn);
      return !(time >= start - WINDOW_TOLERANCE_MS && time <= end + WINDOW_TOLERANCE_MS);
    });
    if (stray) {
      throw new AuditRelayError({
        code: 'RESPONSE_INVALID',
        message: `${label}: log ${stray._id} (cOn ${stray.cOn}) is outside the requested window ${new Date(start).toISOString()} .. ${new Date(end).toISOString()}; the API did not apply startTime/endTime.`,
      });
    }
    return body.logs;
  }

  async function* read(request: ReadRequest): AsyncIterable<SourcePage> {
    const guard = new PageGuard(label, config.options.maxPages);
    const windowMs = config.options.windowMinutes * 60_000;
    const resumeFrom =
      typeof request.cursor?.doneUntil === 'number' ? request.cursor.doneUntil : undefined;
    const endMs = request.end.getTime();
    let startMs = resumeFrom ?? request.start?.getTime() ?? endMs - windowMs;
    // A stack of pending windows, oldest on top, so output stays in time order.
    while (startMs <= endMs) {
      const windowEnd = Math.min(endMs, startMs + windowMs);
      const pending: Array<[number, number]> = [[startMs, windowEnd]];
      while (pending.length > 0) {
        const [from, to] = pending.pop()!;
        const logs = await fetchWindow(from, to, request, guard);
        if (looksCapped(logs.length) && to > from) {
          if (to - from < 2 * config.options.minWindowMs) {
            throw new AuditRelayError({
              code: 'LIMIT_EXCEEDED',
              message: `${label}: ${logs.length} logs in ${to - from} ms (${new Date(from).toISOString()}), at the response cap; the window cannot be split further. Raise options.responseCap if the API returns more.`,
            });
          }
          const middle = from + Math.floor((to - from) / 2);
          pending.push([middle, to], [from, middle]);
          continue;
        }
        const events: AuditEvent[] = logs
          .map((record) => normalizeAiForWorkRecord(record, sourceRef))
          .sort((a, b) =>
            a.occurredAt < b.occurredAt
              ? -1
              : a.occurredAt > b.occurredAt
                ? 1
                : a.id < b.id
                  ? -1
                  : 1,
          );
        yield { events, cursor: { doneUntil: to } };
      }
      if (windowEnd >= endMs) return;
      startMs = windowEnd;
    }
  }

  async function check(signal?: AbortSignal): Promise<CheckResult> {
    const end = context.now();
    const params = new URLSearchParams({
      startTime: new Date(end - 60_000).toISOString(),
      endTime: new Date(end).toISOString(),
    });
    await http.json(
      `${endpoint}?${params.toString()}`,
      aiForWorkResponseSchema,
      requestOptions(signal),
    );
    return { ok: true, message: 'personal API key accepted' };
  }

  return {
    id: config.id,
    type: config.type,
    name: config.name ?? config.id,
    capabilities: {
      persistentCursor: false,
      timeSlicing: true,
      filters: AI_FOR_WORK_FILTERS,
      download: false,
    },
    read,
    check,
    close: async () => {
      if (dependencies.ownsTransport) await dependencies.transport.close?.();
    },
  };
}
