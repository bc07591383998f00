import type { AuditEvent, AuditSource, HttpTransport, SyncSettings } from '@auditrelay/core';
import type { Interfaces } from '@oclif/core';
import { z } from 'zod/v4';

/** The custom oclif hook through which other plugins add source types and output formats. */
export const REGISTER_HOOK = 'auditlogs:register-sources';
/** Registrations declare the API version they were written for; others are refused. */
export const EXTENSION_API_VERSION = 1;

/** A source config entry of an extension type, as written in the config file. */
export interface ExtensionSourceConfig {
  id: string;
  type: string;
  name?: string;
  baseUrl?: string;
  credentials?: Record<string, unknown>;
  options?: Record<string, unknown>;
}

export interface ExtensionContext {
  /** Resolve `{ env: NAME }` / `env:NAME` secret references like built-in sources do. */
  env: Record<string, string | undefined>;
  /** The directory of the config file, for relative paths. */
  configDir: string;
  /** A shared HTTP transport, if the extension wants one. */
  transport?: HttpTransport;
}

/**
 * Adds a source type: the core's `defineSource({ type, description, create, sync? })` result (the
 * same contract as built-in sources and Backstage modules), or this shape written by hand.
 * `create` returns an object with the core's AuditSource shape.
 */
export interface SourceRegistration {
  apiVersion: 1;
  kind: 'source';
  /** The `type` value in config, e.g. `acme-audit`; must not clash with built-in types. */
  type: string;
  description: string;
  /** Sync settings of this type; unset ones take the core's `SYNC_DEFAULTS`, as built-ins do. */
  sync?: Partial<SyncSettings>;
  create(
    config: ExtensionSourceConfig,
    context: ExtensionContext,
  ): AuditSource | Promise<AuditSource>;
}

/** Line-oriented output: `start` once, `event` per event, `end` once (each may return ''). */
export interface EventFormatter {
  start(): string;
  event(event: AuditEvent): string;
  end(): string;
}

/** Adds an output format for `--format`. */
export interface FormatRegistration {
  apiVersion: 1;
  kind: 'format';
  /** The `--format` value, e.g. `splunk-hec`. */
  id: string;
  description: string;
  create(options: { raw: boolean }): EventFormatter;
}

export type Registration = SourceRegistration | FormatRegistration;

/** Typed hook map for extension authors: `Hook<'auditlogs:register-sources', AuditlogsHooks>`. */
export interface AuditlogsHooks extends Interfaces.Hooks {
  'auditlogs:register-sources': {
    options: { apiVersion: number };
    return: Registration[] | Registration | undefined;
  };
}

const fn = z.custom<(...args: never[]) => unknown>(
  (value) => typeof value === 'function',
  'expected a function',
);
const name = z
  .string()
  .regex(/^[a-z][a-z0-9-]{1,62}$/, 'expected lower-case letters, digits and "-"');

const registrationSchema = z.discriminatedUnion('kind', [
  z.object({
    apiVersion: z.literal(EXTENSION_API_VERSION),
    kind: z.literal('source'),
    type: name,
    description: z.string().min(1),
    sync: z
      .object({
        lagSeconds: z.number().int().min(0).optional(),
        overlapSeconds: z.number().int().min(0).optional(),
        initialLookbackHours: z.number().positive().optional(),
        startAt: z.iso.datetime({ offset: true }).optional(),
      })
      .optional(),
    create: fn,
  }),
  z.object({
    apiVersion: z.literal(EXTENSION_API_VERSION),
    kind: z.literal('format'),
    id: name,
    description: z.string().min(1),
    create: fn,
  }),
]);

export interface ValidatedRegistrations {
  sources: Map<string, SourceRegistration & { plugin: string }>;
  formats: Map<string, FormatRegistration & { plugin: string }>;
  /** Human-readable problems: refused registrations and failing hooks. */
  warnings: string[];
}

/**
 * Validates registrations by shape, never by `instanceof` (an extension may bring its own copy of
 * the core). Bad ones are dropped with a warning naming the plugin.
 */
export function validateRegistrations(
  results: Array<{ plugin: string; result: unknown }>,
  reserved: { sources: readonly string[]; formats: readonly string[] },
): ValidatedRegistrations {
  const out: ValidatedRegistrations = { sources: new Map(), formats: new Map(), warnings: [] };
  for (const { plugin, result } of results) {
    const list =
      result === undefined ? [] : Array.isArray(result) ? (result as unknown[]) : [result];
    for (const entry of list) {
      const parsed = registrationSchema.safeParse(entry);
      if (!parsed.success) {
        const version = (entry as { apiVersion?: unknown } | null)?.apiVersion;
        const reason =
          version !== EXTENSION_API_VERSION
            ? `apiVersion ${JSON.stringify(version)} is not supported (this plugin speaks ${EXTENSION_API_VERSION})`
            : parsed.error.issues
                .map((i) => `${i.path.join('.') || '(registration)'}: ${i.message}`)
                .join('; ');
        out.warnings.push(`Ignored a registration from ${plugin}: ${reason}.`);
        continue;
      }
      const registration = entry as Registration;
      if (registration.kind === 'source') {
        if (reserved.sources.includes(registration.type) || out.sources.has(registration.type)) {
          out.warnings.push(
            `Ignored source type "${registration.type}" from ${plugin}: the type is already taken.`,
          );
        } else out.sources.set(registration.type, { ...registration, plugin });
      } else if (reserved.formats.includes(registration.id) || out.formats.has(registration.id)) {
        out.warnings.push(
          `Ignored format "${registration.id}" from ${plugin}: the format is already taken.`,
        );
      } else out.formats.set(registration.id, { ...registration, plugin });
    }
  }
  return out;
}

/** Checks that what an extension's `create` returned can be used as a source. */
export function isAuditSourceLike(value: unknown): value is AuditSource {
  const source = value as Partial<AuditSource> | null;
  return (
    typeof source === 'object' &&
    source !== null &&
    typeof source.id === 'string' &&
    typeof source.type === 'string' &&
    typeof source.read === 'function' &&
    typeof source.check === 'function' &&
    typeof source.close === 'function' &&
    typeof source.capabilities === 'object'
  );
}
