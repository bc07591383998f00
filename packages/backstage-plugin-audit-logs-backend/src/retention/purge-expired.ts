import type { LoggerService } from '@backstage/backend-plugin-api';
import { retentionDaysOf, type RetentionConfig } from '../config/read-config.js';
import type { AuditLogStore } from '../store/audit-log-store.js';

/** The scheduler task that purges expired events (global: one replica runs it at a time). */
export const RETENTION_TASK_ID = 'audit-logs:retention';

/**
 * Deletes, per source (configured or only left in the database), the events older than its
 * retention, in small batches. Stops between batches when the task is aborted.
 */
export async function purgeExpired(options: {
  store: AuditLogStore;
  retention: RetentionConfig;
  configuredIds: string[];
  logger: LoggerService;
  signal?: AbortSignal;
  now?: () => number;
}): Promise<Record<string, number>> {
  const { store, retention, logger, signal } = options;
  const now = options.now ?? Date.now;
  const ids = new Set([...options.configuredIds, ...(await store.knownSourceIds())]);
  const deleted: Record<string, number> = {};
  for (const id of ids) {
    if (signal?.aborted) break;
    const days = retentionDaysOf(retention, id);
    if (days === undefined) continue;
    const n = await store.purgeSource(id, new Date(now() - days * 86_400_000), {
      ...(signal ? { signal } : {}),
    });
    deleted[id] = n;
    if (n > 0) logger.info(`Retention: deleted ${n} events of "${id}" older than ${days} days`);
  }
  return deleted;
}
