import type { AuditSource } from '@auditrelay/core';
import { createExtensionPoint } from '@backstage/backend-plugin-api';

/** How a source's incremental sync reads (the core's `sync` options, in config units). */
export interface AuditLogSyncSettings {
  /** Read up to `now − lagSeconds`. Default 60. */
  lagSeconds?: number;
  /** Re-read this much before the last watermark. Default 300. */
  overlapSeconds?: number;
  /** Where the first sync starts (ISO instant). */
  startAt?: string;
  /** How far back the first sync reaches without `startAt`. Default 24. */
  initialLookbackHours?: number;
}

/** A source built from one `auditLogs.sources[]` entry. */
export interface CreatedAuditLogSource {
  source: AuditSource;
  sync?: AuditLogSyncSettings;
}

/**
 * A source type a backend module adds (the built-in types come from `@auditrelay/core`).
 * The plugin calls `create` once per configured source at startup.
 */
export interface AuditLogSourceType {
  /** The value of `type` in config, e.g. `acme-admin-audit`. Must not clash with another type. */
  type: string;
  /**
   * Validates one config entry (everything except the plugin's own `schedule` key) and builds the
   * source. Throw an error whose message names the offending field under `context.path`
   * (e.g. `auditLogs.sources[2].credentials.apiKey: …`) and never contains a secret.
   */
  create(config: unknown, context: { path: string }): CreatedAuditLogSource;
}

export interface AuditLogsSourceTypesExtensionPoint {
  addSourceType(...types: AuditLogSourceType[]): void;
}

/** Where backend modules add source types to the `audit-logs` plugin. */
export const auditLogsSourceTypesExtensionPoint =
  createExtensionPoint<AuditLogsSourceTypesExtensionPoint>({ id: 'audit-logs.source-types' });
