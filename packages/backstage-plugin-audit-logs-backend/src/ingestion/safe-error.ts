import { AuditRelayError } from '@auditrelay/core';

/**
 * An ingestion error as stored and served by `GET /sources`: the core's own errors keep their
 * code and (already redacted) message; anything else becomes a generic message, since it may
 * carry details nobody vetted. Known secrets are scrubbed in any case.
 */
export function safeError(
  error: unknown,
  secrets: readonly string[],
): { code: string; message: string } {
  let code = 'INTERNAL';
  let message = 'Unexpected error during ingestion (details in the backend log).';
  if (AuditRelayError.isInstance(error)) {
    code = error.code;
    message = error.message;
  }
  for (const secret of secrets)
    if (secret.length >= 4) message = message.split(secret).join('[REDACTED]');
  return { code, message: message.slice(0, 2000) };
}
