import { describe, expect, it } from 'vitest';
import { mergeDeep, parseSourceFlag } from './source-flags.js';

describe('--source', () => {
  it('selects by id or defines a source inline with dotted keys', () => {
    expect(parseSourceFlag('kore-prod')).toEqual({ kind: 'id', id: 'kore-prod' });
    expect(
      parseSourceFlag(
        'id=x,type=kore-ai-for-work,baseUrl=https://h,credentials.apiKey=env:KEY,options.responseCap=500,options.allowInsecureHttp=true',
      ),
    ).toEqual({
      kind: 'inline',
      id: 'x',
      values: {
        id: 'x',
        type: 'kore-ai-for-work',
        baseUrl: 'https://h',
        credentials: { apiKey: 'env:KEY' },
        options: { responseCap: 500, allowInsecureHttp: true },
      },
    });
  });

  it('rejects malformed inline definitions clearly', () => {
    expect(() => parseSourceFlag('type=x,=y')).toThrow(
      /--source: expected a source id or key=value pairs/,
    );
    expect(() => parseSourceFlag('type=kore-ai-for-work')).toThrow(
      '--source: an inline source needs id=<name>',
    );
  });

  it('refuses a literal credential (it would show in ps and shell history), naming only the key', () => {
    let error: unknown;
    try {
      parseSourceFlag('id=x,type=kore-ai-for-work,credentials.apiKey=literal-secret-value');
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'USAGE', exitCode: 2 });
    expect(String((error as Error).message)).toContain('credentials.apiKey=env:NAME');
    expect(String((error as Error).message)).not.toContain('literal-secret-value');
    expect(() => parseSourceFlag('id=x,credentials.apiKey=env:')).toThrow(/env:NAME/);
  });

  it('overrides only the given keys of a configured source', () => {
    const merged = mergeDeep(
      { id: 'a', credentials: { clientId: 'c', clientSecret: 's' }, options: { pageSize: 10 } },
      { options: { lagSeconds: 0 } },
    );
    expect(merged).toEqual({
      id: 'a',
      credentials: { clientId: 'c', clientSecret: 's' },
      options: { pageSize: 10, lagSeconds: 0 },
    });
  });
});
