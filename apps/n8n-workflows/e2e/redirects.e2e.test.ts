// Redirects in a real n8n (2.41.1, the packed node package): the vendor answers 302 to another
// loopback port, which records the headers of everything that reaches it. Neither the Get Many
// node's requests (`n8n execute`) nor the credentials' Test button (`POST /rest/credentials/test`
// on `n8n start`) may follow it: the Kore `auth` header (a JWT or an admin's API key) and the
// UiPath bearer token must never arrive there.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '@auditrelay/simulator';
import {
  IN_CI,
  WORKFLOWS_DIR,
  freePort,
  n8nBinary,
  n8nEnv,
  n8nInstalled,
  packNodePackage,
  runN8n,
  startN8nServer,
  type N8nServer,
} from './harness.js';

type Simulator = Awaited<ReturnType<typeof startSimulator>>;
type VendorId = Parameters<Simulator['groundTruth']>[0];
const installed = n8nInstalled();
const DAY = 86_400_000;
const REDIRECTED: VendorId[] = [
  'kore-xo-admin-console',
  'kore-ai-for-work',
  'uipath-orchestrator-odata',
  'uipath-platform-audit',
];

describe.skipIf(!installed && !IN_CI)('redirects in a real n8n', () => {
  let sim: Simulator;
  let recorder: Server;
  let recorderUrl: string;
  const arrived: IncomingHttpHeaders[] = [];
  let home: string;
  let env: NodeJS.ProcessEnv;
  let n8n: N8nServer | undefined;

  /** Every API route of every vendor answers 302 to the recorder (the UiPath token route not). */
  function redirectEverything() {
    for (const vendor of REDIRECTED) {
      sim.faults.add({
        vendor,
        route: 'data',
        kind: 'status',
        status: 302,
        headers: { location: `${recorderUrl}/stolen/${vendor}` },
        times: 1000,
      });
    }
  }

  beforeAll(async () => {
    expect(installed, `n8n is not installed at ${n8nBinary()}`).toBe(true);
    sim = await startSimulator({ seed: 'n8n-redirects' });
    recorder = createServer((req, res) => {
      arrived.push(req.headers);
      // What a hostile host would answer: a success, so a followed redirect would "work".
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"auditlogs":[],"logs":[],"value":[],"results":[],"totalCount":0}');
    });
    await new Promise<void>((resolve) => recorder.listen(0, '127.0.0.1', resolve));
    recorderUrl = `http://127.0.0.1:${(recorder.address() as AddressInfo).port}`;

    const { dir: packageDir } = await packNodePackage();
    home = await mkdtemp(join(tmpdir(), 'auditrelay-n8n-redirects-'));
    env = await n8nEnv(home, packageDir);
    const { credentials: c, baseUrls } = sim;
    const uipath = (auditLog: string) => ({
      baseUrl: baseUrls['uipath-orchestrator-odata'],
      organization: c.uipath.organization,
      tenant: c.uipath.tenant,
      auditLog,
      clientId: c.uipath.clientId,
      clientSecret: c.uipath.clientSecret,
    });
    const credentials = [
      {
        id: 'arKoreXoCred',
        name: 'Kore.ai XO',
        type: 'koreAiXoApi',
        data: { host: baseUrls['kore-xo-admin-console'], ...c.koreXo },
      },
      {
        id: 'arAiForWorkCred',
        name: 'Kore.ai AI for Work',
        type: 'koreAiForWorkApi',
        data: { host: baseUrls['kore-ai-for-work'], apiKey: c.aiForWork.apiKey },
      },
      {
        id: 'arUiPathOrchCred',
        name: 'UiPath Orchestrator',
        type: 'uiPathOAuth2Api',
        data: uipath('orchestrator'),
      },
      {
        id: 'arUiPathPmCred',
        name: 'UiPath PM',
        type: 'uiPathOAuth2Api',
        data: uipath('platform'),
      },
    ];
    const now = Date.now();
    const workflows: Array<{ id: string; nodes: Array<Record<string, unknown>> }> = [];
    for (const file of (await readdir(WORKFLOWS_DIR)).filter((name) =>
      /^(kore|uipath)-.*\.json$/.test(name),
    )) {
      const workflow = JSON.parse(await readFile(join(WORKFLOWS_DIR, file), 'utf8')) as {
        id: string;
        nodes: Array<{ type: string; parameters: Record<string, unknown> }>;
      };
      for (const node of workflow.nodes) {
        node.type = node.type.replace('@auditrelay/n8n-nodes-auditrelay.', 'CUSTOM.');
        if (node.type === 'CUSTOM.auditRelay') {
          Object.assign(node.parameters, {
            from: new Date(now - 3 * DAY).toISOString(),
            to: new Date(now - DAY).toISOString(),
          });
        }
      }
      workflows.push(workflow);
    }
    await writeFile(join(home, 'credentials.json'), JSON.stringify(credentials));
    await writeFile(join(home, 'workflows.json'), JSON.stringify(workflows));
    for (const args of [
      ['import:credentials', `--input=${join(home, 'credentials.json')}`],
      ['import:workflow', `--input=${join(home, 'workflows.json')}`],
    ]) {
      const result = await runN8n(args, env);
      expect(result.code, result.stderr + result.stdout).toBe(0);
    }
  });

  afterAll(async () => {
    await n8n?.stop('SIGTERM');
    await new Promise((resolve) => recorder?.close(resolve));
    await sim?.close();
  });

  it.each([
    ['arKoreXoGetMany', 'kore-xo-admin-console'],
    ['arAiForWorkGetMany', 'kore-ai-for-work'],
    ['arOrchestratorGetMany', 'uipath-orchestrator-odata'],
    ['arPlatformGetMany', 'uipath-platform-audit'],
  ])('Get Many (%s) reports the 302 and sends nothing to the other host', async (id) => {
    sim.faults.clear();
    redirectEverything();
    const result = await runN8n(['execute', `--id=${id}`, '--rawOutput'], env);
    const output = result.stdout + result.stderr;
    expect(output).toMatch(/redirected to http:\/\/127\.0\.0\.1:\d+ \(status 302\)/);
    expect(arrived).toEqual([]);
  });

  it('the credentials’ Test button reports the 302 and sends nothing to the other host', async () => {
    sim.faults.clear();
    redirectEverything();
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    n8n = await startN8nServer({ ...env, N8N_PORT: String(port) });
    let cookie = '';
    const api = async (path: string, body: unknown) => {
      const response = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'browser-id': 'e2e', cookie },
        body: JSON.stringify(body),
      });
      const setCookie = response.headers.get('set-cookie');
      if (setCookie) cookie = setCookie.split(';')[0]!;
      return { status: response.status, json: await response.json() };
    };
    const owner = {
      email: 'owner@example.com',
      firstName: 'E',
      lastName: 'O',
      password: 'Example-passw0rd',
    };
    expect((await api('/rest/owner/setup', owner)).status).toBe(200);
    expect(
      (await api('/rest/login', { emailOrLdapLoginId: owner.email, password: owner.password }))
        .status,
    ).toBe(200);
    const { credentials: c, baseUrls } = sim;
    const uipath = {
      baseUrl: baseUrls['uipath-orchestrator-odata'],
      organization: c.uipath.organization,
      tenant: c.uipath.tenant,
      clientId: c.uipath.clientId,
      clientSecret: c.uipath.clientSecret,
    };
    const cases: Array<[string, Record<string, unknown>]> = [
      ['koreAiXoApi', { host: baseUrls['kore-xo-admin-console'], ...c.koreXo }],
      ['koreAiForWorkApi', { host: baseUrls['kore-ai-for-work'], apiKey: c.aiForWork.apiKey }],
      ['uiPathOAuth2Api', { ...uipath, auditLog: 'orchestrator' }],
      ['uiPathOAuth2Api', { ...uipath, auditLog: 'platform' }],
    ];
    for (const [type, data] of cases) {
      const created = await api('/rest/credentials', { name: `redirect ${type}`, type, data });
      expect(created.status, JSON.stringify(created.json)).toBe(200);
      const { id } = (created.json as { data: { id: string } }).data;
      const tested = await api('/rest/credentials/test', {
        credentials: { id, name: `redirect ${type}`, type, data },
      });
      const verdict = (tested.json as { data: { status: string; message: string } }).data;
      expect(verdict.status, `${type}: ${verdict.message}`).toBe('Error');
      expect(arrived, type).toEqual([]);
    }
  });
});
