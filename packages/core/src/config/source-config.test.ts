import { describe, expect, it } from 'vitest';
import { parseSourceConfig, parseSourceConfigs } from './source-config.js';
import { ValidationError } from '../errors/validation-error.js';

const CANARY = 'canary-secret-9f8e7d6c5b4a';

function errorOf(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('parseSourceConfig', () => {
  it('applies defaults and resolves env-var secrets', () => {
    const config = parseSourceConfig(
      {
        id: 'xo',
        type: 'kore-xo-admin-console',
        baseUrl: 'https://bots.kore.ai/',
        credentials: { clientId: 'cs-1', clientSecret: { env: 'XO_SECRET' } },
      },
      { env: { XO_SECRET: CANARY } },
    );
    expect((config.credentials as Record<string, string>).clientSecret).toBe(CANARY);
    expect(config.baseUrl).toBe('https://bots.kore.ai');
    expect(config.options).toMatchObject({ pageSize: 100, lagSeconds: 60, overlapSeconds: 300 });
  });

  it('accepts the env:NAME string form', () => {
    const config = parseSourceConfig(
      {
        id: 'ai',
        type: 'kore-ai-for-work',
        baseUrl: 'https://host',
        credentials: { apiKey: 'env:AI_KEY' },
      },
      { env: { AI_KEY: CANARY } },
    );
    expect((config.credentials as Record<string, string>).apiKey).toBe(CANARY);
  });

  it('names the field of every problem, without echoing secrets', () => {
    const error = errorOf(() =>
      parseSourceConfigs(
        [
          {
            id: 'ok',
            type: 'kore-ai-for-work',
            baseUrl: 'https://host',
            credentials: { apiKey: CANARY },
          },
          {
            id: 'Bad Id',
            type: 'kore-xo-admin-console',
            baseUrl: 'https://host',
            credentials: { clientId: 'x', clientSecret: CANARY },
            options: { pageSize: 500 },
          },
          {
            id: 'pm',
            type: 'uipath-platform-audit',
            baseUrl: 'https://cloud.uipath.com',
            credentials: { clientId: 'c', clientSecret: { env: 'MISSING_VAR' } },
            options: { organization: 'acme' },
          },
        ],
        { env: {} },
      ),
    );
    const paths = error.issues.map((issue) => issue.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'sources[1].id',
        'sources[1].options.pageSize',
        'sources[2].credentials.clientSecret',
      ]),
    );
    expect(error.message).toContain('MISSING_VAR is not set');
    expect(error.message).toContain('at most 100');
    expect(error.message).not.toContain(CANARY);
    expect(error.code).toBe('CONFIG_INVALID');
  });

  it('rejects an unknown type and unknown keys', () => {
    const unknownType = errorOf(() =>
      parseSourceConfig({ id: 'x', type: 'okta', baseUrl: 'https://h', credentials: {} }),
    );
    expect(unknownType.issues[0]!.path).toBe('type');
    const extra = errorOf(() =>
      parseSourceConfig({
        id: 'x',
        type: 'kore-ai-for-work',
        baseUrl: 'https://h',
        credentials: { apiKey: 'k', token: CANARY },
      }),
    );
    expect(extra.message).toMatch(/credentials/);
    expect(extra.message).not.toContain(CANARY);
  });

  it('refuses plain http except on loopback or with an explicit opt-in', () => {
    const base = { id: 'ai', type: 'kore-ai-for-work', credentials: { apiKey: 'k' } };
    expect(
      errorOf(() => parseSourceConfig({ ...base, baseUrl: 'http://kore.example.com' })).issues[0],
    ).toMatchObject({ path: 'baseUrl' });
    expect(parseSourceConfig({ ...base, baseUrl: 'http://127.0.0.1:4010/x' }).baseUrl).toBe(
      'http://127.0.0.1:4010/x',
    );
    expect(
      parseSourceConfig({
        ...base,
        baseUrl: 'http://kore.internal',
        options: { allowInsecureHttp: true },
      }).baseUrl,
    ).toBe('http://kore.internal');
  });

  it('rejects duplicate ids', () => {
    const entry = {
      id: 'same',
      type: 'kore-ai-for-work',
      baseUrl: 'https://h',
      credentials: { apiKey: 'k' },
    };
    expect(errorOf(() => parseSourceConfigs([entry, entry])).issues).toEqual([
      { path: 'sources[1].id', message: 'duplicate source id "same"' },
    ]);
  });
});
