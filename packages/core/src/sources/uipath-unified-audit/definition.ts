import { defineBuiltInSource } from '../builtin-definition.js';
import { uipathUnifiedConfigSchema, type UipathUnifiedAuditConfig } from './config.js';
import { UNIFIED_FILTER_DEFINITIONS } from './filters.js';
import { normalizeUipathUnifiedEvent } from './normalize.js';
import { createUipathUnifiedAuditSource } from './source.js';

/** UiPath Automation Cloud: the unified audit logs of an organization or one of its tenants. */
export const uipathUnifiedAuditDefinition = defineBuiltInSource({
  type: 'uipath-unified-audit',
  vendor: 'UiPath',
  product: 'Unified Audit',
  description: 'UiPath unified audit logs, organization or tenant level (client credentials)',
  configSchema: uipathUnifiedConfigSchema,
  credentialKind: 'uipath-client-credentials',
  endpointOptions: ['organization', 'tenant'],
  formOptions: [
    {
      name: 'scope',
      label: 'Scope',
      description:
        "Organization-level events (identity, licences, tenants) or the tenant's services (Orchestrator, Apps, …)",
    },
  ],
  filters: UNIFIED_FILTER_DEFINITIONS,
  example: {
    id: 'uipath-unified',
    baseUrl: 'https://cloud.uipath.com',
    credentials: { clientId: 'env:UIPATH_CLIENT_ID', clientSecret: 'env:UIPATH_CLIENT_SECRET' },
    options: { organization: 'acme', scope: 'tenant', tenant: 'DefaultTenant' },
  },
  recordFields: { category: 'eventSource', action: 'eventType' },
  capabilities: { download: true, timeSlicing: true, persistentCursor: false },
  create: (config: UipathUnifiedAuditConfig, dependencies) =>
    createUipathUnifiedAuditSource(config, dependencies),
  normalize: normalizeUipathUnifiedEvent,
});
