import { defineBuiltInSource } from '../builtin-definition.js';
import { uipathPlatformConfigSchema, type UipathPlatformAuditConfig } from './config.js';
import { normalizeUipathPlatformRecord } from './normalize.js';
import { createUipathPlatformAuditSource } from './source.js';

/** UiPath Automation Cloud: the organization audit logs of Platform Management. */
export const uipathPlatformAuditDefinition = defineBuiltInSource({
  type: 'uipath-platform-audit',
  vendor: 'UiPath',
  product: 'Platform Management',
  description: 'UiPath Platform Management audit logs (client credentials)',
  configSchema: uipathPlatformConfigSchema,
  credentialKind: 'uipath-client-credentials',
  endpointOptions: ['organization', 'tenant', 'partitionGlobalId'],
  example: {
    id: 'uipath-org',
    baseUrl: 'https://cloud.uipath.com',
    credentials: { clientId: 'env:UIPATH_CLIENT_ID', clientSecret: 'env:UIPATH_CLIENT_SECRET' },
    options: { organization: 'acme', partitionGlobalId: '00000000-0000-0000-0000-000000000000' },
  },
  recordFields: { category: 'category', action: 'action' },
  capabilities: { download: true, timeSlicing: false, persistentCursor: false },
  create: (config: UipathPlatformAuditConfig, dependencies) =>
    createUipathPlatformAuditSource(config, dependencies),
  normalize: normalizeUipathPlatformRecord,
});
