// Test helpers for hosts and extensions: `@auditrelay/core/testing`.
import type { AuditEvent } from './models/audit-event.js';
import type { Checkpoint } from './models/checkpoint.js';
import type { SyncBatch } from './sync/sync.js';

/** Drains an async iterable into an array. */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

/** Runs a sync to the end, committing each checkpoint as a consumer would. */
export async function drainSync(
  batches: AsyncIterable<SyncBatch>,
): Promise<{ events: AuditEvent[]; checkpoint: Checkpoint | undefined }> {
  const events: AuditEvent[] = [];
  let checkpoint: Checkpoint | undefined;
  for await (const batch of batches) {
    events.push(...batch.events);
    checkpoint = batch.checkpoint;
  }
  return { events, checkpoint };
}

/** Dedupe keys that occur more than once. */
export function duplicateKeys(events: AuditEvent[]): string[] {
  const counts = new Map<string, number>();
  for (const event of events) counts.set(event.dedupeKey, (counts.get(event.dedupeKey) ?? 0) + 1);
  return [...counts].filter(([, count]) => count > 1).map(([key]) => key);
}
