import { defineBuiltInSource } from '../builtin-definition.js';
import { uipathOrchestratorConfigSchema, type UipathOrchestratorConfig } from './config.js';
import { normalizeOrchestratorRecord } from './normalize.js';
import { createUipathOrchestratorSource } from './source.js';

/** UiPath Orchestrator: one tenant's audit logs over OData. */
export const uipathOrchestratorDefinition = defineBuiltInSource({
  type: 'uipath-orchestrator-odata',
  vendor: 'UiPath',
  product: 'Orchestrator',
  description: 'UiPath Orchestrator /odata/AuditLogs (client credentials)',
  configSchema: uipathOrchestratorConfigSchema,
  credentialKind: 'uipath-client-credentials',
  endpointOptions: ['organization', 'tenant'],
  example: {
    id: 'orchestrator',
    baseUrl: 'https://cloud.uipath.com',
    credentials: { clientId: 'env:UIPATH_CLIENT_ID', clientSecret: 'env:UIPATH_CLIENT_SECRET' },
    options: { organization: 'acme', tenant: 'DefaultTenant' },
  },
  recordFields: { category: 'Component', action: 'Action' },
  capabilities: { download: false, timeSlicing: true, persistentCursor: true },
  create: (config: UipathOrchestratorConfig, dependencies) =>
    createUipathOrchestratorSource(config, dependencies),
  normalize: normalizeOrchestratorRecord,
});
