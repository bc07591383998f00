export { startSimulator } from './simulator.js';
export {
  DEFAULT_CREDENTIALS,
  DEFAULT_COUNTS,
  DEFAULT_RATE_LIMITS,
  SIMULATED_VENDORS,
  VENDORS,
} from './defaults.js';
export { BEHAVIOR_SWITCHES } from './behavior-switches.js';
export {
  simulatorSourceConfig,
  simulatorSourceConfigs,
  simulatorSourceEnv,
  type SimulatorSourceConfig,
  type SimulatorSourceOverrides,
} from './source-configs.js';
export type {
  BehaviorSection,
  BehaviorSwitch,
  SwitchDomain,
  SwitchValue,
} from './behavior-switches.js';
export {
  DOCUMENTED_PROFILE,
  behaviorFromSwitchValues,
  describeProfile,
  drawProfile,
  nonDefaultSwitches,
} from './profiles.js';
export type {
  AiForWorkBehavior,
  AppendOptions,
  AutoAppendOptions,
  AutoPurgeOptions,
  DataSpan,
  EffectiveBehavior,
  FaultBehavior,
  FaultController,
  FaultKind,
  FaultSpec,
  GroundTruthQuery,
  KoreXoBehavior,
  OrchestratorBehavior,
  ProfileOption,
  RandomFaultOptions,
  RateLimitConfig,
  RequestLogEntry,
  RetryAfterMode,
  RouteKind,
  SimulatedVendorId,
  Simulator,
  SimulatorBehavior,
  SimulatorCredentials,
  SimulatorCredentialsInput,
  SimulatorOptions,
  UiPathBehavior,
  UiPathPlatformBehavior,
  UiPathUnifiedBehavior,
  VendorId,
} from './types.js';
export type { KoreXoRecord } from './vendors/kore-xo.js';
export type { AiForWorkRecord } from './vendors/ai-for-work.js';
export type { UiPathPlatformRecord } from './vendors/uipath-platform.js';
export type { AuditLogDto, AuditLogEntityDto } from './vendors/orchestrator.js';
export type { UiPathUnifiedEvent } from './vendors/uipath-unified/data.js';
export type { SourceTree as UiPathUnifiedSourceTree } from './vendors/uipath-unified/catalog.js';
