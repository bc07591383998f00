import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HttpError } from '../errors/http-error.js';
import { HttpClient } from './http-client.js';
import { Redactor, secretForms } from './redactor.js';
import { RetryPolicy } from './retry-policy.js';
import type { HttpTransport } from './transport.js';

const SECRET = 'canary-Secret/9f8e+7d6c "q" \\ é!*()~';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

describe('Redactor', () => {
  it('removes a secret form-encoded, as URLSearchParams writes it', () => {
    const redactor = new Redactor([SECRET]);
    const form = new URLSearchParams({ echo: SECRET }).toString();
    expect(form).not.toContain(encodeURIComponent(SECRET));
    expect(redactor.redact(form)).toBe('echo=[REDACTED]');
  });

  it('removes a secret JSON-escaped, also with escaped slashes and \\u escapes', () => {
    const redactor = new Redactor([SECRET]);
    const json = JSON.stringify({ echo: SECRET });
    expect(redactor.redact(json)).toBe('{"echo":"[REDACTED]"}');
    const ascii = json.replace(/\//g, '\\/').replace(/é/g, '\\u00e9');
    expect(redactor.redact(ascii)).toBe('{"echo":"[REDACTED]"}');
  });

  it('removes a secret base64-encoded at any alignment, also inside a longer blob', () => {
    const redactor = new Redactor([SECRET]);
    for (const prefix of ['', 'a', 'ab', 'abc', 'user:']) {
      for (const encode of [b64, (t: string) => Buffer.from(t).toString('base64url')]) {
        const blob = encode(`${prefix}${SECRET}-trailer`);
        const out = redactor.redact(`{"blob":"${blob}"}`);
        expect(out).toContain('[REDACTED]');
        // What is left of the blob is at most the few characters the alignment touches.
        const left = out.replace('{"blob":"', '').replace('"}', '').split('[REDACTED]');
        expect(left.join('').length).toBeLessThan(blob.length - 20);
      }
    }
  });

  it('removes Basic credentials: the registered secret in them, and any Basic value by shape', () => {
    const redactor = new Redactor(['client-1', SECRET]);
    const header = `Authorization: Basic ${b64(`client-1:${SECRET}`)}`;
    expect(redactor.redact(header)).not.toMatch(/Basic [A-Za-z0-9+/]{8,}/);
    const unknown = new Redactor([]);
    expect(unknown.redact(`proxy said: Basic ${b64('someone:hunter2-hunter2')}`)).toBe(
      'proxy said: Basic [REDACTED]',
    );
    // Plain words after "Basic" are prose, not credentials.
    expect(unknown.redact('Basic authentication failed')).toBe('Basic authentication failed');
  });

  it.each([
    ['refresh_token=rt-0123456789&x=1', 'refresh_token=[REDACTED]&x=1'],
    ['{"id_token":"eyJ-not-a-jwt-really","ok":true}', '{"id_token":"[REDACTED]","ok":true}'],
    ['password: hunter2hunter2', 'password: [REDACTED]'],
    ['{"password":"a\\"b,c}d"}', '{"password":"[REDACTED]"}'],
    ['api_key=k-123456789', 'api_key=[REDACTED]'],
    ['client_assertion=header.payload.sig', 'client_assertion=[REDACTED]'],
    ['{"client_secret":"s3cr3t"}', '{"client_secret":"[REDACTED]"}'],
    ['Proxy-Authorization: Negotiate abcdef', 'Proxy-Authorization: [REDACTED] abcdef'],
  ])('redacts the value of a credential-named key: %s', (text, expected) => {
    expect(new Redactor([]).redact(text)).toBe(expected);
  });

  it('keeps a bounded set of per-request tokens, and every configured secret', () => {
    const redactor = new Redactor([SECRET]);
    const tokens = Array.from(
      { length: 1000 },
      (_, i) => `per-request-token-${i}-${'z'.repeat(8)}`,
    );
    for (const token of tokens) redactor.addToken(token);
    expect(redactor.tokenCount).toBeLessThanOrEqual(64);
    expect(redactor.redact(tokens.at(-1)!)).toBe('[REDACTED]');
    expect(redactor.redact(SECRET)).toBe('[REDACTED]');
  });

  it('never lets any encoded form of a random secret through (property)', () => {
    const encodings: Array<(s: string) => string> = [
      (s) => s,
      encodeURIComponent,
      (s) => new URLSearchParams({ s }).toString().slice(2),
      (s) => JSON.stringify(s).slice(1, -1),
      (s) => b64(s),
      (s) => b64(`x${s}`),
      (s) => b64(`xy${s}`),
    ];
    fc.assert(
      fc.property(
        fc.string({ minLength: 12, maxLength: 40, unit: 'binary' }),
        fc.integer({ min: 0, max: encodings.length - 1 }),
        fc.string({ maxLength: 30 }),
        (secret, which, around) => {
          const redactor = new Redactor([secret]);
          const encoded = encodings[which]!(secret);
          const out = redactor.redact(`${around}${encoded}${around}`);
          // A base64 form keeps at most its two alignment-touched edges.
          const core = which >= 4 ? encoded.slice(3, -3) : encoded;
          expect(out.includes(core)).toBe(false);
        },
      ),
      { numRuns: 300, seed: 17 },
    );
  });

  it('lists each form once and none shorter than a secret may be', () => {
    const forms = secretForms('abcd');
    expect(new Set(forms).size).toBe(forms.length);
    expect(forms.every((f) => f.length >= 4)).toBe(true);
  });
});

describe('excerpts', () => {
  it('redacts before cutting: a secret across the cut leaves no prefix', async () => {
    const secret = 'canary-across-the-cut-0123456789';
    for (const at of [280, 290, 295, 299]) {
      const body = `${'x'.repeat(at)} ${secret} tail`;
      const transport: HttpTransport = {
        request: () =>
          Promise.resolve({
            status: 500,
            headers: { 'content-type': 'text/plain' },
            text: () => Promise.resolve(body),
            body: async function* () {},
            dump: () => Promise.resolve(),
          }),
      };
      const client = new HttpClient({
        transport,
        retry: new RetryPolicy({ maxAttempts: 1, sleep: () => Promise.resolve() }),
        redactor: new Redactor([secret]),
        label: 'test',
      });
      const error = await client
        .json('https://vendor.example/x', {} as never)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(HttpError);
      const excerpt = (error as HttpError).bodyExcerpt ?? '';
      expect(excerpt).not.toContain(secret.slice(0, 8));
    }
  });
});
