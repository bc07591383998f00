import { AuditRelayError } from '@auditrelay/core';

/**
 * A core error as this API answers it. Backstage's error handler takes the status from an error's
 * `statusCode` (or `status`, which on the core's `HttpError` is the *vendor's* status: a vendor's
 * 401 would read as the caller's own); this carries the core's `ERROR_TABLE` status instead, with
 * the code and the (already redacted) message.
 */
export class CoreErrorResponse extends Error {
  readonly statusCode: number;
  readonly code: string;

  constructor(error: AuditRelayError) {
    super(error.message);
    this.name = 'AuditRelayError';
    this.code = error.code;
    this.statusCode = error.codeInfo.httpStatus;
  }
}

/** Core errors become `CoreErrorResponse`; anything else is passed on unchanged. */
export function toResponseError(error: unknown): unknown {
  return AuditRelayError.isInstance(error) && 'codeInfo' in error
    ? new CoreErrorResponse(error)
    : error;
}
