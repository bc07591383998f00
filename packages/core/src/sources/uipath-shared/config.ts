import { z } from 'zod/v4';
import { secretSchema } from '../../config/secret.js';

/** Credentials of a confidential External Application (client credentials grant). */
export const uipathCredentialsShape = {
  clientId: secretSchema,
  clientSecret: secretSchema,
};

export const uipathCommonOptionsShape = {
  /** Organization (account) name: the first path segment on Automation Cloud. */
  organization: z.string().min(1, 'expected the organization name'),
  /** Where the identity server lives: Automation Cloud/Suite use `/identity_`, standalone `/identity`. */
  deployment: z.enum(['cloud', 'suite', 'standalone']).default('cloud'),
  /** Explicit token URL, when it is not `{baseUrl}/identity_/connect/token`. */
  tokenUrl: z.url({ protocol: /^https?$/ }).optional(),
};
