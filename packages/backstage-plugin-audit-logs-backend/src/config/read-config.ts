import {
  AuditRelayError,
  SOURCE_TYPES,
  type ValidationError,
  createSource,
  isBuiltInSourceType,
  isSourceDefinition,
  parseSourceConfig,
  syncWithConfig,
  syncWithSettings,
  type AuditSource,
  type Checkpoint,
  type ExtensionContext,
  type SourceDefinition,
  type SyncStream,
} from '@auditrelay/core';
import type {
  AuditLogSourceType,
  AuditLogSyncSettings,
} from '@auditrelay/backstage-plugin-audit-logs-node';
import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  type RootConfigService,
  type SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';

/** One source ready to ingest. */
export interface ConfiguredSource {
  id: string;
  type: string;
  name: string;
  source: AuditSource;
  schedule: SchedulerServiceTaskScheduleDefinition;
  /** Secrets of this source, to scrub from anything stored or shown. */
  secrets: string[];
  /** One sync run; its `report` says how the run showed completeness. */
  sync(checkpoint: Checkpoint | undefined, signal: AbortSignal): SyncStream;
}

/** How long events are kept: `days` for every source, `sources[id]` overrides; 0 keeps all. */
export interface RetentionConfig {
  days: number;
  sources: Record<string, number>;
}

export interface AuditLogsConfig {
  sources: ConfiguredSource[];
  retention: RetentionConfig;
  /** Deprecated keys in use, to log at startup. */
  deprecations: string[];
}

/** The retention of one source in days; undefined when it keeps everything. */
export function retentionDaysOf(retention: RetentionConfig, sourceId: string): number | undefined {
  const days = retention.sources[sourceId] ?? retention.days;
  return days > 0 ? days : undefined;
}

const DEFAULT_SCHEDULE = {
  frequency: { minutes: 5 },
  timeout: { minutes: 10 },
  initialDelay: { seconds: 5 },
};
const DEFAULT_RETENTION_DAYS = 90;
const PREFIX = 'auditLogs.sources';

/** A bad `auditLogs` config: the message names every offending key. Stops the backend. */
export class AuditLogsConfigError extends Error {
  constructor(readonly issues: { path: string; message: string }[]) {
    super(
      `Invalid audit-logs config: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`,
    );
    this.name = 'AuditLogsConfigError';
  }
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readSchedule(
  path: string,
  ...layers: (JsonObject | undefined)[]
): SchedulerServiceTaskScheduleDefinition {
  const merged = Object.assign({}, DEFAULT_SCHEDULE, ...layers.filter(Boolean)) as JsonObject;
  try {
    const schedule = readSchedulerServiceTaskScheduleDefinitionFromConfig(
      new ConfigReader(merged, path),
    );
    // Replicas sharing a database must never run a source twice at once.
    return { ...schedule, scope: 'global' };
  } catch (error) {
    throw new AuditLogsConfigError([
      { path, message: error instanceof Error ? error.message : String(error) },
    ]);
  }
}

function errorIssues(error: unknown, path: string): { path: string; message: string }[] {
  // isInstance holds across two installed copies of the core.
  if (AuditRelayError.isInstance(error) && 'issues' in error)
    return (error as ValidationError).issues;
  if (error instanceof AuditLogsConfigError) return error.issues;
  return [{ path, message: error instanceof Error ? error.message : String(error) }];
}

/**
 * Reads `auditLogs` from app-config and builds every source. Built-in types are validated by
 * `@auditrelay/core`, module types by their `create`. Throws `AuditLogsConfigError` naming each
 * bad key, so a wrong entry stops startup instead of failing later.
 */
export function readAuditLogsConfig(
  config: RootConfigService,
  extraTypes: ReadonlyMap<string, AuditLogSourceType> = new Map(),
): AuditLogsConfig {
  const deprecations: string[] = [];
  const retention = readRetention(config, deprecations);
  const globalSchedule = config.getOptional('auditLogs.schedule');
  if (globalSchedule !== undefined && !isObject(globalSchedule))
    throw new AuditLogsConfigError([{ path: 'auditLogs.schedule', message: 'expected an object' }]);
  const raw = config.getOptional(PREFIX) ?? [];
  if (!Array.isArray(raw))
    throw new AuditLogsConfigError([{ path: PREFIX, message: 'expected a list of sources' }]);

  const issues: { path: string; message: string }[] = [];
  const sources: ConfiguredSource[] = [];
  const seen = new Set<string>();
  raw.forEach((entry, index) => {
    const path = `${PREFIX}[${index}]`;
    if (!isObject(entry)) {
      issues.push({ path, message: 'expected an object' });
      return;
    }
    const { schedule: ownSchedule, ...sourceConfig } = entry;
    try {
      if (ownSchedule !== undefined && !isObject(ownSchedule))
        throw new AuditLogsConfigError([
          { path: `${path}.schedule`, message: 'expected an object' },
        ]);
      const schedule = readSchedule(`${path}.schedule`, globalSchedule, ownSchedule);
      const built = buildSource(sourceConfig, path, extraTypes);
      if (seen.has(built.id))
        issues.push({ path: `${path}.id`, message: `duplicate source id "${built.id}"` });
      seen.add(built.id);
      sources.push({ ...built, schedule });
    } catch (error) {
      issues.push(...errorIssues(error, path));
    }
  });
  for (const id of Object.keys(retention.sources))
    if (!seen.has(id))
      issues.push({
        path: `auditLogs.retention.sources.${id}`,
        message: `no configured source has the id "${id}"`,
      });
  if (issues.length > 0) {
    // Close what was built before failing.
    for (const source of sources) void source.source.close();
    throw new AuditLogsConfigError(issues);
  }
  return { sources, retention, deprecations };
}

function days(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
    throw new AuditLogsConfigError([
      { path, message: 'expected a number of days ≥ 0 (0 keeps all)' },
    ]);
  return value;
}

function readRetention(config: RootConfigService, deprecations: string[]): RetentionConfig {
  const legacy = config.getOptional('auditLogs.retentionDays');
  const block = config.getOptional('auditLogs.retention');
  if (block !== undefined && !isObject(block))
    throw new AuditLogsConfigError([
      { path: 'auditLogs.retention', message: 'expected an object' },
    ]);
  if (legacy !== undefined) {
    if (block?.days !== undefined)
      throw new AuditLogsConfigError([
        {
          path: 'auditLogs.retentionDays',
          message: 'deprecated, and auditLogs.retention.days is set too: keep only retention.days',
        },
      ]);
    deprecations.push(
      'auditLogs.retentionDays is deprecated: use auditLogs.retention.days (same meaning)',
    );
  }
  const result: RetentionConfig = {
    days:
      block?.days !== undefined
        ? days(block.days, 'auditLogs.retention.days')
        : legacy !== undefined
          ? days(legacy, 'auditLogs.retentionDays')
          : DEFAULT_RETENTION_DAYS,
    sources: {},
  };
  const perSource = block?.sources;
  if (perSource !== undefined) {
    if (!isObject(perSource))
      throw new AuditLogsConfigError([
        { path: 'auditLogs.retention.sources', message: 'expected an object of source id → days' },
      ]);
    for (const [id, value] of Object.entries(perSource))
      result.sources[id] = days(value, `auditLogs.retention.sources.${id}`);
  }
  return result;
}

function buildSource(
  entry: JsonObject,
  path: string,
  extraTypes: ReadonlyMap<string, AuditLogSourceType>,
): Omit<ConfiguredSource, 'schedule'> {
  const type = entry.type;
  if (isBuiltInSourceType(type)) {
    const parsed = parseSourceConfig(entry, { path, env: process.env });
    const source = createSource(parsed);
    return {
      id: source.id,
      type: source.type,
      name: source.name,
      source,
      secrets: Object.values(parsed.credentials),
      sync: (checkpoint, signal) => syncWithConfig(source, parsed, checkpoint, { signal }),
    };
  }
  const extension = typeof type === 'string' ? extraTypes.get(type) : undefined;
  if (!extension) {
    const known = [...SOURCE_TYPES, ...extraTypes.keys()].join(', ');
    throw new AuditLogsConfigError([
      {
        path: `${path}.type`,
        message: `unknown source type ${JSON.stringify(type)} (expected one of ${known})`,
      },
    ]);
  }
  const { source, settings } = createExtensionSource(extension, entry, path);
  const credentials = isObject(entry.credentials) ? Object.values(entry.credentials) : [];
  return {
    id: source.id,
    type: source.type,
    name: source.name,
    source,
    secrets: credentials.filter((value): value is string => typeof value === 'string'),
    // Unset settings take the core's SYNC_DEFAULTS, as built-in sources do.
    sync: (checkpoint, signal) => syncWithSettings(source, settings, checkpoint, { signal }),
  };
}

/** Builds a source of a module's type: a `defineSource` definition or a hand-written factory. */
function createExtensionSource(
  extension: AuditLogSourceType,
  entry: JsonObject,
  path: string,
): { source: AuditSource; settings: AuditLogSyncSettings } {
  if (!isSourceDefinition(extension)) {
    const { source, sync: settings = {} } = extension.create(entry, { path });
    return { source, settings };
  }
  const definition = extension as SourceDefinition<unknown, ExtensionContext>;
  const source: unknown = definition.create(entry, {
    path,
    env: process.env,
    configDir: process.cwd(),
  });
  if (
    source instanceof Promise ||
    typeof (source as { then?: unknown } | null)?.then === 'function'
  )
    throw new AuditLogsConfigError([
      {
        path: `${path}.type`,
        message: `the "${extension.type}" source type returned a promise; a Backstage module's definition must return the source itself`,
      },
    ]);
  return { source: source as AuditSource, settings: extension.sync };
}
