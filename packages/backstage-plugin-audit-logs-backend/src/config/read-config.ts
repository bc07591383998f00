import {
  AuditRelayError,
  SOURCE_TYPES,
  type ValidationError,
  createSource,
  parseSourceConfig,
  sync,
  syncWithConfig,
  type AuditSource,
  type Checkpoint,
  type SyncBatch,
} from '@auditrelay/core';
import type { AuditLogSourceType } from '@auditrelay/backstage-plugin-audit-logs-node';
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
  sync(checkpoint: Checkpoint | undefined, signal: AbortSignal): AsyncIterable<SyncBatch>;
}

export interface AuditLogsConfig {
  sources: ConfiguredSource[];
  retentionDays: number;
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
  const retentionDays =
    config.getOptionalNumber('auditLogs.retentionDays') ?? DEFAULT_RETENTION_DAYS;
  if (!Number.isFinite(retentionDays) || retentionDays < 0)
    throw new AuditLogsConfigError([
      { path: 'auditLogs.retentionDays', message: 'expected a number of days ≥ 0' },
    ]);
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
  if (issues.length > 0) {
    // Close what was built before failing.
    for (const source of sources) void source.source.close();
    throw new AuditLogsConfigError(issues);
  }
  return { sources, retentionDays };
}

function buildSource(
  entry: JsonObject,
  path: string,
  extraTypes: ReadonlyMap<string, AuditLogSourceType>,
): Omit<ConfiguredSource, 'schedule'> {
  const type = entry.type;
  if (typeof type === 'string' && (SOURCE_TYPES as readonly string[]).includes(type)) {
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
  const { source, sync: settings = {} } = extension.create(entry, { path });
  const credentials = isObject(entry.credentials) ? Object.values(entry.credentials) : [];
  return {
    id: source.id,
    type: source.type,
    name: source.name,
    source,
    secrets: credentials.filter((value): value is string => typeof value === 'string'),
    sync: (checkpoint, signal) =>
      sync(source, checkpoint, {
        signal,
        ...(settings.lagSeconds !== undefined ? { lagMs: settings.lagSeconds * 1000 } : {}),
        ...(settings.overlapSeconds !== undefined
          ? { overlapMs: settings.overlapSeconds * 1000 }
          : {}),
        ...(settings.startAt ? { startAt: settings.startAt } : {}),
        ...(settings.initialLookbackHours !== undefined
          ? { initialLookbackMs: settings.initialLookbackHours * 3_600_000 }
          : {}),
      }),
  };
}
