import { z } from 'zod/v4';

/**
 * A secret in config: a literal, `{ env: "NAME" }`, or the string `env:NAME`. Env references are
 * resolved when the config is parsed, so a missing variable is reported with the field's path.
 */
export const secretSchema = z.union([
  z.string().min(1, 'expected a non-empty secret'),
  z
    .object({
      env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected an environment variable name'),
    })
    .strict(),
]);

export type SecretInput = z.infer<typeof secretSchema>;

export type Environment = Record<string, string | undefined>;

/** Resolves a secret reference; returns an error message instead of throwing. */
export function resolveSecret(
  value: SecretInput,
  env: Environment,
): { value: string } | { error: string } {
  const name =
    typeof value === 'string' ? (value.startsWith('env:') ? value.slice(4) : undefined) : value.env;
  if (name === undefined) return { value: value as string };
  const resolved = env[name];
  if (!resolved) return { error: `environment variable ${name} is not set (or empty)` };
  return { value: resolved };
}
