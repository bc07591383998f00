import type { ErrorCode } from './error-codes.js';
import { ERROR_TABLE, type ErrorCodeInfo } from './error-table.js';

const MARKER = Symbol.for('auditrelay.error');

export interface AuditRelayErrorOptions {
  message: string;
  code: ErrorCode;
  /** Whether repeating the same request may succeed. */
  isRetryable?: boolean;
  cause?: unknown;
}

/**
 * Base class of every error auditrelay throws. Checks use `AuditRelayError.isInstance(e)`, which
 * works across two installed copies of the core (a host may bundle its own).
 */
export class AuditRelayError extends Error {
  readonly [MARKER] = true;
  readonly code: ErrorCode;
  readonly isRetryable: boolean;

  constructor({ message, code, isRetryable = false, cause }: AuditRelayErrorOptions) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'AuditRelayError';
    this.code = code;
    this.isRetryable = isRetryable;
  }

  /**
   * This code's row of `ERROR_TABLE` (hint, CLI exit code, HTTP status), read from the instance so
   * a host that has not loaded the core itself (the CLI keeps it off its start-up path) gets it.
   */
  get codeInfo(): ErrorCodeInfo {
    return ERROR_TABLE[this.code];
  }

  static isInstance(error: unknown): error is AuditRelayError {
    return typeof error === 'object' && error !== null && MARKER in error;
  }

  /** A plain, secret-free view for `--json` output and API responses. */
  toJSON(): { name: string; code: ErrorCode; message: string } {
    return { name: this.name, code: this.code, message: this.message };
  }
}
