// `@auditrelay/core/portable`: everything that runs without Node.js built-ins, timers, env or
// files — for hosts that bring their own HTTP and clock (n8n nodes bundle this entry). The package
// root adds the Node defaults (undici transport, timer sleep, process.env).
import type { ParseSourceConfigOptions } from './config/source-config.js';
import { parseSourceConfig } from './config/source-config.js';
import { refuseTransportOptions } from './config/transport-options.js';
import type { Sleep } from './http/abort.js';
import type { HttpTransport } from './http/transport.js';
import { createSourceWithTransport } from './sources/create-source.js';
import type { AuditSource } from './sources/source.js';
import type { SourceDependencies } from './sources/source-context.js';

export interface PortableSourceOptions extends SourceDependencies, ParseSourceConfigOptions {
  transport: HttpTransport;
  sleep: Sleep;
}

/** Validates a source config and builds the source on the host's transport and clock. */
export function createPortableSource(config: unknown, options: PortableSourceOptions): AuditSource {
  const parsed = parseSourceConfig(config, options);
  refuseTransportOptions(parsed, {
    path: options.path,
    why: 'not supported by @auditrelay/core/portable (the host brings its own HTTP and reads no files)',
  });
  return createSourceWithTransport(parsed, options);
}

export {
  parseSourceConfig,
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
  SOURCE_DEFINITIONS,
  SOURCE_TYPES,
  endpointOptionsOf,
  formOptionsOf,
  isBuiltInSourceType,
  sourceDefinition,
  type BuiltInSourceType,
} from './sources/registry.js';
export {
  SOURCE_API_VERSION,
  defineSource,
  filterFlag,
  isSourceDefinition,
  type CredentialKind,
  type ExtensionContext,
  type FilterChoice,
  type FilterDefinition,
  type FormOptionDefinition,
  type SourceDefinition,
  type SourceConfigExample,
  type SourceDefinitionCapabilities,
  type SourceSpec,
} from './sources/define-source.js';
export { SYNC_DEFAULTS, resolveSyncSettings, type SyncSettings } from './sync/sync-defaults.js';

export {
  ACTIVITIES,
  AUDIT_EVENT_SCHEMA_VERSION,
  OUTCOMES,
  type Activity,
  type AuditEvent,
  type AuditEventChange,
  type Outcome,
} from './models/audit-event.js';
export { parseCheckpoint, type Checkpoint, type SourceCursor } from './models/checkpoint.js';

export {
  toEcs,
  toOcsf,
  ECS_VERSION,
  OCSF_VERSION,
  type EcsDocument,
  type OcsfEvent,
} from './mappings/index.js';
export {
  fetchEvents,
  type FetchProgress,
  type FetchQuery,
  type FetchStream,
} from './sync/fetch-events.js';
export { sync, type SyncBatch, type SyncOptions, type SyncStream } from './sync/sync.js';
export {
  describeReport,
  type CompletenessReport,
  type CompletenessStatus,
} from './completeness/report.js';
export type {
  BehaviourCode,
  DetectedBehaviour,
  ProofMethod,
  ReadProof,
  ReadWindow,
} from './completeness/proof.js';
export { IncompleteReadError } from './completeness/read-evidence.js';
export {
  probeSource,
  type ProbeFinding,
  type ProbeReport,
  type ProbeResult,
} from './completeness/probe.js';
export { syncWithConfig, syncWithSettings } from './sync/sync-source.js';
export { parseTimeInput, TIME_INPUT_FORMS, type TimeInputOptions } from './time-input/index.js';

export type { Sleep } from './http/abort.js';
export type { HttpTransport, TransportRequest, TransportResponse } from './http/transport.js';
export type { RetryInfo, RetryPolicyOptions } from './http/retry-policy.js';
export { RateLimiter, type RateLimiterOptions, type RateWindow } from './http/rate-limiter.js';
export { Redactor } from './http/redactor.js';
export {
  CSV_COLUMNS,
  EVENT_FORMATS,
  EVENT_RECORD_SHAPES,
  createEventFormat,
  toEventRecord,
  csvField,
  guardCsvFormula,
  type EventFormat,
  type EventFormatName,
  type EventFormatOptions,
  type EventRecordShape,
} from './formats/index.js';

export {
  AuditRelayError,
  ERROR_CODES,
  ERROR_TABLE,
  HttpError,
  errorCodeInfo,
  ValidationError,
  type AuditRelayErrorOptions,
  type ErrorCode,
  type ErrorCodeInfo,
  type FieldIssue,
} from './errors/index.js';
