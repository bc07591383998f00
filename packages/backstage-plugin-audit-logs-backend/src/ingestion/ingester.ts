import {
  Redactor,
  parseCheckpoint,
  type CompletenessReport,
  type SyncStream,
} from '@auditrelay/core';
import type { AuditLogSourceCompleteness } from '@auditrelay/backstage-plugin-audit-logs-common';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { ConfiguredSource } from '../config/read-config.js';
import type { AuditLogStore } from '../store/audit-log-store.js';
import { safeError } from './safe-error.js';

export interface IngestionResult {
  stored: number;
  batches: number;
  quarantined: number;
}

/**
 * The batches of `source`, each one's successor already being read while the consumer stores it:
 * reading (network, parsing, normalizing) and storing (the database) overlap instead of taking
 * turns. Order is kept and nothing is committed early: a batch's checkpoint is only stored with
 * it. An error of the read ahead surfaces when the consumer asks for that batch.
 */
export async function* readAhead<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  let next = iterator.next();
  try {
    for (;;) {
      const result = await next;
      if (result.done) return;
      next = iterator.next();
      // Handled where it is awaited; this only keeps Node from reporting it as unhandled meanwhile.
      next.catch(() => undefined);
      yield result.value;
    }
  } finally {
    // The consumer stopped early (an error storing): let the read in flight settle, then close.
    await next.catch(() => undefined);
    await iterator.return?.();
  }
}

/**
 * Reads `source` ahead of its consumer (up to about `limit` items' weight queued) and hands over
 * everything read so far as one group each time the consumer asks: while one group is stored,
 * the next pages are read, and the consumer then stores them together (one transaction instead
 * of one per page when storing is the slower side). Order is kept; a read error surfaces after
 * the items read before it.
 */
export async function* readAheadGrouped<T>(
  source: AsyncIterable<T>,
  weight: (item: T) => number,
  limit: number,
): AsyncGenerator<T[]> {
  const iterator = source[Symbol.asyncIterator]();
  const queue: T[] = [];
  let queued = 0;
  let done = false;
  let failure: { error: unknown } | undefined;
  let stopped = false;
  let wake: (() => void) | undefined;
  let resume: (() => void) | undefined;
  const pump = (async () => {
    try {
      while (!stopped) {
        while (queued >= limit && !stopped) await new Promise<void>((r) => (resume = r));
        if (stopped) break;
        const result = await iterator.next();
        if (result.done) break;
        queue.push(result.value);
        queued += weight(result.value);
        wake?.();
      }
    } catch (error) {
      failure = { error };
    } finally {
      done = true;
      wake?.();
    }
  })();
  try {
    for (;;) {
      if (queue.length === 0) {
        if (done) {
          if (failure) throw failure.error;
          return;
        }
        await new Promise<void>((r) => (wake = r));
        wake = undefined;
        continue;
      }
      const group = queue.splice(0);
      queued = 0;
      resume?.();
      resume = undefined;
      yield group;
    }
  } finally {
    // The consumer stopped early (an error storing): let the read in flight settle, then close.
    stopped = true;
    resume?.();
    await pump;
    await iterator.return?.();
  }
}

/** Events read ahead and stored together at most (about; one page may go over). */
export const GROUP_EVENTS = 5000;

/** Runs the core's incremental sync for one source, batch by batch, into the store. */
export class Ingester {
  constructor(
    private readonly store: AuditLogStore,
    private readonly logger: LoggerService,
  ) {}

  async run(
    configured: ConfiguredSource,
    signal: AbortSignal,
  ): Promise<IngestionResult | undefined> {
    const { id, type } = configured;
    await this.store.recordRunStart(id, type);
    const started = Date.now();
    let stored = 0;
    let batches = 0;
    let quarantined = 0;
    const redactor = new Redactor(configured.secrets);
    let run: SyncStream | undefined;
    try {
      const text = await this.store.getCheckpoint(id);
      const checkpoint = text ? parseCheckpoint(text) : undefined;
      run = configured.sync(checkpoint, signal);
      for await (const group of readAheadGrouped(run, (b) => b.events.length, GROUP_EVENTS)) {
        // The pages read while the last group was stored, as one batch: its events and the
        // checkpoint that covers them all (the last one) commit together.
        const events = group.length === 1 ? group[0]!.events : group.flatMap((b) => b.events);
        const result = await this.store.storeBatch(id, type, events, group.at(-1)!.checkpoint);
        stored += events.length;
        batches += group.length;
        quarantined += result.quarantined.length;
        // Server-side only: the database's reason (never a row value), redacted; ids escaped.
        for (const q of result.quarantined)
          this.logger.warn(
            redactor.redact(
              `Quarantined event ${JSON.stringify(q.eventId)} of ${type} "${id}" (dedupe key ${JSON.stringify(q.dedupeKey.slice(0, 120))}): ${q.code} ${JSON.stringify(q.message)}`,
            ),
          );
      }
      await this.store.recordRunSuccess(id, type, completenessOf(run.report, redactor));
      this.logger.info(
        `Ingested ${stored} events from ${type} "${id}" in ${batches} batches (${Date.now() - started} ms)${quarantined > 0 ? `, ${quarantined} quarantined` : ''}`,
      );
      return { stored, batches, quarantined };
    } catch (error) {
      const safe = safeError(error, redactor);
      await this.store.recordRunFailure(
        id,
        type,
        safe,
        run ? completenessOf(run.report, redactor) : undefined,
      );
      this.logger.warn(
        `Ingestion of ${type} "${id}" failed after ${stored} events: ${safe.code} ${safe.message}`,
      );
      return undefined;
    }
  }
}

/** The stored form of a run's report: its windows and behaviours, the error text scrubbed again. */
function completenessOf(
  report: CompletenessReport,
  redactor: Redactor,
): AuditLogSourceCompleteness {
  return {
    status: report.status,
    at: new Date().toISOString(),
    delivered: report.delivered,
    duplicatesDropped: report.duplicatesDropped,
    windows: report.windows.map((proof) => ({
      ...proof.window,
      delivered: proof.delivered,
      ...(proof.vendorCount !== undefined ? { vendorCount: proof.vendorCount } : {}),
      method: proof.method,
      detail: proof.detail,
    })),
    behaviours: report.behaviours.map(({ code, detail }) => ({ code, detail })),
    ...(report.error
      ? { error: { code: report.error.code, message: redactor.redact(report.error.message) } }
      : {}),
  };
}
