import { z } from 'zod/v4';
import { defineSourceConfig, type ResolvedConfig } from '../../config/base-config.js';
import { uipathCommonOptionsShape, uipathCredentialsShape } from '../uipath-shared/config.js';

export const uipathOrchestratorConfigSchema = defineSourceConfig(
  'uipath-orchestrator-odata',
  uipathCredentialsShape,
  {
    ...uipathCommonOptionsShape,
    /** Tenant name: `/{org}/{tenant}/orchestrator_` on Automation Cloud and Suite; the `X-UIPATH-TenantName` header on a standalone Orchestrator (whose OData is at `{baseUrl}/odata`). */
    tenant: z.string().min(1, 'expected the tenant name'),
    /** Scope requested with the token. Default OR.Audit.Read. */
    scope: z.string().min(1).default('OR.Audit.Read'),
    /** `$top` per request, up to Orchestrator's maximum of 1000. Default 1000. */
    pageSize: z.number().int().min(1).max(1000, 'Orchestrator caps $top at 1000').default(1000),
    /** `x-UIPATH-AuditedService`. Default Orchestrator. */
    auditedService: z.enum(['Orchestrator', 'TestAutomation']).default('Orchestrator'),
    /** Fetch `GetAuditLogDetails` for each record and turn its entities into changes. Default false. */
    includeDetails: z.boolean().default(false),
  },
);

/** A validated uipath-orchestrator-odata config: defaults applied, secrets resolved. */
export type UipathOrchestratorConfig = ResolvedConfig<
  z.output<typeof uipathOrchestratorConfigSchema>
>;
