import type {
  ICredentialDataDecryptedObject,
  INodeCredentialDescription,
  INodePropertyOptions,
} from 'n8n-workflow';
import {
  createPortableSource,
  endpointOptionsOf,
  formOptionsOf,
  parseSourceConfig,
  Redactor,
  SOURCE_DEFINITIONS,
  SOURCE_TYPES,
  sourceDefinition,
  type AuditSource,
  type BuiltInSourceType,
  type CredentialKind,
} from '@auditrelay/core/portable';
import {
  createN8nTransport,
  createSleep,
  CREDENTIAL_PLACEHOLDER,
  PLACEHOLDER_TOKEN_URL,
  type RequestContext,
} from './transport';

/** A source type the node offers: every type of the core's registry. */
export type SourceType = BuiltInSourceType;

/** The source dropdown: one option per registered type, alphabetical as n8n wants. */
export const SOURCE_OPTIONS: INodePropertyOptions[] = SOURCE_DEFINITIONS.map((definition) => ({
  name: definition.displayName,
  value: definition.type,
  description: definition.description,
})).sort((a, b) => a.name.localeCompare(b.name));

/**
 * The n8n credential type of each credential kind, and where the endpoint comes from in it: its
 * URL field, by core option name the field holding each endpoint option, and whether n8n's OAuth2
 * credential mints the tokens. A source with a kind listed here needs nothing else in this package.
 */
export const CREDENTIALS_BY_KIND: Record<
  CredentialKind,
  {
    name: string;
    /** The credential class's `displayName`, for messages. */
    displayName: string;
    baseUrl: string;
    options: Record<string, string>;
    oauth2?: true;
  }
> = {
  'kore-xo-jwt-app': {
    name: 'koreAiXoApi',
    displayName: 'Kore.ai XO API',
    baseUrl: 'host',
    options: {},
  },
  'kore-api-key': {
    name: 'koreAiForWorkApi',
    displayName: 'Kore.ai AI for Work API',
    baseUrl: 'host',
    options: {},
  },
  'uipath-client-credentials': {
    name: 'uiPathOAuth2Api',
    displayName: 'UiPath OAuth2 API',
    oauth2: true,
    baseUrl: 'baseUrl',
    options: {
      organization: 'organization',
      tenant: 'tenant',
      partitionGlobalId: 'organizationId',
    },
  },
};

/** The credential type each source authenticates with. */
export const CREDENTIAL_TYPES = Object.fromEntries(
  SOURCE_DEFINITIONS.map((definition) => [
    definition.type,
    CREDENTIALS_BY_KIND[definition.credentialKind].name,
  ]),
) as Record<SourceType, string>;

/** The node's `credentials`: each credential type, shown for the sources that use it. */
export const NODE_CREDENTIALS: INodeCredentialDescription[] = [
  ...new Set(Object.values(CREDENTIAL_TYPES)),
].map((name) => ({
  name,
  required: true,
  displayOptions: {
    show: { source: SOURCE_TYPES.filter((type) => CREDENTIAL_TYPES[type] === name) },
  },
}));

/** Where a core config field comes from, in the words the n8n UI uses. */
export const FIELD_LABELS: Record<string, string> = {
  baseUrl: 'credential field "Host" / "Base URL"',
  'options.organization': 'credential field "Organization"',
  'options.tenant': 'credential field "Tenant"',
  'options.partitionGlobalId': 'credential field "Organization ID"',
  from: 'parameter "Start Time"',
  to: 'parameter "End Time"',
  limit: 'parameter "Limit"',
  concurrency: 'parameter "Parallel Requests"',
  // The form options (parameters beside the credential), e.g. `parameter "Scope"`.
  ...Object.fromEntries(
    SOURCE_DEFINITIONS.flatMap((definition) => definition.formOptions).map((option) => [
      `options.${option.name}`,
      `parameter "${option.label}"`,
    ]),
  ),
};

/** Reads a node parameter (each kind of n8n context has its own signature). */
export type ParameterReader = (name: string, fallback: unknown) => unknown;

/**
 * The form options of a type as the node's parameters set them, each only when it differs from
 * the schema's default: a read with the default builds the same config (and trigger key) as one
 * made before the option was offered.
 */
export function formValuesOf(
  sourceType: SourceType,
  read: ParameterReader,
): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const option of formOptionsOf(sourceDefinition(sourceType))) {
    const value = read(option.name, option.default);
    if (value !== undefined && value !== null && value !== '' && value !== option.default) {
      values[option.name] = value;
    }
  }
  return values;
}

const SOURCE_ID = 'n8n';
const TIMEOUT_MS = 30_000;

export interface OpenedSource {
  source: AuditSource;
  /** Removes every secret of the credential from a text. */
  redact: (text: string) => string;
  /** Identifies the endpoint: a stored cursor is reused only for the same one. */
  key: string;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

/** Every secret-looking value of a credential (also the OAuth2 tokens n8n stores in it). */
function secretsOf(credentials: ICredentialDataDecryptedObject): string[] {
  const out: string[] = [];
  const visit = (value: unknown, name: string) => {
    if (typeof value === 'string') {
      if (/secret|apikey|access_token|refresh_token|id_token|password/i.test(name)) out.push(value);
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, inner] of Object.entries(value)) visit(inner, `${name}.${key}`);
    }
  };
  for (const [key, value] of Object.entries(credentials)) visit(value, key);
  return out;
}

/**
 * The core's source config for a node's source, with credential-managed auth: the endpoint from the
 * credential's fields (an optional endpoint option only when filled in, a required one always, so
 * the core names it when empty), every secret a placeholder the transport fills in.
 */
export function sourceConfig(
  sourceType: SourceType,
  credentials: ICredentialDataDecryptedObject,
  formValues: Record<string, unknown> = {},
): Record<string, unknown> {
  const definition = sourceDefinition(sourceType);
  const fields = CREDENTIALS_BY_KIND[definition.credentialKind];
  const secrets = Object.keys(definition.configSchema.shape.credentials.shape);
  const options: Record<string, unknown> = {};
  endpointOptionsOf(definition).forEach(({ name, required }, index) => {
    const field = fields.options[name];
    const value = field === undefined ? '' : text(credentials[field]);
    if (value || required) options[name] = value;
    // The token request goes through n8n's OAuth2 credential, never to a URL the core builds.
    // Second in order, as before: the trigger's stored cursors are keyed by these options' JSON.
    if (index === 0 && fields.oauth2) options.tokenUrl = PLACEHOLDER_TOKEN_URL;
  });
  Object.assign(options, formValues);
  return {
    id: SOURCE_ID,
    type: sourceType,
    baseUrl: text(credentials[fields.baseUrl]),
    credentials: Object.fromEntries(secrets.map((key) => [key, CREDENTIAL_PLACEHOLDER])),
    ...(Object.keys(options).length > 0 ? { options } : {}),
  };
}

/** Builds the core source for a node: n8n's HTTP, n8n's clock, the credential's auth. */
export async function openSource(
  context: RequestContext,
  sourceType: SourceType,
  options: {
    deadline?: number;
    /** What the deadline is, for its errors. Default `the poll budget`. */
    deadlineName?: string;
    /** The node's form options (`formValuesOf`). */
    formValues?: Record<string, unknown>;
  } = {},
): Promise<OpenedSource> {
  const credentialType = CREDENTIAL_TYPES[sourceType];
  const credentials = await context.getCredentials(credentialType);
  const redactor = new Redactor(secretsOf(credentials));
  const redact = (value: string) => redactor.redact(value);
  const config = sourceConfig(sourceType, credentials, options.formValues);
  // The token scope this type asks for (its config default), for the OAuth2 token request's
  // errors: `tokenScope` where `scope` chooses something else (the unified audit's level).
  const parsed = parseSourceConfig(config);
  const scope =
    'tokenScope' in parsed.options
      ? parsed.options.tokenScope
      : 'scope' in parsed.options
        ? parsed.options.scope
        : undefined;
  const transport = createN8nTransport(context, {
    credentialType,
    timeoutMs: TIMEOUT_MS,
    deadline: options.deadline,
    deadlineName: options.deadlineName,
    oauth2: scope === undefined ? undefined : { scope },
    // Read once here, not again by n8n for every request.
    credentials,
    onToken: (token) => redactor.addToken(token),
  });
  const source = createPortableSource(config, {
    transport,
    sleep: createSleep(options.deadline, options.deadlineName),
  });
  const key = [sourceType, config.baseUrl, JSON.stringify(config.options ?? {})].join('|');
  return { source, redact, key };
}
