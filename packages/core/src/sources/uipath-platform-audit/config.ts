import { z } from 'zod/v4';
import { defineSourceConfig, type ResolvedConfig } from '../../config/base-config.js';
import { uipathCommonOptionsShape, uipathCredentialsShape } from '../uipath-shared/config.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const uipathPlatformConfigSchema = defineSourceConfig(
  'uipath-platform-audit',
  uipathCredentialsShape,
  {
    ...uipathCommonOptionsShape,
    /** Tenant name, for deployments whose audit URL carries it (`/{org}/{tenant}/audit_/…`). */
    tenant: z.string().min(1).optional(),
    /** The organization GUID, appended as `/auditlogs/{partitionGlobalId}` (newer versions). */
    partitionGlobalId: z
      .string()
      .regex(GUID, 'expected the organization GUID (not its name)')
      .optional(),
    /** Scope requested with the token. Default PM.Audit.Read. */
    scope: z.string().min(1).default('PM.Audit.Read'),
    /** Records per request (`top`). Default 500. */
    pageSize: z.number().int().min(1).max(1000).default(500),
    /** Display language of messages (`language`). Default en. */
    language: z.string().min(2).max(10).default('en'),
    /** Sent as `api-version` when set. */
    apiVersion: z.string().min(1).optional(),
  },
);

/** A validated uipath-platform-audit config: defaults applied, secrets resolved. */
export type UipathPlatformAuditConfig = ResolvedConfig<z.output<typeof uipathPlatformConfigSchema>>;
