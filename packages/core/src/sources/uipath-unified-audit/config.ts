import { z } from 'zod/v4';
import { defineSourceConfig, type ResolvedConfig } from '../../config/base-config.js';
import { uipathCommonOptionsShape, uipathCredentialsShape } from '../uipath-shared/config.js';

export const uipathUnifiedConfigSchema = defineSourceConfig(
  'uipath-unified-audit',
  uipathCredentialsShape,
  {
    ...uipathCommonOptionsShape,
    /**
     * Organization-level events (`/{org}/orgaudit_/`: identity, licences, tenants, policies) or one
     * tenant's (`/{org}/{tenant}/tenantaudit_/`: Orchestrator, Apps, Action Center, …).
     */
    scope: z.enum(['organization', 'tenant']).default('organization'),
    /** Tenant name; required with scope `tenant`. */
    tenant: z.string().min(1).optional(),
    /** Scope requested with the token. Default PM.Audit.Read (PM.Audit works too). */
    tokenScope: z.string().min(1).default('PM.Audit.Read'),
    /** Events per request (`maxCount`); the server clamps it (10–200 documented by UiPath's CLI). */
    pageSize: z.number().int().min(1).max(1000).default(200),
    /** Days the live API keeps; a read reaching further back says the older part is not served. */
    retentionDays: z.number().int().min(1).max(3650).default(90),
  },
).superRefine((config, ctx) => {
  if (config.options.scope === 'tenant' && !config.options.tenant) {
    ctx.addIssue({
      code: 'custom',
      path: ['options', 'tenant'],
      message: 'expected the tenant name: options.scope is "tenant"',
    });
  }
});

/** A validated uipath-unified-audit config: defaults applied, secrets resolved. */
export type UipathUnifiedAuditConfig = ResolvedConfig<z.output<typeof uipathUnifiedConfigSchema>>;
