import { z } from 'zod/v4';
import { ValidationError, type FieldIssue } from '../errors/validation-error.js';
import { resolveSecret, secretSchema, type Environment, type SecretInput } from './secret.js';
import type { ResolvedConfig } from './base-config.js';
import { SOURCE_DEFINITIONS } from '../sources/registry.js';

type SchemasOf<T extends readonly unknown[]> = {
  -readonly [K in keyof T]: T[K] extends { configSchema: infer Schema } ? Schema : never;
};
type ConfigSchemas = SchemasOf<typeof SOURCE_DEFINITIONS>;

/**
 * One schema for a source, shared by every host: `{ id, type, baseUrl, credentials, options }`,
 * the union of every registered definition's schema.
 */
export const sourceConfigSchema = z.discriminatedUnion(
  'type',
  SOURCE_DEFINITIONS.map((definition) => definition.configSchema) as unknown as ConfigSchemas,
);

/** A source config as written by the user (secrets may be env references, options optional). */
export type SourceConfigInput = z.input<typeof sourceConfigSchema>;
/** A validated source config: defaults applied, secrets resolved to strings. */
export type SourceConfig = ResolvedConfig<z.output<typeof sourceConfigSchema>>;

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

function checkTransportSecurity(
  config: z.output<typeof sourceConfigSchema>,
  prefix: string,
): FieldIssue[] {
  const urls: Array<[string, string | undefined]> = [
    ['baseUrl', config.baseUrl],
    // A token URL receives the client secret: the same rule as the API it unlocks.
    ['options.tokenUrl', 'tokenUrl' in config.options ? config.options.tokenUrl : undefined],
  ];
  const issues: FieldIssue[] = [];
  for (const [field, value] of urls) {
    if (value === undefined) continue;
    const message = insecureUrlProblem(value, config.options.allowInsecureHttp);
    if (message) issues.push({ path: `${prefix}${field}`, message });
  }
  return issues;
}

/** https anywhere; plain http only on loopback or with allowInsecureHttp. */
function insecureUrlProblem(value: string, allowInsecureHttp: boolean): string | undefined {
  const url = new URL(value);
  if (url.protocol === 'https:') return undefined;
  if (url.protocol !== 'http:') return `expected an https:// URL, got ${url.protocol}`;
  if (LOOPBACK.test(url.hostname) || allowInsecureHttp) return undefined;
  return 'plain http:// is only allowed for loopback hosts; use https:// or set options.allowInsecureHttp';
}

function secretProblems(
  credentials: Record<string, unknown>,
  env: Environment,
  prefix: string,
): FieldIssue[] {
  const problems: FieldIssue[] = [];
  for (const [key, value] of Object.entries(credentials)) {
    const parsed = secretSchema.safeParse(value);
    if (!parsed.success) continue;
    const resolved = resolveSecret(parsed.data, env);
    if ('error' in resolved)
      problems.push({ path: `${prefix}credentials.${key}`, message: resolved.error });
  }
  return problems;
}

export interface ParseSourceConfigOptions {
  /** Where env references are looked up. From the package root: `process.env` by default. */
  env?: Environment;
  /** Prefix for field paths in errors, e.g. `sources[2]` or `auditLogs.sources[0]`. */
  path?: string;
}

/**
 * Validates one source config, applies defaults and resolves secrets. Throws a ValidationError
 * naming every bad field (`sources[1].credentials.clientSecret: …`), never echoing a secret.
 */
export function parseSourceConfig(
  input: unknown,
  options: ParseSourceConfigOptions = {},
): SourceConfig {
  const prefix = options.path ? `${options.path}.` : '';
  const env = options.env ?? {};
  const result = sourceConfigSchema.safeParse(input);
  if (!result.success) {
    // Report unresolvable secrets in the same pass, so one run shows every problem.
    const schemaError = ValidationError.fromZod(result.error, { prefix: options.path ?? '' });
    const raw = (input as { credentials?: unknown } | null)?.credentials;
    const secretIssues =
      typeof raw === 'object' && raw !== null
        ? secretProblems(raw as Record<string, unknown>, env, prefix)
        : [];
    throw new ValidationError([...schemaError.issues, ...secretIssues], {
      context: 'Invalid source config',
    });
  }
  const config = result.data;
  const issues = checkTransportSecurity(config, prefix);
  const credentials: Record<string, string> = {};
  for (const [key, value] of Object.entries(
    config.credentials as Record<string, SecretInput | undefined>,
  )) {
    if (value === undefined) continue;
    const resolved = resolveSecret(value, env);
    if ('error' in resolved)
      issues.push({ path: `${prefix}credentials.${key}`, message: resolved.error });
    else credentials[key] = resolved.value;
  }
  if (issues.length > 0) throw new ValidationError(issues, { context: 'Invalid source config' });
  return { ...config, credentials } as SourceConfig;
}

/** Validates a list of sources; ids must be unique. */
export function parseSourceConfigs(
  input: unknown,
  options: ParseSourceConfigOptions = {},
): SourceConfig[] {
  const base = options.path ?? 'sources';
  if (!Array.isArray(input)) {
    throw new ValidationError([{ path: base, message: 'expected an array of sources' }]);
  }
  const configs: SourceConfig[] = [];
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  input.forEach((entry, index) => {
    const path = `${base}[${index}]`;
    try {
      const config = parseSourceConfig(entry, { ...options, path });
      if (seen.has(config.id))
        issues.push({ path: `${path}.id`, message: `duplicate source id "${config.id}"` });
      seen.add(config.id);
      configs.push(config);
    } catch (error) {
      if (error instanceof ValidationError) issues.push(...error.issues);
      else throw error;
    }
  });
  if (issues.length > 0) throw new ValidationError(issues, { context: 'Invalid source config' });
  return configs;
}
