/** How a source's incremental sync reads, in config units. */
export interface SyncSettings {
  /** Read up to `now − lagSeconds`, giving the vendor time to make late writes visible. */
  lagSeconds: number;
  /** Re-read this much before the last watermark and drop what was already delivered. */
  overlapSeconds: number;
  /** How far back the first sync reaches when no `startAt` is set (the first window). */
  initialLookbackHours: number;
  /** Where the first sync starts, as an ISO instant; overrides `initialLookbackHours`. */
  startAt?: string;
}

/**
 * The one set of sync defaults: built-in configs, `sync()` itself and every host (CLI, n8n,
 * Backstage; built-in and extension sources alike) take them from here.
 */
export const SYNC_DEFAULTS: Readonly<Omit<SyncSettings, 'startAt'>> = Object.freeze({
  lagSeconds: 60,
  overlapSeconds: 300,
  initialLookbackHours: 24,
});

/** Settings with the core's defaults filled in (undefined fields fall back, set ones win). */
export function resolveSyncSettings(settings: Partial<SyncSettings> = {}): SyncSettings {
  return {
    lagSeconds: settings.lagSeconds ?? SYNC_DEFAULTS.lagSeconds,
    overlapSeconds: settings.overlapSeconds ?? SYNC_DEFAULTS.overlapSeconds,
    initialLookbackHours: settings.initialLookbackHours ?? SYNC_DEFAULTS.initialLookbackHours,
    ...(settings.startAt ? { startAt: settings.startAt } : {}),
  };
}
