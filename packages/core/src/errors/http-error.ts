import { AuditRelayError } from './auditrelay-error.js';
import type { ErrorCode } from './error-codes.js';

export interface HttpErrorOptions {
  /** The vendor's own message, already redacted. */
  message: string;
  status: number;
  /** Request URL without query secrets. */
  url: string;
  /** First bytes of the response body, redacted. */
  bodyExcerpt?: string;
  /** Milliseconds the server asked us to wait (from Retry-After), when it said. */
  retryAfterMs?: number;
  cause?: unknown;
}

function codeForStatus(status: number): ErrorCode {
  if (status === 401) return 'AUTH_FAILED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 429) return 'RATE_LIMITED';
  return 'HTTP_ERROR';
}

/** Retry only what may succeed when repeated: timeouts, throttling and server errors. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** A non-success HTTP answer from a vendor. */
export class HttpError extends AuditRelayError {
  readonly status: number;
  readonly url: string;
  readonly bodyExcerpt: string | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(options: HttpErrorOptions) {
    super({
      message: options.message,
      code: codeForStatus(options.status),
      isRetryable: isRetryableStatus(options.status),
      cause: options.cause,
    });
    this.name = 'HttpError';
    this.status = options.status;
    this.url = options.url;
    this.bodyExcerpt = options.bodyExcerpt;
    this.retryAfterMs = options.retryAfterMs;
  }
}
