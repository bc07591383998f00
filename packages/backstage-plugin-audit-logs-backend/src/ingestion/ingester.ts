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
      for await (const batch of readAhead(run)) {
        // Events and the checkpoint that covers them commit together.
        const result = await this.store.storeBatch(id, type, batch.events, batch.checkpoint);
        stored += batch.events.length;
        batches++;
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
