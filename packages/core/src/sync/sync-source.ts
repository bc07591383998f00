import type { SourceConfig } from '../config/source-config.js';
import type { Checkpoint } from '../models/checkpoint.js';
import type { AuditSource } from '../sources/source.js';
import { sync, type SyncOptions, type SyncStream } from './sync.js';
import { resolveSyncSettings, type SyncSettings } from './sync-defaults.js';

type RunOptions = Omit<SyncOptions, 'lagMs' | 'overlapMs' | 'startAt' | 'initialLookbackMs'>;

/**
 * `sync` with lag, overlap, start and first window in config units; unset ones take the core's
 * `SYNC_DEFAULTS` (the same for built-in and extension sources in every host).
 */
export function syncWithSettings(
  source: AuditSource,
  settings: Partial<SyncSettings>,
  checkpoint?: Checkpoint | string | null,
  options: RunOptions = {},
): SyncStream {
  const { lagSeconds, overlapSeconds, startAt, initialLookbackHours } =
    resolveSyncSettings(settings);
  return sync(source, checkpoint, {
    ...options,
    lagMs: lagSeconds * 1000,
    overlapMs: overlapSeconds * 1000,
    ...(startAt ? { startAt } : {}),
    initialLookbackMs: initialLookbackHours * 3_600_000,
  });
}

/** `sync` with lag, overlap, start and filters (`options.filters`) taken from the source's config. */
export function syncWithConfig(
  source: AuditSource,
  config: Pick<SourceConfig, 'options'>,
  checkpoint?: Checkpoint | string | null,
  options: RunOptions = {},
): SyncStream {
  const filters = options.filters ?? config.options.filters;
  return syncWithSettings(source, config.options, checkpoint, {
    ...options,
    ...(filters ? { filters } : {}),
  });
}
