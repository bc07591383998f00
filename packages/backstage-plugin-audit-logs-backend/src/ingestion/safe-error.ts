import { AuditRelayError, type Redactor } from '@auditrelay/core';

/**
 * An ingestion error as stored and served by `GET /sources`: the core's own errors keep their
 * code and (already redacted) message; anything else becomes a generic message, since it may
 * carry details nobody vetted. The message passes the source's `Redactor` again in any case (every
 * encoding of a configured secret, bearer tokens, JWTs).
 */
export function safeError(error: unknown, redactor: Redactor): { code: string; message: string } {
  let code = 'INTERNAL';
  let message = 'Unexpected error during ingestion (details in the backend log).';
  if (AuditRelayError.isInstance(error)) {
    code = error.code;
    message = error.message;
  }
  return { code, message: redactor.redact(message).slice(0, 2000) };
}
