import { dirname, isAbsolute, resolve } from 'node:path';
import type { AuditSource } from '@auditrelay/core';
import { CliError } from '../cli-error.js';
import { EXIT_CODES } from '../exit-codes.js';
import { isAuditSourceLike, type SourceRegistration } from '../extension/registration.js';
import { findConfigFile, readConfigFile } from './config-file.js';
import { mergeDeep, parseSourceFlag } from './source-flags.js';

export interface LoadedSource {
  source: AuditSource;
  /** Sync options from config (built-in sources) or the definition (extensions), core defaults filled in. */
  options: {
    lagSeconds: number;
    overlapSeconds: number;
    startAt?: string;
    initialLookbackHours: number;
  };
}

export interface LoadSourcesOptions {
  configFlag?: string;
  sourceFlags?: string[];
  env: NodeJS.ProcessEnv;
  cwd?: string;
  /** Where warnings go (a shadowed user config). Default: stderr. */
  warn?: (message: string) => void;
  /** Extension source types, fetched lazily only when the config uses a type the core lacks. */
  extensionSources: () => Promise<Map<string, SourceRegistration & { plugin: string }>>;
}

export interface SourceEntries {
  configPath?: string;
  entries: Array<{ index: number; value: Record<string, unknown> }>;
}

function configError(message: string): CliError {
  return new CliError(message, { code: 'CONFIG_INVALID', exitCode: EXIT_CODES.config });
}

/** A relative `options.caFile` in a config file is relative to that file, not the shell. */
function relativeToConfig(
  value: Record<string, unknown>,
  configPath: string | undefined,
): Record<string, unknown> {
  const options = value.options as Record<string, unknown> | undefined;
  const caFile = options?.caFile;
  if (!configPath || typeof caFile !== 'string' || isAbsolute(caFile)) return value;
  return { ...value, options: { ...options, caFile: resolve(dirname(configPath), caFile) } };
}

/** Reads the config file and applies `--source` selections and inline overrides. */
export async function resolveSourceEntries(
  options: Omit<LoadSourcesOptions, 'extensionSources'>,
): Promise<SourceEntries> {
  const warn = options.warn ?? ((message) => process.stderr.write(`Warning: ${message}\n`));
  const path = findConfigFile(options.configFlag, options.env, options.cwd, warn);
  const file = path ? await readConfigFile(path) : undefined;
  const entries = (file?.sources ?? []).map((value, index) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw configError(
        `${path}: sources[${index}]: expected an object with id, type, baseUrl, credentials.`,
      );
    }
    return { index, value: value as Record<string, unknown> };
  });
  const selectors = (options.sourceFlags ?? []).map(parseSourceFlag);
  for (const selector of selectors) {
    if (selector.kind !== 'inline') continue;
    const existing = entries.find((entry) => entry.value.id === selector.id);
    if (existing) existing.value = mergeDeep(existing.value, selector.values);
    else entries.push({ index: entries.length, value: selector.values });
  }
  let selected = entries;
  if (selectors.length > 0) {
    const wanted = new Set(selectors.map((s) => s.id));
    const known = new Set(entries.map((e) => String(e.value.id)));
    const missing = [...wanted].filter((id) => !known.has(id));
    if (missing.length > 0) {
      throw configError(
        `Unknown source${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')}${path ? ` in ${path}` : ' (no config file found)'}; configured: ${[...known].join(', ') || 'none'}.`,
      );
    }
    selected = entries.filter((entry) => wanted.has(String(entry.value.id)));
  }
  if (selected.length === 0) {
    throw configError(
      path
        ? `${path}: no sources configured.`
        : 'No config file found (./auditrelay.config.yaml, $XDG_CONFIG_HOME/auditrelay/config.yaml) and no --source given. Run `auditlogs sources --help` for the format.',
    );
  }
  return { configPath: path, entries: selected };
}

/**
 * Validates the selected sources (built-in types through the core's schema, extension types
 * through their registration) and builds them. Every problem is reported at once, naming the file,
 * the source and the field; secrets are never echoed.
 */
export async function loadSources(
  options: LoadSourcesOptions,
): Promise<{ configPath?: string; sources: LoadedSource[] }> {
  const { configPath, entries } = await resolveSourceEntries(options);
  const core = await import('@auditrelay/core');
  const where = configPath ?? '--source';
  const problems: string[] = [];
  const sources: LoadedSource[] = [];
  let extensions: Map<string, SourceRegistration & { plugin: string }> | undefined;
  for (const { index, value } of entries) {
    const label = `sources[${index}]${typeof value.id === 'string' ? ` (id "${value.id}")` : ''}`;
    const type = value.type;
    if (typeof type === 'string' && !core.isBuiltInSourceType(type)) {
      extensions ??= await options.extensionSources();
      const registration = extensions.get(type);
      if (!registration) {
        const available = [...core.SOURCE_TYPES, ...extensions.keys()].join(', ');
        problems.push(
          `${where}: ${label}.type: unknown source type "${type}" (available: ${available})`,
        );
        continue;
      }
      try {
        const source = await registration.create(value as never, {
          env: options.env,
          configDir: configPath ? dirname(configPath) : process.cwd(),
        });
        if (!isAuditSourceLike(source))
          throw new Error(
            `the ${registration.plugin} plugin returned something that is not a source`,
          );
        // The core's sync defaults, as for built-in sources, unless the definition sets its own.
        sources.push({ source, options: core.resolveSyncSettings(registration.sync) });
      } catch (error) {
        problems.push(
          `${where}: ${label}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      continue;
    }
    try {
      const config = core.parseSourceConfig(relativeToConfig(value, configPath), {
        env: options.env,
      });
      sources.push({
        source: core.createSource(config, { env: options.env }),
        options: config.options,
      });
    } catch (error) {
      if (error instanceof core.ValidationError) {
        for (const issue of error.issues)
          problems.push(
            `${where}: ${label}${issue.path === '(root)' ? '' : `.${issue.path}`}: ${issue.message}`,
          );
      } else throw error;
    }
  }
  if (problems.length > 0) {
    await Promise.all(sources.map(({ source }) => source.close()));
    throw configError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  return { configPath, sources };
}
