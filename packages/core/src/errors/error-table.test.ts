import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from './error-codes.js';
import { ERROR_TABLE, errorCodeInfo } from './error-table.js';
import { HttpError } from './http-error.js';

describe('ERROR_TABLE', () => {
  it('gives every code a hint, an exit code and an HTTP status', () => {
    expect(Object.keys(ERROR_TABLE).sort()).toEqual([...ERROR_CODES].sort());
    for (const code of ERROR_CODES) {
      const info = ERROR_TABLE[code];
      expect(info.hint.length, code).toBeGreaterThan(20);
      // 0, 1 and 8 are the CLI's success, unexpected error and partial failure.
      expect([0, 1, 8], code).not.toContain(info.exitCode);
      expect(info.httpStatus, code).toBeGreaterThanOrEqual(400);
      expect(info.httpStatus, code).toBeLessThan(600);
    }
  });

  it('never passes a vendor’s 401/403/429 on as the caller’s own status', () => {
    for (const status of [401, 403, 404, 429, 500]) {
      const error = new HttpError({ message: 'no', status, url: 'https://vendor.example/' });
      expect(ERROR_TABLE[error.code].httpStatus, String(status)).toBeGreaterThanOrEqual(500);
    }
    expect(ERROR_TABLE.INPUT_INVALID.httpStatus).toBe(400);
  });

  it('keeps the documented exit codes', () => {
    expect(Object.fromEntries(ERROR_CODES.map((code) => [code, ERROR_TABLE[code].exitCode])))
      .toMatchInlineSnapshot(`
      {
        "ABORTED": 130,
        "AUTH_FAILED": 4,
        "CHECKPOINT_INVALID": 3,
        "CONFIG_INVALID": 3,
        "FORBIDDEN": 4,
        "HTTP_ERROR": 7,
        "INCOMPLETE": 9,
        "INPUT_INVALID": 2,
        "LIMIT_EXCEEDED": 7,
        "NETWORK_ERROR": 6,
        "PAGINATION_LOOP": 7,
        "RATE_LIMITED": 5,
        "RESPONSE_INVALID": 7,
        "RESPONSE_TOO_LARGE": 7,
        "TIMEOUT": 6,
      }
    `);
  });

  it('looks up only its own codes', () => {
    expect(errorCodeInfo('AUTH_FAILED')?.exitCode).toBe(4);
    expect(errorCodeInfo('USAGE')).toBeUndefined();
    expect(errorCodeInfo('toString')).toBeUndefined();
    expect(errorCodeInfo(undefined)).toBeUndefined();
  });
});

describe('AuditRelayError.codeInfo', () => {
  it('is the table row of the error’s code', () => {
    const error = new HttpError({ message: 'no', status: 403, url: 'https://vendor.example/' });
    expect(error.codeInfo).toBe(ERROR_TABLE.FORBIDDEN);
    // Not part of the JSON view: hosts choose what to show.
    expect(JSON.stringify(error)).not.toContain('hint');
  });
});

describe('docs/guides/troubleshooting.md', () => {
  it('lists every code with the table’s exit code and HTTP status', async () => {
    const { readFile } = await import('node:fs/promises');
    const doc = await readFile(
      new URL('../../../../docs/guides/troubleshooting.md', import.meta.url),
      'utf8',
    );
    for (const code of ERROR_CODES) {
      const { exitCode, httpStatus } = ERROR_TABLE[code];
      expect(doc, code).toContain(`| \`${code}\` | ${exitCode} | ${httpStatus} |`);
    }
  });
});
