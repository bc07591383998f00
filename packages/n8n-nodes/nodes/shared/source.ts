import type { ICredentialDataDecryptedObject, INodePropertyOptions } from 'n8n-workflow';
import { createPortableSource, Redactor, type AuditSource } from '@auditrelay/core/portable';
import {
  createN8nTransport,
  createSleep,
  CREDENTIAL_PLACEHOLDER,
  PLACEHOLDER_TOKEN_URL,
  type RequestContext,
} from './transport';

export type SourceType =
  | 'kore-xo-admin-console'
  | 'kore-ai-for-work'
  | 'uipath-platform-audit'
  | 'uipath-orchestrator-odata';

export const SOURCE_OPTIONS: INodePropertyOptions[] = [
  {
    name: 'Kore.ai AI for Work',
    value: 'kore-ai-for-work',
    description: 'Audit logs of Kore.ai AI for Work (personal API key)',
  },
  {
    name: 'Kore.ai XO Admin Console',
    value: 'kore-xo-admin-console',
    description: 'Admin Console audit logs of the Kore.ai XO platform',
  },
  {
    name: 'UiPath Orchestrator',
    value: 'uipath-orchestrator-odata',
    description: 'Orchestrator audit logs of one tenant (OData)',
  },
  {
    name: 'UiPath Platform Management',
    value: 'uipath-platform-audit',
    description: 'Organization audit logs of Automation Cloud (Platform Management)',
  },
];

/** The credential type each source authenticates with. */
export const CREDENTIAL_TYPES: Record<SourceType, string> = {
  'kore-xo-admin-console': 'koreAiXoApi',
  'kore-ai-for-work': 'koreAiForWorkApi',
  'uipath-platform-audit': 'uiPathOAuth2Api',
  'uipath-orchestrator-odata': 'uiPathOAuth2Api',
};

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
};

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

/** The core's source config for a node's source, with credential-managed auth. */
export function sourceConfig(
  sourceType: SourceType,
  credentials: ICredentialDataDecryptedObject,
): Record<string, unknown> {
  const base = { id: SOURCE_ID, type: sourceType };
  switch (sourceType) {
    case 'kore-xo-admin-console':
      return {
        ...base,
        baseUrl: text(credentials.host),
        credentials: { clientId: CREDENTIAL_PLACEHOLDER, clientSecret: CREDENTIAL_PLACEHOLDER },
      };
    case 'kore-ai-for-work':
      return {
        ...base,
        baseUrl: text(credentials.host),
        credentials: { apiKey: CREDENTIAL_PLACEHOLDER },
      };
    case 'uipath-platform-audit':
    case 'uipath-orchestrator-odata': {
      const options: Record<string, unknown> = {
        organization: text(credentials.organization),
        tokenUrl: PLACEHOLDER_TOKEN_URL,
      };
      const tenant = text(credentials.tenant);
      if (sourceType === 'uipath-orchestrator-odata' || tenant) options.tenant = tenant;
      const organizationId = text(credentials.organizationId);
      if (sourceType === 'uipath-platform-audit' && organizationId) {
        options.partitionGlobalId = organizationId;
      }
      return {
        ...base,
        baseUrl: text(credentials.baseUrl),
        credentials: { clientId: CREDENTIAL_PLACEHOLDER, clientSecret: CREDENTIAL_PLACEHOLDER },
        options,
      };
    }
  }
}

/** Builds the core source for a node: n8n's HTTP, n8n's clock, the credential's auth. */
export async function openSource(
  context: RequestContext,
  sourceType: SourceType,
  options: { deadline?: number } = {},
): Promise<OpenedSource> {
  const credentialType = CREDENTIAL_TYPES[sourceType];
  const credentials = await context.getCredentials(credentialType);
  const redactor = new Redactor(secretsOf(credentials));
  const redact = (value: string) => redactor.redact(value);
  const config = sourceConfig(sourceType, credentials);
  const scope = sourceType === 'uipath-platform-audit' ? 'PM.Audit.Read' : 'OR.Audit.Read';
  const transport = createN8nTransport(context, {
    credentialType,
    timeoutMs: TIMEOUT_MS,
    deadline: options.deadline,
    oauth2: credentialType === 'uiPathOAuth2Api' ? { scope } : undefined,
  });
  const source = createPortableSource(config, {
    transport,
    sleep: createSleep(options.deadline),
  });
  const key = [sourceType, config.baseUrl, JSON.stringify(config.options ?? {})].join('|');
  return { source, redact, key };
}
