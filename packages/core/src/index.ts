// Public API of @auditrelay/core. Named exports only; schemas stay internal unless a host needs one.
export { createSource, type CreateSourceOptions } from './create-source.js';
export { createSourceWithTransport } from './sources/create-source.js';
export {
  parseSourceConfig,
  parseSourceConfigs,
  sourceConfigSchema,
  type ParseSourceConfigOptions,
  type SourceConfig,
  type SourceConfigInput,
} from './config/source-config.js';
export type { Environment, SecretInput } from './config/secret.js';

export type {
  AuditSource,
  CheckResult,
  ReadRequest,
  SourceCapabilities,
  SourceFilters,
  SourcePage,
} from './sources/source.js';
export type { SourceDependencies } from './sources/source-context.js';
export {
  createKoreXoAdminConsoleSource,
  type KoreXoAdminConsoleConfig,
} from './sources/kore-xo-admin-console/source.js';
export {
  createKoreAiForWorkSource,
  AI_FOR_WORK_FILTERS,
  type KoreAiForWorkConfig,
} from './sources/kore-ai-for-work/source.js';
export {
  createUipathPlatformAuditSource,
  type DownloadOptions,
  type UipathPlatformAuditConfig,
  type UipathPlatformAuditSource,
} from './sources/uipath-platform-audit/source.js';
export { parseUipathAuditCsv } from './sources/uipath-platform-audit/download-csv.js';
export {
  createUipathOrchestratorSource,
  type UipathOrchestratorConfig,
} from './sources/uipath-orchestrator-odata/source.js';

export {
  ACTIVITIES,
  AUDIT_EVENT_SCHEMA_VERSION,
  OUTCOMES,
  SOURCE_TYPES,
  auditEventSchema,
  type Activity,
  type AuditEvent,
  type AuditEventChange,
  type BuiltInSourceType,
  type Outcome,
} from './models/audit-event.js';
export {
  CHECKPOINT_VERSION,
  parseCheckpoint,
  type Checkpoint,
  type SourceCursor,
} from './models/checkpoint.js';

export { fetchEvents, type FetchProgress, type FetchQuery } from './sync/fetch-events.js';
export { sync, type SyncBatch, type SyncOptions } from './sync/sync.js';
export { syncWithConfig } from './sync/sync-source.js';

export type { HttpTransport, TransportRequest, TransportResponse } from './http/transport.js';
export { createUndiciTransport, type UndiciTransportOptions } from './http/undici-transport.js';
export {
  RetryPolicy,
  parseRetryAfter,
  type RetryInfo,
  type RetryPolicyOptions,
} from './http/retry-policy.js';
export {
  KORE_ADMIN_API_BUDGET,
  RateLimiter,
  type RateLimiterOptions,
  type RateWindow,
} from './http/rate-limiter.js';
export { Redactor } from './http/redactor.js';

export {
  AuditRelayError,
  ERROR_CODES,
  HttpError,
  ValidationError,
  type AuditRelayErrorOptions,
  type ErrorCode,
  type FieldIssue,
} from './errors/index.js';
