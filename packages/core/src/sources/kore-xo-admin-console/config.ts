import { z } from 'zod/v4';
import { defineSourceConfig, type ResolvedConfig } from '../../config/base-config.js';
import { secretSchema } from '../../config/secret.js';

export const koreXoConfigSchema = defineSourceConfig(
  'kore-xo-admin-console',
  {
    /** The Admin Console app's Client ID (the JWT `appId` claim). */
    clientId: secretSchema,
    /** The app's Client Secret: the HS256/HS512 signing key. Never sent. */
    clientSecret: secretSchema,
  },
  {
    /** Records per request, 1–100 (the documented maximum). Default 100. */
    pageSize: z
      .number()
      .int()
      .min(1)
      .max(100, 'Kore.ai documents at most 100 records per request')
      .default(100),
    /** Lifetime of each signed JWT in seconds; tokens are reused until 30 s before expiry. Default 300. */
    jwtTtlSeconds: z.number().int().min(30).max(3600).default(300),
    /** JWT algorithm; public APIs accept HS256. Default HS256. */
    jwtAlgorithm: z.enum(['HS256', 'HS512']).default('HS256'),
    /** Add a unique `jti` to each token (for apps with "Enforce JTI"; one token per request). */
    jwtId: z.boolean().default(false),
  },
);

/** A validated kore-xo-admin-console config: defaults applied, secrets resolved. */
export type KoreXoAdminConsoleConfig = ResolvedConfig<z.output<typeof koreXoConfigSchema>>;
