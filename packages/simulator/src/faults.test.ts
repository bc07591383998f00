import { request } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from './simulator.js';
import {
  bearer,
  http,
  koreJwt,
  koreXoUrl,
  orchestratorUrl,
  pmUrl,
  smallData,
  tokenForm,
  uipathToken,
} from './testing/helpers.js';
import type { Simulator } from './types.js';

let sim: Simulator;
let kore: Record<string, string>;
let orch: Record<string, string>;

beforeAll(async () => {
  sim = await startSimulator({
    seed: 'faults',
    data: smallData(120),
    rateLimits: { 'kore-xo-admin-console': false },
  });
  kore = { auth: await koreJwt(sim) };
  orch = bearer(await uipathToken(sim));
  sim.resetRequestLog();
});
afterAll(() => sim.close());
afterEach(() => {
  sim.faults.clear();
  sim.resetRequestLog();
});

const koreGet = (query: Record<string, string | number> = {}) =>
  http(koreXoUrl(sim, query), { headers: kore });
const orchGet = (query: Record<string, string | number> = {}) =>
  http(orchestratorUrl(sim, query), { headers: orch });

describe('status faults', () => {
  it('answer in the vendor error shape by default, then normal service resumes', async () => {
    sim.faults.add({ vendor: 'kore-xo-admin-console', kind: 'status', status: 503, times: 2 });
    const first = await koreGet();
    expect(first.status).toBe(503);
    expect(first.json).toEqual({ errors: [{ msg: 'Service Unavailable', code: 503 }] });
    expect((await koreGet()).status).toBe(503);
    expect((await koreGet()).status).toBe(200);
    sim.faults.add({ vendor: 'uipath-orchestrator-odata', kind: 'status', status: 500 });
    const u = await orchGet();
    expect(u.status).toBe(500);
    expect(Object.keys(u.json).sort()).toEqual(['errorCode', 'message', 'traceId']);
    expect(sim.requests.map((r) => [r.status, r.fault])).toEqual([
      [503, 'status'],
      [503, 'status'],
      [200, undefined],
      [500, 'status'],
    ]);
  });

  it('custom body and headers; echoRequest echoes the request headers (secrets included, on purpose)', async () => {
    sim.faults.add({
      kind: 'status',
      status: 502,
      body: 'no healthy upstream',
      headers: { 'x-test': '1' },
    });
    const plain = await orchGet();
    expect(plain.status).toBe(502);
    expect(plain.text).toBe('no healthy upstream');
    expect(plain.headers['content-type']).toMatch(/^text\/plain/);
    expect(plain.headers['x-test']).toBe('1');
    sim.faults.add({ kind: 'status', status: 500, echoRequest: true });
    const echo = await koreGet({ size: 5 });
    expect(echo.status).toBe(500);
    expect(echo.json.request.headers.auth).toBe(kore['auth']);
    expect(echo.json.request.query).toEqual({ size: '5' });
  });

  it('afterRequests lets matching requests through first; vendor and route narrow the match', async () => {
    sim.faults.add({
      vendor: 'uipath-orchestrator-odata',
      route: 'details',
      kind: 'status',
      status: 500,
      afterRequests: 1,
    });
    expect((await orchGet()).status).toBe(200); // other route: not counted
    expect((await koreGet()).status).toBe(200); // other vendor
    const { organization, tenant } = sim.credentials.uipath;
    const details = `${sim.url}/uipath/${organization}/${tenant}/orchestrator_/odata/AuditLogs/UiPath.Server.Configuration.OData.GetAuditLogDetails(auditLogId=1)`;
    expect((await http(details, { headers: orch })).status).toBe(200);
    expect((await http(details, { headers: orch })).status).toBe(500);
    expect((await http(details, { headers: orch })).status).toBe(200);
  });

  it('faults queue up: each fires once in order', async () => {
    sim.faults.add({ kind: 'status', status: 500 });
    sim.faults.add({ kind: 'status', status: 503 });
    expect([(await koreGet()).status, (await koreGet()).status, (await koreGet()).status]).toEqual([
      500, 503, 200,
    ]);
  });

  it('the token endpoint is only faulted with route: token', async () => {
    const token = () =>
      http(`${sim.url}/uipath/identity_/connect/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: tokenForm(sim),
      });
    sim.faults.add({ vendor: 'uipath-platform-audit', kind: 'status', status: 500 });
    expect((await token()).status).toBe(200);
    sim.faults.clear();
    sim.faults.add({
      vendor: 'uipath-orchestrator-odata',
      route: 'token',
      kind: 'status',
      status: 503,
    });
    expect((await token()).status).toBe(503);
    expect((await token()).status).toBe(200);
  });
});

describe('rate-limit faults', () => {
  it.each([
    ['seconds', (v: string) => expect(v).toBe('3')],
    [
      'http-date',
      (v: string) =>
        expect(Math.round((Date.parse(v) - Date.now()) / 1000)).toBeGreaterThanOrEqual(2),
    ],
  ] as const)('429 with Retry-After as %s', async (mode, check) => {
    sim.faults.add({ kind: 'rate-limit', retryAfter: mode, retryAfterSeconds: 3 });
    const res = await koreGet();
    expect(res.status).toBe(429);
    expect(res.json.errors[0].msg).toMatch(/Rate limit for this API has been reached/);
    check(res.headers['retry-after'] as string);
    expect(sim.requests[0]).toMatchObject({
      status: 429,
      rateLimited: true,
      fault: 'rate-limit',
      retryAfter: res.headers['retry-after'],
    });
  });

  it('429 without Retry-After; UiPath shape', async () => {
    sim.faults.add({ kind: 'rate-limit', retryAfter: 'none' });
    const res = await orchGet();
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBeUndefined();
    expect(res.json.errorCode).toBe(429);
  });
});

describe('connection faults', () => {
  it('reset: the socket is destroyed before any response', async () => {
    sim.faults.add({ kind: 'reset' });
    await expect(request(koreXoUrl(sim), { headers: kore })).rejects.toThrow();
    expect(sim.requests[0]).toMatchObject({ status: 0, fault: 'reset' });
    expect((await koreGet()).status).toBe(200);
  });

  it('reset-mid-body: headers and half the body, then the socket dies', async () => {
    sim.faults.add({ kind: 'reset-mid-body' });
    const res = await request(koreXoUrl(sim), { headers: kore });
    expect(res.statusCode).toBe(200);
    const length = Number(res.headers['content-length']);
    expect(length).toBeGreaterThan(100);
    await expect(res.body.text()).rejects.toThrow();
  });

  it('delay slows the response down, then serves it normally', async () => {
    sim.faults.add({ kind: 'delay', ms: 150 });
    const started = performance.now();
    const res = await koreGet();
    expect(res.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });
});

describe('body faults', () => {
  it('truncated-json: 200, consistent content-length, unparsable JSON', async () => {
    sim.faults.add({ kind: 'truncated-json' });
    const res = await koreGet({ size: 20 });
    expect(res.status).toBe(200);
    expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(res.text));
    expect(res.json).toBeUndefined();
    expect(res.text.startsWith('{"total"')).toBe(true);
  });

  it('html-200: status 200 with an HTML error page', async () => {
    sim.faults.add({ vendor: 'uipath-platform-audit', kind: 'html-200' });
    const res = await http(pmUrl(sim), { headers: orch });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toMatch(/^<!DOCTYPE html>/);
  });

  it('duplicate-previous-page: the previous data body again', async () => {
    const first = await koreGet({ size: 10, offset: 0 });
    sim.faults.add({ kind: 'duplicate-previous-page' });
    const second = await koreGet({ size: 10, offset: 1 });
    expect(second.status).toBe(200);
    expect(second.json).toEqual(first.json);
    const third = await koreGet({ size: 10, offset: 1 });
    expect(third.json).not.toEqual(first.json);
  });

  it('cached-answer: the previous data body again, with the Age a cache sends', async () => {
    const first = await koreGet({ size: 10, offset: 0 });
    expect(first.headers.age).toBeUndefined();
    sim.faults.add({ kind: 'cached-answer', ageSeconds: 42 });
    const second = await koreGet({ size: 10, offset: 1 });
    expect(second.status).toBe(200);
    expect(second.headers.age).toBe('42');
    expect(second.json).toEqual(first.json);
    const third = await koreGet({ size: 10, offset: 1 });
    expect(third.headers.age).toBeUndefined();
    expect(third.json).not.toEqual(first.json);
  });

  it('token-expired: UiPath answers 401 and the token stays expired; Kore answers 401 Token expired', async () => {
    const token = await uipathToken(sim);
    sim.faults.add({ vendor: 'uipath-orchestrator-odata', kind: 'token-expired' });
    const res = await http(orchestratorUrl(sim), { headers: bearer(token) });
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/invalid_token/);
    expect((await http(orchestratorUrl(sim), { headers: bearer(token) })).status).toBe(401);
    expect(
      (await http(orchestratorUrl(sim), { headers: bearer(await uipathToken(sim)) })).status,
    ).toBe(200);
    sim.faults.add({ vendor: 'kore-xo-admin-console', kind: 'token-expired' });
    expect((await koreGet()).json.errors[0].msg).toBe('Token expired');
  });
});

describe('random faults and latency', () => {
  async function statuses(seed: string): Promise<Array<number | string>> {
    const local = await startSimulator({
      seed: 'faults',
      data: smallData(20),
      rateLimits: { 'kore-xo-admin-console': false },
    });
    try {
      local.faults.random({
        seed,
        probability: 0.5,
        kinds: ['status', 'rate-limit', 'html-200'],
        vendors: ['kore-xo-admin-console'],
      });
      const auth = { auth: await koreJwt(local) };
      const out: Array<number | string> = [];
      for (let i = 0; i < 30; i++) {
        const res = await http(koreXoUrl(local), { headers: auth });
        out.push(
          res.headers['content-type']?.toString().startsWith('text/html') ? 'html' : res.status,
        );
      }
      return out;
    } finally {
      await local.close();
    }
  }

  it('are reproducible for a seed and hit only the listed vendors', async () => {
    const a = await statuses('x');
    expect(a).toEqual(await statuses('x'));
    expect(a.filter((s) => s !== 200).length).toBeGreaterThan(5);
    expect(a.filter((s) => s === 200).length).toBeGreaterThan(5);
    sim.faults.random({
      seed: 1,
      probability: 1,
      kinds: ['status'],
      vendors: ['kore-ai-for-work'],
    });
    expect((await koreGet()).status).toBe(200);
    sim.faults.random(false);
  });

  it('behavior.latencyMs delays every request', async () => {
    const slow = await startSimulator({ data: smallData(5), behavior: { latencyMs: 80 } });
    try {
      const started = performance.now();
      await http(koreXoUrl(slow), { headers: { auth: await koreJwt(slow) } });
      expect(performance.now() - started).toBeGreaterThanOrEqual(75);
    } finally {
      await slow.close();
    }
  });
});
