import { KORE_ADMIN_API_BUDGET } from '../../http/rate-limiter.js';
import { defineBuiltInSource } from '../builtin-definition.js';
import { koreXoConfigSchema, type KoreXoAdminConsoleConfig } from './config.js';
import { normalizeKoreXoRecord } from './normalize.js';
import { createKoreXoAdminConsoleSource } from './source.js';

/** Kore.ai XO Platform: the Admin Console audit logs. */
export const koreXoAdminConsoleDefinition = defineBuiltInSource({
  type: 'kore-xo-admin-console',
  vendor: 'Kore.ai',
  product: 'XO Platform Admin Console',
  displayName: 'Kore.ai XO Admin Console',
  description: 'Kore.ai XO Admin Console audit logs (JWT app credentials)',
  configSchema: koreXoConfigSchema,
  credentialKind: 'kore-xo-jwt-app',
  example: {
    id: 'kore-prod',
    baseUrl: 'https://platform.kore.ai',
    credentials: { clientId: 'cs-1234', clientSecret: 'env:KORE_CLIENT_SECRET' },
  },
  recordFields: { category: 'Category', action: 'Name' },
  capabilities: { download: false, timeSlicing: true, persistentCursor: false },
  rateLimit: KORE_ADMIN_API_BUDGET,
  create: (config: KoreXoAdminConsoleConfig, dependencies) =>
    createKoreXoAdminConsoleSource(config, dependencies),
  normalize: normalizeKoreXoRecord,
});
