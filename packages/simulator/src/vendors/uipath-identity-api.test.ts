import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../simulator.js';
import { bearer, http, orchestratorUrl, pmUrl, smallData, tokenForm } from '../testing/helpers.js';
import { checkSchema, loadOpenApi } from '../testing/openapi-check.js';
import type { Simulator } from '../types.js';

const spec = loadOpenApi(
  new URL('../__fixtures__/uipath-identity-token.openapi.yaml', import.meta.url),
);
const form =
  spec.paths['/connect/token']!['post']!.requestBody!.content!['application/x-www-form-urlencoded']!
    .schema!;

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ data: smallData(20) });
});
afterAll(() => sim.close());

const tokenUrl = (variant = 'identity_') => `${sim.url}/uipath/${variant}/connect/token`;
const post = (body: string, contentType = 'application/x-www-form-urlencoded', variant?: string) =>
  http(tokenUrl(variant), { method: 'POST', headers: { 'content-type': contentType }, body });

describe('UiPath token endpoint (identity fixture)', () => {
  it('the request the simulator documents fits the fixture form schema', () => {
    const fields = Object.fromEntries(
      new URLSearchParams(tokenForm(sim, { scope: 'PM.Audit.Read' })),
    );
    expect(checkSchema(spec, form, fields)).toEqual([]);
    expect(form.required).toEqual(['client_id', 'client_secret', 'grant_type']);
  });

  it.each(['identity_', 'identity'])(
    'issues a Bearer token on /%s/connect/token',
    async (variant) => {
      const res = await post(
        tokenForm(sim, { scope: 'PM.Audit.Read OR.Audit.Read' }),
        undefined,
        variant,
      );
      expect(res.status).toBe(200);
      expect(res.headers['cache-control']).toMatch(/no-store/);
      expect(Object.keys(res.json).sort()).toEqual([
        'access_token',
        'expires_in',
        'scope',
        'token_type',
      ]);
      expect(res.json).toMatchObject({
        expires_in: 3600,
        token_type: 'Bearer',
        scope: 'PM.Audit.Read OR.Audit.Read',
      });
      expect(res.json.access_token).toMatch(/^[\w-]{40,}$/);
    },
  );

  it('grants every allowed scope when none is asked for', async () => {
    const res = await post(tokenForm(sim));
    expect((res.json.scope as string).split(' ').sort()).toEqual([
      'OR.Audit',
      'OR.Audit.Read',
      'PM.Audit',
      'PM.Audit.Read',
    ]);
  });

  it.each([
    ['a wrong secret', { client_secret: 'wrong' }, 'invalid_client'],
    ['an unknown client', { client_id: 'someone' }, 'invalid_client'],
    ['a missing secret', { client_secret: '' }, 'invalid_client'],
    ['a missing grant_type', { grant_type: '' }, 'invalid_request'],
    ['another grant', { grant_type: 'password' }, 'unsupported_grant_type'],
    ['an unknown scope', { scope: 'OR.Jobs' }, 'invalid_scope'],
    ['offline_access', { scope: 'PM.Audit offline_access' }, 'invalid_scope'],
  ])('answers %s with 400 %s', async (_, fields, error) => {
    const res = await post(tokenForm(sim, fields));
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ error });
  });

  it('a JSON body gets an HTML page with status 200 (the documented failure mode)', async () => {
    const res = await post(
      JSON.stringify(Object.fromEntries(new URLSearchParams(tokenForm(sim)))),
      'application/json',
    );
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toMatch(/<!DOCTYPE html>/);
  });

  it('honours tokenTtlSeconds and expires tokens against the server clock', async () => {
    let clock = Date.UTC(2026, 0, 1);
    const local = await startSimulator({
      now: () => clock,
      data: smallData(5),
      behavior: { uipath: { tokenTtlSeconds: 60 } },
    });
    try {
      const res = await http(`${local.url}/uipath/identity_/connect/token`, {
        method: 'POST',
        body: tokenForm(local),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(res.json.expires_in).toBe(60);
      const auth = bearer(res.json.access_token);
      expect((await http(pmUrl(local), { headers: auth })).status).toBe(200);
      clock += 61_000;
      const expired = await http(pmUrl(local), { headers: auth });
      expect(expired.status).toBe(401);
      expect(expired.headers['www-authenticate']).toMatch(
        /^Bearer error="invalid_token", error_description="The token expired at/,
      );
    } finally {
      await local.close();
    }
  });

  it('credentials.uipath.scopes limits what may be granted: asking for more is invalid_scope, using the token elsewhere is 403', async () => {
    const local = await startSimulator({
      data: smallData(5),
      credentials: { uipath: { scopes: ['PM.Audit.Read'] } },
    });
    try {
      const ask = (scope: string) =>
        http(`${local.url}/uipath/identity_/connect/token`, {
          method: 'POST',
          body: tokenForm(local, { scope }),
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        });
      expect((await ask('OR.Audit.Read')).json).toEqual({ error: 'invalid_scope' });
      const granted = await ask('');
      expect(granted.json.scope).toBe('PM.Audit.Read');
      const res = await http(orchestratorUrl(local), {
        headers: bearer(granted.json.access_token),
      });
      expect(res.status).toBe(403);
    } finally {
      await local.close();
    }
  });

  it('GET is not allowed', async () => {
    expect((await http(tokenUrl())).status).toBe(405);
  });
});
