import type { SourceConfig } from '../config/source-config.js';
import type { Checkpoint } from '../models/checkpoint.js';
import type { AuditSource } from '../sources/source.js';
import { sync, type SyncOptions, type SyncStream } from './sync.js';

/** `sync` with lag, overlap and start taken from the source's config options. */
export function syncWithConfig(
  source: AuditSource,
  config: Pick<SourceConfig, 'options'>,
  checkpoint?: Checkpoint | string | null,
  options: Omit<SyncOptions, 'lagMs' | 'overlapMs' | 'startAt' | 'initialLookbackMs'> = {},
): SyncStream {
  const { lagSeconds, overlapSeconds, startAt, initialLookbackHours } = config.options;
  return sync(source, checkpoint, {
    ...options,
    lagMs: lagSeconds * 1000,
    overlapMs: overlapSeconds * 1000,
    ...(startAt ? { startAt } : {}),
    initialLookbackMs: initialLookbackHours * 3_600_000,
  });
}
