import { z } from 'zod/v4';
import { commonOptionsShape } from './common-options.js';

export const sourceIdSchema = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9_-]{0,62}$/,
    'expected lower-case letters, digits, "-" or "_" (max 63), starting with a letter or digit',
  );

export const baseUrlSchema = z
  .url({ protocol: /^https?$/, error: 'expected an absolute http(s) URL' })
  .transform((url) => url.replace(/\/+$/, ''));

/** Builds one source type's config schema: `{ id, type, baseUrl, credentials, options }`, strict. */
export function defineSourceConfig<
  Type extends string,
  Credentials extends z.ZodRawShape,
  Options extends z.ZodRawShape,
>(type: Type, credentials: Credentials, options: Options) {
  return z
    .object({
      id: sourceIdSchema,
      type: z.literal(type),
      /** A display name; defaults to the id. */
      name: z.string().min(1).optional(),
      baseUrl: baseUrlSchema,
      credentials: z.object(credentials).strict(),
      options: z
        .object({ ...commonOptionsShape, ...options })
        .strict()
        .prefault({} as never),
    })
    .strict();
}

/** A config as validated: defaults applied, secrets resolved to strings. */
export type ResolvedConfig<T> = T extends { credentials: infer C }
  ? Omit<T, 'credentials'> & { credentials: { [K in keyof C]: string } }
  : never;
