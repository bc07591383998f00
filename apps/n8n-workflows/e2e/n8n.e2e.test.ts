// A real n8n (pinned, installed by scripts/ci/install-n8n.sh) loads the packed node package as a
// custom extension, imports credentials and the example workflows pointed at the simulator, and
// runs them headless with `n8n execute`. The simulator runs in this process, so its ground truth
// is at hand; n8n reaches it over loopback HTTP.
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '@auditrelay/simulator';
import {
  IN_CI,
  N8N_VERSION,
  WORKFLOWS_DIR,
  n8nBinary,
  n8nEnv,
  n8nInstalled,
  packNodePackage,
  runN8n,
  type RunResult,
} from './harness.js';

type Simulator = Awaited<ReturnType<typeof startSimulator>>;
type VendorId = Parameters<Simulator['groundTruth']>[0];

interface WorkflowNode {
  name: string;
  type: string;
  parameters: Record<string, unknown>;
  credentials?: Record<string, { id: string; name: string }>;
}
interface Workflow {
  id: string;
  name: string;
  nodes: WorkflowNode[];
  [key: string]: unknown;
}

const PACKAGE = '@auditrelay/n8n-nodes-auditrelay';
const DAY = 86_400_000;
const installed = n8nInstalled();

if (!installed && !IN_CI) {
  // Locally the test needs `scripts/ci/install-n8n.sh` once; in CI a missing n8n is a failure.
  console.warn(`n8n e2e skipped: ${n8nBinary()} is missing; run scripts/ci/install-n8n.sh`);
}

describe.skipIf(!installed && !IN_CI)(`a real n8n ${N8N_VERSION}`, () => {
  let sim: Simulator;
  let env: NodeJS.ProcessEnv;
  let from: string;
  let to: string;
  const secrets: string[] = [];
  const outputs: RunResult[] = [];

  const execute = async (id: string) => {
    const result = await runN8n(['execute', `--id=${id}`, '--rawOutput'], env);
    outputs.push(result);
    return result;
  };

  beforeAll(async () => {
    expect(installed, `n8n is not installed at ${n8nBinary()} (scripts/ci/install-n8n.sh)`).toBe(
      true,
    );
    sim = await startSimulator({ seed: 31 });
    const now = Date.now();
    from = new Date(now - 10 * DAY).toISOString();
    to = new Date(now - DAY).toISOString();
    const { credentials: c, baseUrls } = sim;
    secrets.push(c.koreXo.clientSecret, c.aiForWork.apiKey, c.uipath.clientSecret);

    const { dir: packageDir } = await packNodePackage();
    const home = await mkdtemp(join(tmpdir(), 'auditrelay-n8n-'));
    // Not vitest's NODE_ENV=test: n8n must run as it does for users.
    env = await n8nEnv(home, packageDir);

    const uipath = (auditLog: string, clientSecret = c.uipath.clientSecret) => ({
      baseUrl: baseUrls['uipath-orchestrator-odata'],
      organization: c.uipath.organization,
      tenant: c.uipath.tenant,
      auditLog,
      clientId: c.uipath.clientId,
      clientSecret,
    });
    const credentials = [
      {
        id: 'arKoreXoCred',
        name: 'Kore.ai XO',
        type: 'koreAiXoApi',
        data: {
          host: baseUrls['kore-xo-admin-console'],
          clientId: c.koreXo.clientId,
          clientSecret: c.koreXo.clientSecret,
        },
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
        name: 'UiPath Platform Management',
        type: 'uiPathOAuth2Api',
        data: uipath('platform'),
      },
      {
        id: 'arKoreXoBadCred',
        name: 'Kore.ai XO (wrong secret)',
        type: 'koreAiXoApi',
        data: {
          host: baseUrls['kore-xo-admin-console'],
          clientId: c.koreXo.clientId,
          clientSecret: 'not-the-app-secret-at-all',
        },
      },
      {
        id: 'arUiPathBadCred',
        name: 'UiPath (wrong secret)',
        type: 'uiPathOAuth2Api',
        data: uipath('orchestrator', 'not-the-app-secret-either'),
      },
    ];

    // The repo's example workflows, with the custom-extension type prefix and a fixed range.
    const workflows: Workflow[] = [];
    for (const file of (await readdir(WORKFLOWS_DIR)).filter((name) => name.endsWith('.json'))) {
      const workflow = JSON.parse(await readFile(join(WORKFLOWS_DIR, file), 'utf8')) as Workflow;
      for (const node of workflow.nodes) {
        node.type = node.type.replace(`${PACKAGE}.`, 'CUSTOM.');
        if (node.type === 'CUSTOM.auditRelay') Object.assign(node.parameters, { from, to });
      }
      workflows.push(workflow);
    }
    const withCredential = (id: string, base: string, credentialId: string): Workflow => {
      const copy = JSON.parse(
        JSON.stringify(workflows.find((workflow) => workflow.id === base)),
      ) as Workflow;
      copy.id = id;
      copy.name = `${copy.name} (wrong secret)`;
      for (const node of copy.nodes) {
        for (const reference of Object.values(node.credentials ?? {})) reference.id = credentialId;
      }
      return copy;
    };
    workflows.push(
      withCredential('arKoreXoBadSecret', 'arKoreXoGetMany', 'arKoreXoBadCred'),
      withCredential('arUiPathBadSecret', 'arOrchestratorGetMany', 'arUiPathBadCred'),
      // An Orchestrator credential asks for OR.Audit.Read only, so Platform Management refuses it.
      withCredential('arPlatformOrScope', 'arPlatformGetMany', 'arUiPathOrchCred'),
    );

    await writeFile(join(home, 'credentials.json'), JSON.stringify(credentials));
    await writeFile(join(home, 'workflows.json'), JSON.stringify(workflows));
    const imported = await runN8n(
      ['import:credentials', `--input=${join(home, 'credentials.json')}`],
      env,
    );
    expect(imported.code, imported.stderr + imported.stdout).toBe(0);
    const importedWorkflows = await runN8n(
      ['import:workflow', `--input=${join(home, 'workflows.json')}`],
      env,
    );
    expect(importedWorkflows.code, importedWorkflows.stderr + importedWorkflows.stdout).toBe(0);
  });

  afterAll(async () => {
    await sim?.close();
  });

  function eventsOf(result: RunResult): Array<Record<string, unknown>> {
    expect(result.code, result.stderr + result.stdout.slice(0, 2000)).toBe(0);
    // --rawOutput prints the run as pretty JSON between log lines: from a line "{" to a line "}".
    const lines = result.stdout.split('\n');
    const start = lines.indexOf('{');
    const end = lines.indexOf('}', start);
    const run = JSON.parse(lines.slice(start, end + 1).join('\n')) as {
      data: {
        resultData: {
          runData: Record<string, Array<{ data: { main: Array<Array<{ json: object }>> } }>>;
        };
      };
    };
    const relay = run.data.resultData.runData['Audit Relay']?.[0];
    return (relay?.data.main[0] ?? []).map((item) => item.json as Record<string, unknown>);
  }

  it.each([
    ['arKoreXoGetMany', 'kore-xo-admin-console'],
    ['arAiForWorkGetMany', 'kore-ai-for-work'],
    ['arOrchestratorGetMany', 'uipath-orchestrator-odata'],
    ['arPlatformGetMany', 'uipath-platform-audit'],
  ] as Array<[string, VendorId]>)(
    'workflow %s returns exactly the ground truth of %s',
    async (id, vendor) => {
      const events = eventsOf(await execute(id));
      const truth = sim.groundTruth(vendor, { from, to });
      expect(events.length).toBeGreaterThan(0);
      expect(events).toHaveLength(truth.length);
      expect(new Set(events.map((event) => event.id)).size).toBe(events.length);
      expect(events[0]).toMatchObject({ schemaVersion: 1, source: { type: vendor } });
    },
  );

  it('workflow arUnifiedGetMany returns the tenant-level Orchestrator events (Scope, a listed filter)', async () => {
    const events = eventsOf(await execute('arUnifiedGetMany'));
    const truth = (
      sim.groundTruthOfSource('uipath-unified-audit', { from, to, scope: 'tenant' }) as Array<{
        id: string;
        eventSource: string;
      }>
    ).filter((record) => record.eventSource === 'Orchestrator');
    expect(truth.length).toBeGreaterThan(0);
    expect(events.map((event) => event.id).sort()).toEqual(truth.map((record) => record.id).sort());
    expect(events[0]).toMatchObject({ source: { type: 'uipath-unified-audit' } });
  });

  it('a wrong Kore.ai XO secret fails with the vendor message', async () => {
    const result = await execute('arKoreXoBadSecret');
    expect(result.code).not.toBe(0);
    expect(result.stdout + result.stderr).toMatch(/Invalid SDK credentials.*status 401/);
  });

  it('a wrong UiPath secret fails on the token with a clear message', async () => {
    const result = await execute('arUiPathBadSecret');
    expect(result.code).not.toBe(0);
    expect(result.stdout + result.stderr).toMatch(/token request was refused/);
  });

  it("the UiPath token carries only the credential's audit scope", async () => {
    const result = await execute('arPlatformOrScope');
    expect(result.code).not.toBe(0);
    expect(result.stdout + result.stderr).toMatch(/status 403.*Check the app or token scopes/);
  });

  it('no secret appears in any output', () => {
    expect(outputs.length).toBe(8);
    const all = outputs.map((output) => output.stdout + output.stderr).join('\n');
    for (const secret of secrets) expect(all).not.toContain(secret);
  });
});
