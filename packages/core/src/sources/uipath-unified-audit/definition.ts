import { defineBuiltInSource } from '../builtin-definition.js';
import { uipathUnifiedConfigSchema, type UipathUnifiedAuditConfig } from './config.js';
import { UNIFIED_FILTER_DEFINITIONS } from './filters.js';
import { normalizeUipathUnifiedEvent } from './normalize.js';
import { createUipathUnifiedAuditSource } from './source.js';

/** UiPath Automation Cloud: the unified audit logs of an organization or one of its tenants. */
export const uipathUnifiedAuditDefinition = defineBuiltInSource({
  type: 'uipath-unified-audit',
  vendor: 'UiPath',
  product: 'Unified audit logs',
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
  capabilities: { download: true, timeSlicing: true, persistentCursor: false },
  create: (config: UipathUnifiedAuditConfig, dependencies) =>
    createUipathUnifiedAuditSource(config, dependencies),
  normalize: normalizeUipathUnifiedEvent,
});
