import { AuditRelayError, ERROR_CODES, ERROR_TABLE, HttpError } from '@auditrelay/core';
import { describe, expect, it } from 'vitest';
import { toCliError } from './cli-error.js';
import { EXIT_CODES_HELP } from './exit-codes.js';

describe('toCliError', () => {
  it('takes the exit code and hint of a core error from the core’s table', () => {
    const unauthorized = toCliError(
      new HttpError({ message: 'Invalid credentials', status: 401, url: 'https://x.example/' }),
    );
    expect(unauthorized).toMatchObject({ code: 'AUTH_FAILED', exitCode: 4 });
    expect(unauthorized.suggestions).toEqual([ERROR_TABLE.AUTH_FAILED.hint]);
    // The two codes the CLI's former tables disagreed on.
    expect(toCliError(new AuditRelayError({ code: 'CONFIG_INVALID', message: 'x' })).exitCode).toBe(
      3,
    );
    expect(toCliError(new AuditRelayError({ code: 'ABORTED', message: 'x' })).exitCode).toBe(130);
  });

  it('treats an error of a core copy without the table as unexpected', () => {
    const foreign = Object.assign(new Error('old core'), {
      code: 'AUTH_FAILED',
      [Symbol.for('auditrelay.error')]: true,
    });
    expect(toCliError(foreign)).toMatchObject({ exitCode: 1, suggestions: [] });
  });

  it('documents every exit code the table uses in the help text', () => {
    for (const code of ERROR_CODES) {
      const exitCode = ERROR_TABLE[code].exitCode;
      expect(EXIT_CODES_HELP, code).toMatch(new RegExp(`^  ${exitCode} `, 'm'));
    }
  });
});
