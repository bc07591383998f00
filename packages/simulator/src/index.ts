export { startSimulator } from './simulator.js';
export { DEFAULT_CREDENTIALS, DEFAULT_COUNTS, DEFAULT_RATE_LIMITS, VENDORS } from './defaults.js';
export type {
  AiForWorkBehavior,
  AppendOptions,
  AutoAppendOptions,
  DataSpan,
  FaultBehavior,
  FaultController,
  FaultKind,
  FaultSpec,
  GroundTruthQuery,
  KoreXoBehavior,
  OrchestratorBehavior,
  RandomFaultOptions,
  RateLimitConfig,
  RequestLogEntry,
  RetryAfterMode,
  RouteKind,
  Simulator,
  SimulatorBehavior,
  SimulatorCredentials,
  SimulatorCredentialsInput,
  SimulatorOptions,
  UiPathBehavior,
  UiPathPlatformBehavior,
  VendorId,
} from './types.js';
export type { KoreXoRecord } from './vendors/kore-xo.js';
export type { AiForWorkRecord } from './vendors/ai-for-work.js';
export type { UiPathPlatformRecord } from './vendors/uipath-platform.js';
export type { AuditLogDto, AuditLogEntityDto } from './vendors/orchestrator.js';
