/** Kore's error body: `{"errors":[{"msg":"…","code":4002}]}`. */
export function koreErrorMessage(body: unknown): string | undefined {
  const errors = (body as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(errors) || errors.length === 0) return undefined;
  const first = errors[0] as { msg?: unknown; code?: unknown };
  if (typeof first.msg !== 'string') return undefined;
  return typeof first.code === 'number' || typeof first.code === 'string'
    ? `${first.msg} (code ${first.code})`
    : first.msg;
}
