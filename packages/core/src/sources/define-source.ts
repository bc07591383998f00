import type { RateWindow } from '../http/rate-limiter.js';
import type { HttpTransport } from '../http/transport.js';
import type { AuditEvent } from '../models/audit-event.js';
import { resolveSyncSettings, type SyncSettings } from '../sync/sync-defaults.js';
import type { AuditSource } from './source.js';

/** The version of the source contract; hosts refuse definitions of another one. */
export const SOURCE_API_VERSION = 1;

/**
 * How a source authenticates. Hosts map a kind to their own credential store (n8n: one credential
 * type per kind), so a new source with a known kind needs nothing new in a host.
 */
export type CredentialKind =
  /** Kore.ai XO app: client id and secret, signed into a short-lived JWT. */
  | 'kore-xo-jwt-app'
  /** Kore.ai personal API key, sent as a header. */
  | 'kore-api-key'
  /** UiPath External Application: OAuth2 client credentials. */
  | 'uipath-client-credentials';

/** A vendor filter a source understands; hosts offer one input per filter. */
export interface FilterDefinition {
  /** The key in `SourceFilters` (and in the vendor's query). */
  name: string;
  /** A short label for forms, e.g. `Entity ID`. */
  label: string;
  /** One line: what the filter keeps. */
  description: string;
  /** The value's kind; every vendor filter so far is a string. */
  type: 'string';
  /** The command-line flag (without `--`). Default: `name` in kebab-case. */
  flag?: string;
  /** An example value for forms. */
  placeholder?: string;
  /** Several values allowed, comma-separated (`Orchestrator,Apps`). */
  multiple?: boolean;
  /**
   * The vendor lists the values (`AuditSource.filterChoices`): forms offer them (n8n loads them),
   * and names typed by hand are resolved against them.
   */
  choices?: 'vendor';
}

/** One value a vendor offers for a filter (`AuditSource.filterChoices`). */
export interface FilterChoice {
  /** What people read, e.g. `Orchestrator`. */
  name: string;
  /** What the filter takes (the name too when names are resolved by the source). */
  value: string;
  description?: string;
}

/**
 * An option people choose per use of a source, beside the endpoint the credential holds, e.g. the
 * unified audit's `scope` (organization or tenant): hosts with forms ask for it (n8n: a dropdown).
 * It is an enum of the config schema; `formOptionsOf` adds its values and default.
 */
export interface FormOptionDefinition {
  /** The option's name in the config (`options.<name>`). */
  name: string;
  /** A short label for forms, e.g. `Scope`. */
  label: string;
  /** One line: what choosing a value changes. */
  description: string;
}

/** A config entry as users write it (secrets as `env:NAME`), shown in hosts' help and docs. */
export interface SourceConfigExample {
  /** A short id, e.g. `uipath-unified`. */
  id: string;
  baseUrl: string;
  credentials: Record<string, string>;
  options?: Record<string, string | number | boolean>;
}

/** What hosts may rely on before building a source (the built source repeats them). */
export interface SourceDefinitionCapabilities {
  /** The source has a bulk CSV download. */
  download: boolean;
  /** The API filters by time, so reads can be sliced into windows and run in parallel. */
  timeSlicing: boolean;
  /** The cursor stays valid across windows (an id keyset over all records). */
  persistentCursor: boolean;
}

/** What an extension source gets from the host that builds it (as the oclif hook always gave). */
export interface ExtensionContext {
  /** Resolve `{ env: NAME }` / `env:NAME` secret references like built-in sources do. */
  env: Record<string, string | undefined>;
  /** The directory of the config file, for relative paths. */
  configDir?: string;
  /** Where the entry sits in the host's config, e.g. `auditLogs.sources[2]`, for error messages. */
  path?: string;
  /** A shared HTTP transport, if the host has one. */
  transport?: HttpTransport;
}

/**
 * Everything the core and its hosts know about one source type. Built-in types live in
 * `sources/<vendor>/definition.ts`; extensions (oclif plugins, Backstage modules) use the same
 * contract through `defineSource`.
 */
export interface SourceDefinition<Config = never, Context = ExtensionContext> {
  readonly apiVersion: typeof SOURCE_API_VERSION;
  readonly kind: 'source';
  /** The `type` value in config, e.g. `kore-ai-for-work`. */
  readonly type: string;
  /** The vendor's name, e.g. `Kore.ai` (OCSF `metadata.product.vendor_name`, ECS `observer.vendor`). */
  readonly vendor: string;
  /** The product's name, e.g. `AI for Work`. */
  readonly product: string;
  /** Vendor and product for menus, e.g. `Kore.ai AI for Work`. */
  readonly displayName: string;
  /** One line: what the source reads and how it authenticates. */
  readonly description: string;
  /** How it authenticates (built-in kinds); an extension may leave it out. */
  readonly credentialKind?: CredentialKind;
  /**
   * Options that identify the endpoint beside `baseUrl` (organization, tenant): hosts that keep the
   * endpoint in a credential ask for these there.
   */
  readonly endpointOptions: readonly string[];
  /** A config entry for help texts and docs (the CLI's `sources --help`). */
  readonly example?: SourceConfigExample;
  /**
   * The vendor's names of the record fields behind `category` and `action` (e.g. `eventSource`,
   * `eventType`), for docs that map them.
   */
  readonly recordFields?: { category: string; action: string };
  /** Options chosen per use in a form, beside the endpoint options (see `FormOptionDefinition`). */
  readonly formOptions: readonly FormOptionDefinition[];
  readonly filters: readonly FilterDefinition[];
  readonly capabilities: SourceDefinitionCapabilities;
  /** Sync settings for this type, the core's `SYNC_DEFAULTS` filled in. */
  readonly sync: SyncSettings;
  /** The client-side rate budget the vendor documents, if any. */
  readonly rateLimit?: readonly RateWindow[];
  /** Builds a source. Built-ins take a validated config and a transport; extensions a raw entry. */
  create(config: Config, context: Context): AuditSource | Promise<AuditSource>;
  /** Vendor record → `AuditEvent` (built-in sources). */
  readonly normalize?: (record: never, source: { type: string; id: string }) => AuditEvent;
}

/** What an author writes; every field with a default may be left out. */
export type SourceSpec<Config, Context> = Omit<
  SourceDefinition<Config, Context>,
  | 'apiVersion'
  | 'kind'
  | 'displayName'
  | 'vendor'
  | 'product'
  | 'endpointOptions'
  | 'formOptions'
  | 'filters'
  | 'capabilities'
  | 'sync'
> & {
  vendor?: string;
  product?: string;
  displayName?: string;
  endpointOptions?: readonly string[];
  formOptions?: readonly FormOptionDefinition[];
  filters?: readonly FilterDefinition[];
  capabilities?: Partial<SourceDefinitionCapabilities>;
  sync?: Partial<SyncSettings>;
};

/**
 * Declares a source type: one contract for the built-in sources, oclif plugins (return it from the
 * `auditlogs:register-sources` hook) and Backstage modules (`addSourceType`). Fills in the defaults
 * (sync settings from `SYNC_DEFAULTS`, no filters, no download) and freezes the result.
 */
export function defineSource<Config = unknown, Context = ExtensionContext>(
  spec: SourceSpec<Config, Context>,
): SourceDefinition<Config, Context> {
  const definition: SourceDefinition<Config, Context> = {
    ...spec,
    apiVersion: SOURCE_API_VERSION,
    kind: 'source',
    vendor: spec.vendor ?? spec.type,
    product: spec.product ?? spec.type,
    displayName:
      spec.displayName ?? ([spec.vendor, spec.product].filter(Boolean).join(' ') || spec.type),
    endpointOptions: Object.freeze([...(spec.endpointOptions ?? [])]),
    formOptions: Object.freeze(
      (spec.formOptions ?? []).map((option) => Object.freeze({ ...option })),
    ),
    filters: Object.freeze([...(spec.filters ?? [])]),
    capabilities: Object.freeze({
      download: false,
      timeSlicing: false,
      persistentCursor: false,
      ...spec.capabilities,
    }),
    sync: Object.freeze(resolveSyncSettings(spec.sync)),
  };
  return Object.freeze(definition);
}

/** The command-line flag of a filter: its `flag`, else its name in kebab-case. */
export function filterFlag(filter: FilterDefinition): string {
  return filter.flag ?? filter.name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

/** Recognizes a definition by shape (an extension may bring its own copy of the core). */
export function isSourceDefinition(value: unknown): value is SourceDefinition<unknown, unknown> {
  const candidate = value as Partial<SourceDefinition<unknown, unknown>> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    candidate.kind === 'source' &&
    candidate.apiVersion === SOURCE_API_VERSION &&
    typeof candidate.type === 'string' &&
    typeof candidate.create === 'function' &&
    typeof candidate.sync === 'object' &&
    candidate.sync !== null
  );
}
