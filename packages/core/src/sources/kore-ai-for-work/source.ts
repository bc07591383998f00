import { AuditRelayError } from '../../errors/auditrelay-error.js';
import type { KoreAiForWorkConfig } from './config.js';
import type { Sleep } from '../../http/abort.js';
import type { HttpTransport } from '../../http/transport.js';
import type { AuditEvent } from '../../models/audit-event.js';
import { koreErrorMessage } from '../kore-shared/kore-error.js';
import type { AuditSource, CheckResult, ReadRequest, SourcePage } from '../source.js';
import { createSourceContext, type SourceDependencies } from '../source-context.js';
import { PageGuard } from '../paging/page-guard.js';
import { askWhileOutsideBounds, REPLAYED_ANSWER_ATTEMPTS } from '../paging/replayed-answer.js';
import { splitWindows, type ObservedCap, type WindowAnswer } from '../paging/window-split.js';
import { ReadEvidence } from '../../completeness/read-evidence.js';
import type { AiForWorkRecord } from './response-schema.js';
import { ProbeRecorder, type ProbeResult } from '../../completeness/probe.js';
import { probeAiForWork } from './probe.js';
import { normalizeAiForWorkRecord } from './normalize.js';
import { loadHtmlToText } from '../../normalize/html-text.js';
import { AI_FOR_WORK_FILTERS } from './filters.js';
import { aiForWorkResponseSchema } from './response-schema.js';

export type { KoreAiForWorkConfig } from './config.js';

export { AI_FOR_WORK_FILTERS } from './filters.js';

/** The broad window whose answer size tells the least the server's cap can be. */
const CALIBRATION_MS = 90 * 86_400_000;

const byTimeThenId = (a: AuditEvent, b: AuditEvent) =>
  a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : a.id < b.id ? -1 : 1;

/**
 * Kore.ai AI for Work audit logs. The API has no paging and cuts answers short at a count it does
 * not document, so reads walk bounded windows oldest first and split any window whose answer may
 * have been cut (see `splitWindows`). Each request asks one millisecond more on both sides, so the
 * undocumented inclusiveness of `startTime`/`endTime` does not matter; the margin is filtered out.
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
  // What this source has learnt about the server's cap, kept across reads (or measured by probe).
  const cap: ObservedCap = { largest: config.options.responseCap ?? 0 };

  async function fetchWindow(
    from: number,
    to: number,
    {
      request,
      guard,
      evidence,
    }: { request: ReadRequest; guard: PageGuard; evidence: ReadEvidence },
    /** How much wider than the window the request asks, in ms (another margin, another URL). */
    margin = 1,
  ): Promise<WindowAnswer<AiForWorkRecord>> {
    const params = new URLSearchParams();
    for (const name of AI_FOR_WORK_FILTERS) {
      const value = request.filters?.[name];
      if (value) params.set(name, value);
    }
    params.set('startTime', new Date(from - margin).toISOString());
    params.set('endTime', new Date(to + margin).toISOString());
    // Without paging, the window is the only thing that moves: an answer outside it means the
    // API ignored the time filter, or a cache or proxy repeated another request's answer. The
    // latter passes: the window is asked again a few times before the API is taken to ignore it.
    const outside = (log: AiForWorkRecord) => {
      const time = Date.parse(log.cOn);
      return !(time >= from - margin && time <= to + margin);
    };
    const body = await askWhileOutsideBounds({
      ask: (attempt) => {
        if (attempt === 1) guard.beforeRequest(params.toString());
        else guard.count();
        return http.json(
          `${endpoint}?${params.toString()}`,
          aiForWorkResponseSchema,
          requestOptions(request.signal),
        );
      },
      stray: (answer) => answer.logs.find(outside),
      evidence,
      records: 'logs',
      fail: (stray) =>
        new AuditRelayError({
          code: 'RESPONSE_INVALID',
          message: `${label}: log ${stray._id} (cOn ${stray.cOn}) is outside the requested window ${new Date(from).toISOString()} .. ${new Date(to).toISOString()} in ${REPLAYED_ANSWER_ATTEMPTS} answers in a row; the API did not apply startTime/endTime.`,
        }),
    });
    const records = body.logs.filter((log) => {
      const time = Date.parse(log.cOn);
      return time >= from && time <= to;
    });
    return { records, received: body.logs.length };
  }

  async function* read(request: ReadRequest): AsyncIterable<SourcePage> {
    await loadHtmlToText();
    const guard = new PageGuard(label, config.options.maxPages);
    const windowMs = config.options.windowMinutes * 60_000;
    const endMs = request.end.getTime();
    const firstMs = request.start?.getTime() ?? endMs - windowMs;
    const resumeFrom =
      typeof request.cursor?.doneUntil === 'number' ? request.cursor.doneUntil + 1 : undefined;
    const evidence = new ReadEvidence(label, new Date(firstMs), request.end, http);
    const reading = { request, guard, evidence };
    let windows = 0;
    let doneUntil = resumeFrom === undefined ? firstMs - 1 : resumeFrom - 1;
    const split = (start: number, end: number, margin: number) =>
      splitWindows({
        start,
        end,
        fetch: (from, to) => fetchWindow(from, to, reading, margin),
        cap,
        evidence,
        identity: { key: (log) => log._id, time: (log) => Date.parse(log.cOn) },
        minWindowMs: config.options.minWindowMs,
        // On a small tenant the largest answer seen may be tiny: the known cap settles it.
        whenUnsplittable:
          'if you know the most records the API answers, set options.responseCap to it, or let `auditlogs probe --source ID --write` measure it',
        calibrate: async () => (await fetchWindow(endMs - CALIBRATION_MS, endMs, reading)).received,
      });
    const toPage = (records: AiForWorkRecord[], to: number): SourcePage => {
      const events = records.map((record) => normalizeAiForWorkRecord(record, sourceRef));
      events.sort(byTimeThenId);
      evidence.delivered(events.length);
      doneUntil = to;
      return { events, cursor: { doneUntil } };
    };

    /**
     * Empty windows, confirmed together. With no paging and no count, an empty answer is all that
     * shows a window empty, and a stale replica or a cache repeating another request's empty
     * answer looks the same. One query over the whole run of empty windows, asked with other
     * margins (another URL), must find nothing in it either; what it finds is read again.
     */
    async function* confirmEmpty(from: number, to: number): AsyncGenerator<SourcePage> {
      const answer = await fetchWindow(from, to, reading, 2);
      if (answer.records.length === 0) {
        yield toPage([], to);
        return;
      }
      evidence.saw(
        'end-disputed',
        `windows from ${new Date(from).toISOString()} to ${new Date(to).toISOString()} were answered empty, but a second query over them found ${answer.records.length} logs`,
      );
      // Its answer is the span's, when it cannot have been cut short (as for any window).
      cap.largest = Math.max(cap.largest, answer.received);
      if (answer.received <= 1 || answer.received < cap.largest) {
        yield toPage(answer.records, to);
        return;
      }
      // Else the span is read again by windows asked with yet other margins; the second query's
      // logs must all come back (answers that disagree cannot show the read complete).
      const found = new Set<string>();
      for await (const window of split(from, to, 3)) {
        for (const record of window.records) found.add(record._id);
        yield toPage(window.records, window.to);
      }
      const missing = answer.records.find((record) => !found.has(record._id));
      if (missing) {
        throw evidence.fail(
          `windows answered empty, then log ${missing._id} (cOn ${missing.cOn}) in a query over ${new Date(from).toISOString()} .. ${new Date(to).toISOString()}, and not when they were read again`,
        );
      }
    }

    let empty: { from: number; to: number } | undefined;
    for (let startMs = doneUntil + 1; startMs <= endMs; startMs += windowMs) {
      for await (const window of split(startMs, Math.min(endMs, startMs + windowMs - 1), 1)) {
        windows++;
        if (window.records.length === 0) {
          empty = { from: empty?.from ?? window.from, to: window.to };
          continue;
        }
        if (empty) yield* confirmEmpty(empty.from, empty.to);
        empty = undefined;
        yield toPage(window.records, window.to);
      }
    }
    if (empty) yield* confirmEmpty(empty.from, empty.to);
    yield {
      events: [],
      cursor: { doneUntil },
      proof: evidence.prove(
        'split-below-cap',
        `${windows} window${windows === 1 ? '' : 's'}, each answer empty (confirmed by a second query over every run of empty windows) or smaller than the largest the server has sent (${cap.largest})`,
      ),
    };
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

  async function probe(signal?: AbortSignal): Promise<ProbeResult> {
    const recorder = new ProbeRecorder(context.now);
    const measured = await probeAiForWork(
      async (from, to) => {
        const params = new URLSearchParams({
          startTime: new Date(from).toISOString(),
          endTime: new Date(to).toISOString(),
        });
        const body = await http.json(`${endpoint}?${params.toString()}`, aiForWorkResponseSchema, {
          ...requestOptions(signal),
          onHeaders: recorder.onHeaders,
        });
        return body.logs;
      },
      { now: context.now() },
    );
    // What was seen of the cap holds for this source's reads too.
    if (measured.suggestedOptions.responseCap)
      cap.largest = Math.max(cap.largest, measured.suggestedOptions.responseCap);
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
