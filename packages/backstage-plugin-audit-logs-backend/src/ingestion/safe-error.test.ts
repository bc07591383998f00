import { AuditRelayError, Redactor } from '@auditrelay/core';
import { describe, expect, it } from 'vitest';
import { safeError } from './safe-error.js';

describe('safeError', () => {
  const secret = 'canary/secret+value';
  const redactor = new Redactor([secret]);

  it('keeps a core error’s code and removes the secret in every encoding', () => {
    const error = new AuditRelayError({
      code: 'HTTP_ERROR',
      message: `echo: ${encodeURIComponent(secret)} ${btoa(`id:${secret}`)} ${secret}`,
    });
    const safe = safeError(error, redactor);
    expect(safe.code).toBe('HTTP_ERROR');
    expect(safe.message).toContain('[REDACTED]');
    expect(safe.message).not.toContain('canary');
    expect(safe.message).not.toContain(encodeURIComponent(secret));
  });

  it('does not pass on the text of an error it does not know', () => {
    expect(safeError(new Error(`boom ${secret}`), redactor)).toEqual({
      code: 'INTERNAL',
      message: 'Unexpected error during ingestion (details in the backend log).',
    });
  });
});
