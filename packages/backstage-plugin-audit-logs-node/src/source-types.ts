import type {
  AuditSource,
  ExtensionContext,
  SourceDefinition,
  SyncSettings,
} from '@auditrelay/core';
import { createExtensionPoint } from '@backstage/backend-plugin-api';

/**
 * How a source's incremental sync reads (the core's `sync` options, in config units). Unset
 * fields take the core's `SYNC_DEFAULTS` (lag 60 s, overlap 300 s, first window 24 h), the same
 * defaults as built-in sources and every other host.
 */
export type AuditLogSyncSettings = Partial<SyncSettings>;

/** A source built from one `auditLogs.sources[]` entry. */
export interface CreatedAuditLogSource {
  source: AuditSource;
  sync?: AuditLogSyncSettings;
}

/**
 * A source type a backend module adds (the built-in types come from `@auditrelay/core`): the
 * core's `defineSource(...)` result (the one contract of built-in sources, oclif plugins and this
 * extension point; its `create` gets `{ path, env, configDir }` and must return the source itself,
 * not a promise), or the factory shape below. The plugin calls `create` once per configured source
 * at startup.
 */
export type AuditLogSourceType = AuditLogSourceFactory | SourceDefinition<never, ExtensionContext>;

/** A source type written by hand: `create` returns the source and its sync settings. */
export interface AuditLogSourceFactory {
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
