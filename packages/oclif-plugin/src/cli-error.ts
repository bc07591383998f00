import type { AuditRelayError } from '@auditrelay/core';
import { EXIT_CODES } from './exit-codes.js';

/**
 * The only error shape the plugin prints: a name, a message that never contains secrets or flag
 * values, a stable code and the exit code.
 */
export class CliError extends Error {
  declare message: string;
  readonly code: string;
  readonly exitCode: number;
  readonly suggestions: string[];
  /** Raised by oclif's flag parser: its message may quote what was typed. */
  readonly fromParser: boolean;

  constructor(
    message: string,
    options: {
      code: string;
      exitCode: number;
      suggestions?: string[];
      cause?: unknown;
      fromParser?: boolean;
    },
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CliError';
    this.code = options.code;
    this.exitCode = options.exitCode;
    this.suggestions = options.suggestions ?? [];
    this.fromParser = options.fromParser ?? false;
  }

  toJSON() {
    return { name: this.name, message: this.message, code: this.code, exitCode: this.exitCode };
  }
}

/**
 * The core's own check (`AuditRelayError.isInstance`) without loading the core: commands that never
 * fetch (help, `sources`) stay fast to start.
 */
function isAuditRelayError(error: unknown): error is AuditRelayError {
  return typeof error === 'object' && error !== null && Symbol.for('auditrelay.error') in error;
}

/** Maps anything thrown to a CliError with the documented exit code. */
export function toCliError(error: unknown): CliError {
  if (error instanceof CliError) return error;
  if (isAuditRelayError(error)) {
    // The core's table (through the error, so the core need not be loaded here); an error from
    // an older copy of the core without it is unexpected.
    const info = (error as Partial<AuditRelayError>).codeInfo;
    return new CliError(error.message, {
      code: error.code,
      exitCode: info?.exitCode ?? EXIT_CODES.unexpected,
      suggestions: info ? [info.hint] : [],
      cause: error,
    });
  }
  const oclif = (error as { oclif?: { exit?: number } } | null)?.oclif;
  if (oclif?.exit !== undefined && error instanceof Error) {
    // oclif's own parse and validation errors: usage.
    return new CliError(error.message, {
      code: 'USAGE',
      exitCode: oclif.exit === 0 ? 0 : EXIT_CODES.usage,
      cause: error,
      fromParser: true,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new CliError(`Unexpected error: ${message}`, {
    code: 'UNEXPECTED',
    exitCode: EXIT_CODES.unexpected,
    cause: error,
  });
}
