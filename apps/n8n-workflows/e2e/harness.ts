// Shared by the end-to-end tests: packs the node package as npm would publish it, and finds or
// runs the pinned n8n that scripts/ci/install-n8n.sh installed.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DatabaseSync } from 'node:sqlite';
import { promisify } from 'node:util';

const exec = promisify(execFile);

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const NODE_PACKAGE_DIR = join(REPO, 'packages/n8n-nodes');
export const WORKFLOWS_DIR = join(REPO, 'apps/n8n-workflows/workflows');
export const N8N_VERSION = process.env.AUDITRELAY_N8N_VERSION ?? '2.41.1';

/** The launcher install-n8n.sh prints; `AUDITRELAY_N8N_BIN` overrides. */
export function n8nBinary(): string {
  const cache = process.env.AUDITRELAY_CACHE ?? join(homedir(), '.cache/auditrelay');
  return process.env.AUDITRELAY_N8N_BIN ?? join(cache, `n8n-${N8N_VERSION}`, 'n8n');
}

export const IN_CI = process.env.CI === 'true' || process.env.CI === '1';

function pnpmCommand(): { command: string; prefix: string[] } {
  const execPath = process.env.npm_execpath;
  if (execPath && /pnpm/.test(execPath)) {
    return execPath.endsWith('.cjs') || execPath.endsWith('.js')
      ? { command: process.execPath, prefix: [execPath] }
      : { command: execPath, prefix: [] };
  }
  return { command: 'pnpm', prefix: [] };
}

/** `pnpm pack` of the node package (workspace versions resolved), extracted; returns its folder. */
export async function packNodePackage(): Promise<{ dir: string; tarball: string }> {
  const work = await mkdtemp(join(tmpdir(), 'auditrelay-pack-'));
  const { command, prefix } = pnpmCommand();
  await exec(command, [...prefix, 'pack', '--pack-destination', work], { cwd: NODE_PACKAGE_DIR });
  const tarball = (await readdir(work)).find((file) => file.endsWith('.tgz'));
  if (!tarball) throw new Error(`pnpm pack left no tarball in ${work}`);
  const dir = join(work, 'package');
  await mkdir(dir);
  await exec('tar', ['-xzf', join(work, tarball), '-C', dir, '--strip-components=1']);
  return { dir, tarball: join(work, tarball) };
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the n8n CLI; never throws on a non-zero exit. */
export async function runN8n(args: string[], env: NodeJS.ProcessEnv): Promise<RunResult> {
  try {
    const { stdout, stderr } = await exec(n8nBinary(), args, {
      env,
      maxBuffer: 256 * 1024 * 1024,
      timeout: 120_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return {
      code: typeof failed.code === 'number' ? failed.code : 1,
      stdout: failed.stdout ?? '',
      stderr: failed.stderr ?? '',
    };
  }
}

/** The community-package scanner's lint pass over `dir` (see scan-package.mjs). */
export async function scanPackage(
  dir: string,
  patterns: string[],
): Promise<{ passed: boolean; message?: string; details?: string }> {
  const script = join(REPO, 'apps/n8n-workflows/e2e/scan-package.mjs');
  const { stdout } = await exec(process.execPath, [script, dir, ...patterns], {
    cwd: join(REPO, 'apps/n8n-workflows'),
    env: shellEnv(),
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(stdout) as { passed: boolean; message?: string; details?: string };
}

/** A TCP port nobody listens on right now (for n8n's task broker, so runs never collide). */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

export function n8nInstalled(): boolean {
  return existsSync(n8nBinary());
}

/**
 * The environment of a plain shell: eslint-plugin-n8n-nodes-base changes its rules when
 * NODE_ENV=test, which vitest sets, so lint and scan runs must not inherit it.
 */
export function shellEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...extra };
  delete env.NODE_ENV;
  delete env.FORCE_COLOR;
  delete env.VITEST;
  return env;
}

export async function runNodePackageBin(bin: string, args: string[]): Promise<RunResult> {
  try {
    const { stdout, stderr } = await exec(join(NODE_PACKAGE_DIR, 'node_modules/.bin', bin), args, {
      cwd: NODE_PACKAGE_DIR,
      env: shellEnv(),
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? 1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

/** The environment every n8n of the end-to-end tests runs with (not vitest's NODE_ENV=test). */
export async function n8nEnv(
  home: string,
  packageDir: string,
  extra: NodeJS.ProcessEnv = {},
): Promise<NodeJS.ProcessEnv> {
  return shellEnv({
    N8N_USER_FOLDER: home,
    N8N_CUSTOM_EXTENSIONS: packageDir,
    N8N_ENCRYPTION_KEY: 'e2e-only-encryption-key-0123456789',
    N8N_DIAGNOSTICS_ENABLED: 'false',
    N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
    N8N_PERSONALIZATION_ENABLED: 'false',
    N8N_RUNNERS_BROKER_PORT: String(await freePort()),
    ...extra,
  });
}

export interface N8nServer {
  child: ChildProcess;
  /** Everything it printed so far (stdout and stderr). */
  output: () => string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** Signals n8n and every process it started (its own process group), then waits for the exit. */
  stop: (signal: NodeJS.Signals) => Promise<void>;
}

/**
 * `n8n start` (or `n8n worker`) in its own process group, so that SIGKILL reaches its task runners
 * too; resolves once `/healthz/readiness` answers (`env` must carry N8N_PORT, or for a worker
 * QUEUE_HEALTH_CHECK_ACTIVE=true and QUEUE_HEALTH_CHECK_PORT).
 */
export async function startN8nServer(
  env: NodeJS.ProcessEnv,
  command: 'start' | 'worker' = 'start',
): Promise<N8nServer> {
  const child = spawn(n8nBinary(), [command], {
    env: { N8N_LISTEN_ADDRESS: '127.0.0.1', N8N_SECURE_COOKIE: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const chunks: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  const exited = new Promise<number | null>((resolveExit) =>
    child.once('exit', (code) => resolveExit(code)),
  );
  const output = () => chunks.join('');
  const stop = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid!, signal);
      } catch {
        // Already gone.
      }
    }
    await exited;
    // The group may outlive its leader for a moment (task runners): make sure it is gone.
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // Nothing left.
    }
  };
  const base = `http://127.0.0.1:${command === 'worker' ? env.QUEUE_HEALTH_CHECK_PORT : env.N8N_PORT}`;
  const started = Date.now();
  for (;;) {
    const ready = await fetch(`${base}/healthz/readiness`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() - started > 120_000 || child.exitCode !== null) {
      await stop('SIGKILL');
      throw new Error(`n8n did not start:\n${output().slice(-3000)}`);
    }
    await new Promise((resolveWait) => setTimeout(resolveWait, 250));
  }
  return { child, output, exited, stop };
}

/** Rows of a query on n8n's SQLite database (read-only; n8n may be running). */
export function querySqlite<T = Record<string, unknown>>(
  home: string,
  sql: string,
  ...params: Array<string | number>
): T[] {
  const db = new DatabaseSync(join(home, '.n8n/database.sqlite'), { readOnly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

/** A small seeded generator (xorshift32), so a failing run can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

/** JSON with object keys sorted, to compare records that went through n8n. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(
          Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)),
        )
      : inner,
  );
}

/** What `simulatorCredentials` needs of a running simulator. */
interface SimulatorAccess {
  baseUrls: Record<string, string>;
  credentials: {
    koreXo: { clientId: string; clientSecret: string };
    uipath: { clientId: string; clientSecret: string; organization: string; tenant: string };
  };
}

/** n8n credentials (for `import:credentials`) of the simulator's Kore XO and Orchestrator. */
export function simulatorCredentials(
  sim: SimulatorAccess,
  ids: { koreXo: string; orchestrator: string },
): unknown[] {
  const c = sim.credentials;
  return [
    {
      id: ids.koreXo,
      name: 'Kore.ai XO',
      type: 'koreAiXoApi',
      data: {
        host: sim.baseUrls['kore-xo-admin-console'],
        clientId: c.koreXo.clientId,
        clientSecret: c.koreXo.clientSecret,
      },
    },
    {
      id: ids.orchestrator,
      name: 'UiPath Orchestrator',
      type: 'uiPathOAuth2Api',
      data: {
        baseUrl: sim.baseUrls['uipath-orchestrator-odata'],
        organization: c.uipath.organization,
        tenant: c.uipath.tenant,
        auditLog: 'orchestrator',
        clientId: c.uipath.clientId,
        clientSecret: c.uipath.clientSecret,
      },
    },
  ];
}

export interface TriggerSource {
  name: string;
  vendor: string;
  credential: string;
  /** The credential type. */
  type: string;
}

/** An Audit Relay Trigger node (raw records) that polls every `pollEverySeconds`. */
export function triggerNode(options: {
  id: string;
  source: TriggerSource;
  position: number[];
  startAt: string;
  pollEverySeconds: number;
  options: Record<string, unknown>;
}): Record<string, unknown> {
  const { id, source, position, startAt, pollEverySeconds } = options;
  const seconds = Array.from({ length: 60 / pollEverySeconds }, (_, i) => i * pollEverySeconds);
  return {
    id,
    name: `Trigger ${source.name}`,
    type: 'CUSTOM.auditRelayTrigger',
    typeVersion: 1,
    position,
    parameters: {
      // One fixed-second cron per entry: n8n refuses a sub-minute expression, not many.
      pollTimes: {
        item: seconds.map((second) => ({ mode: 'custom', cronExpression: `${second} * * * * *` })),
      },
      source: source.vendor,
      startFrom: 'date',
      startAt,
      output: 'raw',
      options: options.options,
    },
    credentials: { [source.type]: { id: source.credential, name: source.credential } },
  };
}

/**
 * A workflow with one Audit Relay Trigger per source (raw records, polling every
 * `pollEverySeconds`), each followed by an HTTP Request that POSTs every item to `collectorUrl`
 * with the headers `x-source` (the source's name) and `x-execution` (n8n's execution id).
 */
export function deliveryWorkflow(options: {
  id: string;
  name: string;
  sources: TriggerSource[];
  startAt: string;
  collectorUrl: string;
  pollEverySeconds: number;
  triggerOptions: Record<string, unknown>;
}): Record<string, unknown> {
  const { id, sources, startAt, collectorUrl, pollEverySeconds, triggerOptions } = options;
  const nodes: unknown[] = [];
  const connections: Record<string, unknown> = {};
  sources.forEach((source, index) => {
    const { name } = source;
    nodes.push(
      triggerNode({
        id: `${id}-t${index}`,
        source,
        position: [0, index * 200],
        startAt,
        pollEverySeconds,
        options: triggerOptions,
      }),
      {
        id: `${id}-d${index}`,
        name: `Deliver ${name}`,
        type: 'n8n-nodes-base.httpRequest',
        typeVersion: 4.2,
        position: [240, index * 200],
        parameters: {
          method: 'POST',
          url: collectorUrl,
          sendHeaders: true,
          headerParameters: {
            parameters: [
              { name: 'x-source', value: name },
              { name: 'x-execution', value: '={{ $execution.id }}' },
            ],
          },
          sendBody: true,
          specifyBody: 'json',
          jsonBody: '={{ JSON.stringify($json) }}',
          options: {},
        },
      },
    );
    connections[`Trigger ${name}`] = {
      main: [[{ node: `Deliver ${name}`, type: 'main', index: 0 }]],
    };
  });
  return {
    id,
    name: options.name,
    active: false,
    settings: { executionOrder: 'v1' },
    nodes,
    connections,
  };
}

/** Imports credentials and one workflow into the n8n that `env` points at, and publishes it. */
export async function importAndPublish(
  home: string,
  env: NodeJS.ProcessEnv,
  credentials: unknown[],
  workflow: Record<string, unknown>,
): Promise<void> {
  await writeFile(join(home, 'credentials.json'), JSON.stringify(credentials));
  await writeFile(join(home, 'workflows.json'), JSON.stringify([workflow]));
  for (const args of [
    ['import:credentials', `--input=${join(home, 'credentials.json')}`],
    ['import:workflow', `--input=${join(home, 'workflows.json')}`],
    ['publish:workflow', `--id=${String(workflow.id)}`],
  ]) {
    const result = await runN8n(args, env);
    if (result.code !== 0) {
      throw new Error(`n8n ${args[0]} failed (${result.code}):\n${result.stderr}${result.stdout}`);
    }
  }
}

/**
 * Waits, up to `timeoutMs`, until each source's deliveries hold every key of its ground truth
 * (`truth`: source name → canonical records). Returns whether they all did.
 */
export async function waitForDeliveries(
  truth: Map<string, Set<string>>,
  deliveries: ReadonlyArray<{ source: string; key: string }>,
  timeoutMs: number,
): Promise<boolean> {
  const complete = () =>
    [...truth].every(([name, keys]) => {
      const got = new Set(deliveries.filter((d) => d.source === name).map((d) => d.key));
      return [...keys].every((key) => got.has(key));
    });
  for (let waited = 0; !complete(); waited += 250) {
    if (waited >= timeoutMs) return false;
    await new Promise((resolveWait) => setTimeout(resolveWait, 250));
  }
  return true;
}

/** Each source's ground truth from `from` on, as canonical records, by source name. */
export function groundTruthBySource<V extends string>(
  sim: { groundTruth: (vendor: V, range: { from: string }) => unknown[] },
  sources: ReadonlyArray<{ name: string; vendor: V }>,
  from: string,
): Map<string, Set<string>> {
  return new Map(
    sources.map(({ name, vendor }) => [
      name,
      new Set(sim.groundTruth(vendor, { from }).map(canonical)),
    ]),
  );
}
