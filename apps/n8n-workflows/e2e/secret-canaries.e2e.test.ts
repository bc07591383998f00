// Secret canaries through a real n8n (the pinned 2.41.1) under fault injection. Every secret of
// every credential type is a unique canary (Kore.ai XO client secret, AI for Work API key, UiPath
// client secret), and a tap between n8n and the simulator records every token n8n sends or receives
// (Kore.ai XO's signed JWTs, UiPath bearer tokens). One `n8n start` (SQLite, debug log to console
// and file) runs, per source, an Audit Relay Trigger polling every 4 s and a webhook that runs Get
// Many; phase after phase the simulator answers every request with one failure: a 5xx whose body
// echoes the request (headers included), 401 after the token expired, truncated JSON, HTML with
// status 200, and finally secrets that no longer match. In each phase every Get Many and every
// trigger must fail with a NodeApiError/NodeOperationError naming that failure, and `n8n execute
// --rawOutput` runs one Get Many on a copy of the user folder. Then no canary and no token may
// appear in n8n's stdout/stderr, its log files, any webhook answer, the stored executions
// (`execution_data`, read directly) or any other file of the user folders, the database included.
import { createServer, request, type Server } from 'node:http';
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { randomBytes, randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type FaultSpec } from '@auditrelay/simulator';
import {
  IN_CI,
  freePort,
  n8nBinary,
  n8nEnv,
  n8nInstalled,
  packNodePackage,
  querySqlite,
  runN8n,
  startN8nServer,
  triggerNode,
  type N8nServer,
} from './harness.js';

type Simulator = Awaited<ReturnType<typeof startSimulator>>;
type VendorId = Parameters<Simulator['groundTruth']>[0];

const installed = n8nInstalled();
const canary = (name: string) => `canary-${name}-${randomBytes(12).toString('hex')}`;
const CANARY = {
  xoSecret: canary('xo-secret'),
  aiForWorkKey: canary('aiforwork-key'),
  uipathSecret: canary('uipath-secret'),
};
const WORKFLOW = 'arCanaries';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const DAY = 86_400_000;

const VENDORS: Array<{ vendor: VendorId; name: string; type: string; credential: string }> = [
  { vendor: 'kore-xo-admin-console', name: 'Kore XO', type: 'koreAiXoApi', credential: 'arCanXo' },
  {
    vendor: 'kore-ai-for-work',
    name: 'AI for Work',
    type: 'koreAiForWorkApi',
    credential: 'arCanAi',
  },
  {
    vendor: 'uipath-orchestrator-odata',
    name: 'Orchestrator',
    type: 'uiPathOAuth2Api',
    credential: 'arCanOrch',
  },
  {
    vendor: 'uipath-platform-audit',
    name: 'Platform',
    type: 'uiPathOAuth2Api',
    credential: 'arCanPm',
  },
  // The unified audit logs take the same PM.Audit.Read credential as Platform Management.
  {
    vendor: 'uipath-unified-audit',
    name: 'Unified',
    type: 'uiPathOAuth2Api',
    credential: 'arCanPm',
  },
];

interface Phase {
  name: string;
  /** What every failure of this phase says. */
  expect: RegExp;
  /** Which Get Many the CLI runs during this phase (`n8n execute --rawOutput`). */
  cli: VendorId;
  start: (sim: Simulator) => void;
  stop: (sim: Simulator) => void;
}

const faultPhase = (
  name: string,
  expected: RegExp,
  cli: VendorId,
  fault: (vendor: VendorId) => FaultSpec,
): Phase => ({
  name,
  expect: expected,
  cli,
  start: (sim) => VENDORS.forEach(({ vendor }) => sim.faults.add(fault(vendor))),
  stop: (sim) => sim.faults.clear(),
});

const PHASES: Phase[] = [
  faultPhase('5xx echoing the request', /status 500/, 'kore-ai-for-work', (vendor) => ({
    vendor,
    kind: 'status',
    status: 500,
    echoRequest: true,
    times: 100_000,
  })),
  faultPhase(
    '401 after the token expired',
    /status 401/,
    'uipath-orchestrator-odata',
    (vendor) => ({
      vendor,
      kind: 'token-expired',
      times: 100_000,
    }),
  ),
  faultPhase('truncated JSON', /not valid JSON/, 'uipath-platform-audit', (vendor) => ({
    vendor,
    kind: 'truncated-json',
    times: 100_000,
  })),
  faultPhase(
    'HTML with status 200',
    /but got text\/html \(status 200\)/,
    'kore-xo-admin-console',
    (vendor) => ({
      vendor,
      kind: 'html-200',
      times: 100_000,
    }),
  ),
  {
    name: 'wrong secrets',
    expect: /status 401|token request was refused/,
    cli: 'uipath-platform-audit',
    start: (sim) => {
      const c = sim.credentials;
      c.koreXo.clientSecret = 'the-app-secret-was-rotated';
      c.aiForWork.revokedKeys = [...(c.aiForWork.revokedKeys ?? []), CANARY.aiForWorkKey];
      c.aiForWork.apiKey = 'a-new-key-was-issued';
      c.uipath.clientSecret = 'the-client-secret-was-rotated';
      sim.expireTokens();
    },
    stop: () => undefined,
  },
];

/** Records what crosses between n8n and the simulator: every token and signed JWT it sends. */
async function startTap(target: string, tokens: Set<string>): Promise<Server> {
  const targetUrl = new URL(target);
  const server = createServer((req, res) => {
    for (const name of ['auth', 'authorization']) {
      const value = req.headers[name];
      if (typeof value === 'string') tokens.add(value.replace(/^Bearer\s+/i, ''));
    }
    const upstream = request(
      {
        host: targetUrl.hostname,
        port: targetUrl.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          const body = Buffer.concat(chunks);
          const token = /"access_token"\s*:\s*"([^"]+)"/.exec(body.toString())?.[1];
          if (token) tokens.add(token);
          res.writeHead(answer.statusCode ?? 502, answer.headers).end(body);
        });
        answer.on('error', () => res.destroy());
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(path)));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

describe.skipIf(!installed && !IN_CI)('secret canaries through a real n8n under faults', () => {
  let sim: Simulator;
  let tap: Server;
  let server: N8nServer | undefined;
  let home: string;
  let cliHome: string;
  let env: NodeJS.ProcessEnv;
  let cliEnv: NodeJS.ProcessEnv;
  let base: string;
  const tokens = new Set<string>();
  const outputs: string[] = [];

  beforeAll(async () => {
    expect(installed, `n8n is not installed at ${n8nBinary()}`).toBe(true);
    sim = await startSimulator({
      seed: 'n8n-e2e-canaries',
      rateLimits: { 'kore-xo-admin-console': false },
      credentials: {
        koreXo: { clientSecret: CANARY.xoSecret },
        aiForWork: { apiKey: CANARY.aiForWorkKey },
        uipath: { clientSecret: CANARY.uipathSecret },
      },
    });
    tap = await startTap(sim.url, tokens);
    const tapUrl = `http://127.0.0.1:${(tap.address() as { port: number }).port}`;
    const via = (url: string) => url.replace(sim.url, tapUrl);
    const c = sim.credentials;

    const { dir: packageDir } = await packNodePackage();
    home = await mkdtemp(join(tmpdir(), 'auditrelay-n8n-canaries-'));
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const logging = (folder: string) => ({
      N8N_LOG_LEVEL: 'debug',
      N8N_LOG_OUTPUT: 'console,file',
      N8N_LOG_FILE_LOCATION: join(folder, '.n8n/logs/n8n.log'),
    });
    env = await n8nEnv(home, packageDir, {
      N8N_PORT: String(port),
      N8N_DISABLE_UI: 'true',
      ...logging(home),
    });

    const uipath = (auditLog: string) => ({
      baseUrl: via(sim.baseUrls['uipath-orchestrator-odata']),
      organization: c.uipath.organization,
      tenant: c.uipath.tenant,
      auditLog,
      clientId: c.uipath.clientId,
      clientSecret: CANARY.uipathSecret,
    });
    const credentials = [
      {
        id: 'arCanXo',
        name: 'arCanXo',
        type: 'koreAiXoApi',
        data: {
          host: via(sim.baseUrls['kore-xo-admin-console']),
          clientId: c.koreXo.clientId,
          clientSecret: CANARY.xoSecret,
        },
      },
      {
        id: 'arCanAi',
        name: 'arCanAi',
        type: 'koreAiForWorkApi',
        data: { host: via(sim.baseUrls['kore-ai-for-work']), apiKey: CANARY.aiForWorkKey },
      },
      { id: 'arCanOrch', name: 'arCanOrch', type: 'uiPathOAuth2Api', data: uipath('orchestrator') },
      { id: 'arCanPm', name: 'arCanPm', type: 'uiPathOAuth2Api', data: uipath('platform') },
    ];

    const from = new Date(Date.now() - 2 * DAY).toISOString();
    const to = new Date(Date.now() - DAY).toISOString();
    const getMany = (id: string, name: string, vendor: VendorId, position: number[]) => {
      const { type, credential } = VENDORS.find((v) => v.vendor === vendor)!;
      return {
        id,
        name,
        type: 'CUSTOM.auditRelay',
        typeVersion: 1,
        position,
        parameters: { source: vendor, from, to, returnAll: true, output: 'simplified' },
        credentials: { [type]: { id: credential, name: credential } },
      };
    };
    // One published workflow: per source an Audit Relay Trigger polling every 4 s, and a
    // webhook that runs Get Many and answers with its outcome.
    const nodes: unknown[] = [];
    const connections: Record<string, unknown> = {};
    VENDORS.forEach(({ vendor, name, type, credential }, i) => {
      nodes.push(
        triggerNode({
          id: `trigger-${i}`,
          source: { name, vendor, type, credential },
          position: [0, i * 400],
          startAt: new Date(Date.now() - 10 * 60_000).toISOString(),
          pollEverySeconds: 4,
          options: { lagSeconds: 0 },
        }),
        {
          id: `webhook-${i}`,
          name: `Webhook ${name}`,
          type: 'n8n-nodes-base.webhook',
          typeVersion: 2,
          position: [0, i * 400 + 200],
          webhookId: randomUUID(),
          parameters: {
            httpMethod: 'POST',
            path: `canary-${vendor}`,
            responseMode: 'lastNode',
            options: {},
          },
        },
        getMany(`get-${i}`, `Get Many ${name}`, vendor, [240, i * 400 + 200]),
      );
      connections[`Webhook ${name}`] = {
        main: [[{ node: `Get Many ${name}`, type: 'main', index: 0 }]],
      };
    });
    const workflows = [
      {
        id: WORKFLOW,
        name: 'Secret canaries',
        active: false,
        settings: { executionOrder: 'v1' },
        nodes,
        connections,
      },
      ...VENDORS.map(({ vendor, name }, i) => ({
        id: `arCanCli${i}`,
        name: `Secret canaries: Get Many ${name} (CLI)`,
        active: false,
        settings: { executionOrder: 'v1' },
        nodes: [
          {
            id: `cli-start-${i}`,
            name: 'Start',
            type: 'n8n-nodes-base.manualTrigger',
            typeVersion: 1,
            position: [0, 0],
            parameters: {},
          },
          getMany(`cli-get-${i}`, `Get Many ${name}`, vendor, [240, 0]),
        ],
        connections: {
          Start: { main: [[{ node: `Get Many ${name}`, type: 'main', index: 0 }]] },
        },
      })),
    ];
    // The import files hold the secrets in clear: they live outside the scanned folders.
    const inputs = await mkdtemp(join(tmpdir(), 'auditrelay-n8n-canaries-input-'));
    await writeFile(join(inputs, 'credentials.json'), JSON.stringify(credentials));
    await writeFile(join(inputs, 'workflows.json'), JSON.stringify(workflows));
    for (const args of [
      ['import:credentials', `--input=${join(inputs, 'credentials.json')}`],
      ['import:workflow', `--input=${join(inputs, 'workflows.json')}`],
      ['publish:workflow', `--id=${WORKFLOW}`],
    ]) {
      const result = await runN8n(args, env);
      outputs.push(result.stdout, result.stderr);
      expect(result.code, result.stderr + result.stdout).toBe(0);
    }
    // The CLI runs alongside the server, on a copy of the same user folder (its own database).
    cliHome = await mkdtemp(join(tmpdir(), 'auditrelay-n8n-canaries-cli-'));
    await cp(join(home, '.n8n'), join(cliHome, '.n8n'), { recursive: true });
    cliEnv = await n8nEnv(cliHome, packageDir, logging(cliHome));
    await rm(inputs, { recursive: true, force: true });
  });

  afterAll(async () => {
    await server?.stop('SIGKILL');
    await sim?.close();
    await new Promise((resolve) => tap?.close(resolve));
  });

  it('no canary, token or JWT in any output, log, response or stored execution', async () => {
    server = await startN8nServer(env);
    const responses: string[] = [];
    // Phases start once the workflow is active: every webhook answers (Get Many succeeds, no
    // fault yet) and every trigger's first poll has stored its state.
    const call = async (vendor: VendorId) => {
      const response = await fetch(`${base}/webhook/canary-${vendor}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
        signal: AbortSignal.timeout(90_000),
      });
      return { status: response.status, body: await response.text() };
    };
    const triggersReady = () => {
      const [row] = querySqlite<{ staticData: string | null }>(
        home,
        'SELECT staticData FROM workflow_entity WHERE id = ?',
        WORKFLOW,
      );
      const stored = JSON.parse(row?.staticData ?? '{}') as Record<
        string,
        { auditRelay?: { checkpoint?: unknown; pending?: unknown } }
      >;
      return VENDORS.every(({ name }) => {
        const state = stored[`node:Trigger ${name}`]?.auditRelay;
        return Boolean(state?.checkpoint ?? state?.pending);
      });
    };
    for (let waited = 0; ; waited += 500) {
      const statuses = await Promise.all(
        VENDORS.map(async ({ vendor }) => (await call(vendor)).status),
      );
      if (statuses.every((status) => status === 200) && triggersReady()) break;
      if (waited > 90_000)
        throw new Error(`the workflow did not become active: ${statuses.join(' ')}`);
      await sleep(500);
    }
    const executions = () =>
      querySqlite<{ id: number; status: string; data: string }>(
        home,
        `SELECT e.id AS id, e.status AS status, d.data AS data
           FROM execution_entity e JOIN execution_data d ON d.executionId = e.id`,
      );
    const report: string[] = [];
    const problems: string[] = [];
    for (const phase of PHASES) {
      const started = Date.now();
      const before = Math.max(0, ...executions().map((row) => row.id));
      phase.start(sim);
      const cli = VENDORS.findIndex(({ vendor }) => vendor === phase.cli);
      const cliRun = runN8n(['execute', `--id=arCanCli${cli}`, '--rawOutput'], cliEnv);
      const answers = await Promise.all(VENDORS.map(async ({ vendor }) => await call(vendor)));
      for (const answer of answers) responses.push(answer.body);
      // Every node fails in this phase, with this phase's failure, as a NodeApiError or
      // NodeOperationError (a trigger's failure is stored as an execution too).
      const nodes = VENDORS.flatMap(({ name }) => [`Get Many ${name}`, `Trigger ${name}`]);
      const seen = new Map<string, number>();
      for (let waited = 0; seen.size < nodes.length && waited < 60_000; waited += 500) {
        const rows = querySqlite<{ data: string }>(
          home,
          `SELECT d.data AS data FROM execution_entity e
             JOIN execution_data d ON d.executionId = e.id
            WHERE e.id > ? AND e.status = 'error'`,
          before,
        ).filter(({ data }) => phase.expect.test(data) && /"Node(Api|Operation)Error"/.test(data));
        for (const node of nodes)
          if (!seen.has(node) && rows.some(({ data }) => data.includes(`"${node}"`)))
            seen.set(node, Date.now() - started);
        if (seen.size < nodes.length) await sleep(500);
      }
      const result = await cliRun;
      outputs.push(result.stdout, result.stderr);
      phase.stop(sim);
      for (const node of nodes.filter((name) => !seen.has(name)))
        problems.push(`${phase.name}: no stored failure of "${node}" matching ${phase.expect}`);
      answers.forEach((answer, i) => {
        if (answer.status !== 500)
          problems.push(`${phase.name}: webhook ${VENDORS[i]!.name} answered ${answer.status}`);
      });
      const cliText = result.stdout + result.stderr;
      if (
        result.code === 0 ||
        !phase.expect.test(cliText) ||
        !/Node(Api|Operation)Error/.test(cliText)
      )
        problems.push(`${phase.name}: the CLI run did not fail clearly (exit ${result.code})`);
      report.push(
        `${phase.name}: ${((Date.now() - started) / 1000).toFixed(1)} s (${[...seen].map(([node, ms]) => `${node} ${(ms / 1000).toFixed(1)}`).join(', ')}), CLI exit ${result.code}`,
      );
    }
    await server.stop('SIGTERM');
    outputs.push(server.output());

    const stored = executions();
    const files = [...(await filesUnder(home)), ...(await filesUnder(cliHome))];
    const contents = await Promise.all(
      files.map(async (file) => ({ file, text: (await readFile(file)).toString('latin1') })),
    );
    report.push(`${tokens.size} tokens seen, ${stored.length} executions, ${files.length} files`);
    const places: Array<{ place: string; text: string }> = [
      ...outputs.map((text, i) => ({ place: `n8n output ${i}`, text })),
      ...responses.map((text, i) => ({ place: `webhook answer ${i}`, text })),
      ...stored.map((row) => ({ place: `execution_data of execution ${row.id}`, text: row.data })),
      ...contents.map(({ file, text }) => ({ place: file, text })),
    ];
    expect(tokens.size, 'the tap saw tokens').toBeGreaterThan(0);
    for (const secret of [...Object.values(CANARY), ...tokens]) {
      const label = secret.startsWith('canary-') ? secret : `a token (${secret.slice(0, 8)}…)`;
      for (const { place, text } of places)
        if (text.includes(secret)) problems.push(`${label} in ${place}`);
    }
    // Any JWT at all (Kore.ai XO's are signed with the client secret).
    for (const { place, text } of places)
      if (/eyJ[\w-]{8,}\.eyJ[\w-]{8,}\.[\w-]{8,}/.test(text)) problems.push(`a JWT in ${place}`);
    console.log(report.join('\n'));
    expect(problems, report.join('\n')).toEqual([]);
  });
});
