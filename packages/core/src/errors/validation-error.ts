import type { z } from 'zod/v4';
import { AuditRelayError } from './auditrelay-error.js';

/** One problem with one field, as `sources[0].credentials.clientSecret: expected a string`. */
export interface FieldIssue {
  path: string;
  message: string;
}

function formatPath(prefix: string, path: readonly PropertyKey[]): string {
  let out = prefix;
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || '(root)';
}

/** Bad configuration or input: the message names every offending field and what was expected. */
export class ValidationError extends AuditRelayError {
  readonly issues: FieldIssue[];

  constructor(
    issues: FieldIssue[],
    options: { code?: 'CONFIG_INVALID' | 'INPUT_INVALID'; context?: string } = {},
  ) {
    const lines = issues.map((issue) => `${issue.path}: ${issue.message}`);
    const head = options.context ? `${options.context}: ` : '';
    super({
      message: `${head}${lines.join('; ')}`,
      code: options.code ?? 'CONFIG_INVALID',
    });
    this.name = 'ValidationError';
    this.issues = issues;
  }

  /** Wraps a zod failure; `prefix` names where the value came from (e.g. `sources[2]`). */
  static fromZod(
    error: z.ZodError,
    options: { prefix?: string; code?: 'CONFIG_INVALID' | 'INPUT_INVALID'; context?: string } = {},
  ): ValidationError {
    const issues = error.issues.map((issue) => ({
      path: formatPath(options.prefix ?? '', issue.path),
      message: issue.message,
    }));
    return new ValidationError(issues, options);
  }
}
