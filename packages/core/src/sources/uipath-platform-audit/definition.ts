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
  capabilities: { download: true, timeSlicing: false, persistentCursor: false },
  create: (config: UipathPlatformAuditConfig, dependencies) =>
    createUipathPlatformAuditSource(config, dependencies),
  normalize: normalizeUipathPlatformRecord,
});
