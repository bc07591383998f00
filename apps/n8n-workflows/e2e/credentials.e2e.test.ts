// What the editor asks of a real n8n server (`n8n start` on free ports, temp user folder) that
// loaded the packed package, through n8n's REST API against the in-process simulator: each
// credential's own `test` request, as n8n's "Test" button runs it, and the trigger's test run
// ("Fetch Test Event").
import { createServer } from 'node:http';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '@auditrelay/simulator';
import {
  IN_CI,
  canonical,
  deliveryWorkflow,
  freePort,
  n8nBinary,
  n8nEnv,
  n8nInstalled,
  packNodePackage,
  startN8nServer,
  type N8nServer,
} from './harness.js';

type Simulator = Awaited<ReturnType<typeof startSimulator>>;
const installed = n8nInstalled();

describe.skipIf(!installed && !IN_CI)('the editor in a real n8n server', () => {
  let sim: Simulator;
  let n8n: N8nServer | undefined;
  let base: string;
  let cookie = '';

  async function api(path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
    const response = await fetch(`${base}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json', 'browser-id': 'e2e', cookie },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) cookie = setCookie.split(';')[0]!;
    return { status: response.status, json: await response.json() };
  }

  beforeAll(async () => {
    expect(installed, `n8n is not installed at ${n8nBinary()}`).toBe(true);
    sim = await startSimulator({ seed: 41 });
    const { dir } = await packNodePackage();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    n8n = await startN8nServer(
      await n8nEnv(await mkdtemp(join(tmpdir(), 'auditrelay-n8n-server-')), dir, {
        N8N_PORT: String(port),
      }),
    );
    const owner = {
      email: 'owner@example.com',
      firstName: 'E2E',
      lastName: 'Owner',
      password: 'Example-passw0rd',
    };
    expect((await api('/rest/owner/setup', owner)).status).toBe(200);
    const login = { emailOrLdapLoginId: owner.email, password: owner.password };
    expect((await api('/rest/login', login)).status).toBe(200);
  });

  afterAll(async () => {
    await n8n?.stop('SIGTERM');
    await sim?.close();
  });

  async function test(type: string, data: Record<string, unknown>) {
    const created = await api('/rest/credentials', { name: `e2e ${type}`, type, data });
    expect(created.status, JSON.stringify(created.json)).toBe(200);
    const { id } = (created.json as { data: { id: string } }).data;
    const tested = await api('/rest/credentials/test', {
      credentials: { id, name: `e2e ${type}`, type, data },
    });
    return (tested.json as { data: { status: string; message: string } }).data;
  }

  it('Kore.ai XO: signs a JWT and reads one audit record; a wrong secret is refused', async () => {
    const { koreXo } = sim.credentials;
    const host = sim.baseUrls['kore-xo-admin-console'];
    expect(await test('koreAiXoApi', { host, ...koreXo })).toMatchObject({ status: 'OK' });
    const wrong = await test('koreAiXoApi', { host, ...koreXo, clientSecret: 'not-it-at-all' });
    expect(wrong.status).toBe('Error');
  });

  it('Kore.ai AI for Work: the API key reads the audit log; a revoked key is refused', async () => {
    const { apiKey, revokedKeys } = sim.credentials.aiForWork;
    const host = sim.baseUrls['kore-ai-for-work'];
    expect(await test('koreAiForWorkApi', { host, apiKey })).toMatchObject({ status: 'OK' });
    const revoked = await test('koreAiForWorkApi', {
      host,
      apiKey: revokedKeys?.[0] ?? 'revoked-example-key',
    });
    expect(revoked.status).toBe('Error');
  });

  it('UiPath: a token with the audit scope reads either audit log; a wrong secret says why', async () => {
    const { organization, tenant, clientId, clientSecret } = sim.credentials.uipath;
    const baseUrl = sim.baseUrls['uipath-orchestrator-odata'];
    const common = { baseUrl, organization, clientId, clientSecret };
    expect(
      await test('uiPathOAuth2Api', { ...common, tenant, auditLog: 'orchestrator' }),
    ).toMatchObject({ status: 'OK' });
    expect(await test('uiPathOAuth2Api', { ...common, auditLog: 'platform' })).toMatchObject({
      status: 'OK',
    });
    const wrong = await test('uiPathOAuth2Api', {
      ...common,
      tenant,
      auditLog: 'orchestrator',
      clientSecret: 'not-it-at-all',
    });
    expect(wrong).toMatchObject({ status: 'Error' });
    expect(wrong.message).toMatch(/access token/i);
    expect(wrong.message).not.toContain('not-it-at-all');
  });

  it("the trigger's test run returns a few events from its start and moves no cursor", async () => {
    // The editor's test run of a workflow from its trigger: n8n calls the poll in manual mode.
    const received: unknown[] = [];
    const collector = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        received.push(JSON.parse(body));
        response.end('{}');
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = collector.address() as { port: number };
      const host = sim.baseUrls['kore-xo-admin-console'];
      const credential = await api('/rest/credentials', {
        name: 'e2e sample',
        type: 'koreAiXoApi',
        data: { host, ...sim.credentials.koreXo },
      });
      const credentialId = (credential.json as { data: { id: string } }).data.id;
      const startAt = new Date(Date.now() - 2 * 86_400_000).toISOString();
      const source = {
        name: 'Kore XO',
        vendor: 'kore-xo-admin-console',
        credential: credentialId,
        type: 'koreAiXoApi',
      };
      const { nodes, connections, settings } = deliveryWorkflow({
        id: 'arSample',
        name: 'e2e sample',
        sources: [source],
        startAt,
        collectorUrl: `http://127.0.0.1:${port}/`,
        pollEverySeconds: 30,
        triggerOptions: {},
      });
      const created = await api('/rest/workflows', {
        name: 'e2e sample',
        nodes,
        connections,
        settings,
      });
      expect(created.status, JSON.stringify(created.json)).toBe(200);
      const workflowId = (created.json as { data: { id: string } }).data.id;

      const run = await api(`/rest/workflows/${workflowId}/run`, {
        triggerToStartFrom: { name: 'Trigger Kore XO' },
      });
      expect(run.status, JSON.stringify(run.json)).toBe(200);
      for (let waited = 0; received.length === 0 && waited < 20_000; waited += 250) {
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const truth = new Set(
        sim.groundTruth('kore-xo-admin-console', { from: startAt }).map(canonical),
      );
      expect(received.length).toBeGreaterThan(0);
      expect(received.length).toBeLessThanOrEqual(5);
      expect(received.map(canonical).filter((record) => !truth.has(record))).toEqual([]);

      const stored = await api(`/rest/workflows/${workflowId}`);
      const { staticData } = (stored.json as { data: { staticData?: unknown } }).data;
      expect(JSON.stringify(staticData ?? {})).not.toContain('auditRelay');
    } finally {
      collector.close();
    }
  });
});
