// Starts the real demo Backstage backend (apps/backstage-backend: createBackend() + the
// audit-logs plugin) as a child process against a running simulator, with static tokens.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { simulatorSourceEnv, type Simulator } from '@auditrelay/simulator';

const BACKEND_DIR = dirname(
  createRequire(import.meta.url).resolve('@auditrelay/backstage-backend/package.json'),
);

export const DEMO_TOKEN = 'demo-token-change-me';
/** Accepted by the backend but only for `audit-logs.source.sync`: reads are denied (403). */
export const NO_READ_TOKEN = 'demo-no-read-token-change-me';

export interface BackendProcess {
  url: string;
  output(): string;
  stop(): Promise<void>;
}

export async function startBackend(options: {
  sim: Simulator;
  port: number;
  schedule?: Record<string, unknown>;
}): Promise<BackendProcess> {
  const { sim } = options;
  const dir = mkdtempSync(join(tmpdir(), 'audit-logs-frontend-'));
  const override = join(dir, 'app-config.harness.json');
  const url = `http://127.0.0.1:${options.port}`;
  writeFileSync(
    override,
    JSON.stringify({
      backend: {
        baseUrl: url,
        listen: { host: '127.0.0.1', port: options.port },
        database: { client: 'better-sqlite3', connection: ':memory:' },
        auth: {
          externalAccess: [
            { type: 'static', options: { token: DEMO_TOKEN, subject: 'harness' } },
            {
              type: 'static',
              options: { token: NO_READ_TOKEN, subject: 'harness-no-read' },
              accessRestrictions: [{ plugin: 'audit-logs', permission: 'audit-logs.source.sync' }],
            },
          ],
        },
      },
      ...(options.schedule ? { auditLogs: { schedule: options.schedule } } : {}),
    }),
  );
  const child = spawn(
    process.execPath,
    ['dist/index.mjs', '--config', 'app-config.yaml', '--config', override],
    {
      cwd: BACKEND_DIR,
      env: {
        ...process.env,
        ...simulatorSourceEnv(sim),
        AUDIT_LOGS_TOKEN: DEMO_TOKEN,
        NODE_ENV: 'production',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const backend: BackendProcess = {
    url,
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`backend exited (${child.exitCode}):\n${output}`);
    try {
      if ((await fetch(`${url}/.backstage/health/v1/readiness`)).ok) return backend;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await backend.stop();
      throw new Error(`backend not ready after 60 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Waits until every source has had a successful run; returns their status. */
export async function waitForIngestion(
  backendUrl: string,
  timeoutMs = 120_000,
): Promise<
  { id: string; name: string; watermark?: string; storedCount: number; lastSuccessAt?: string }[]
> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(`${backendUrl}/api/audit-logs/sources`, {
      headers: { authorization: `Bearer ${DEMO_TOKEN}` },
    });
    const { items } = (await res.json()) as {
      items: {
        id: string;
        name: string;
        watermark?: string;
        storedCount: number;
        lastSuccessAt?: string;
      }[];
    };
    if (items.length && items.every((s) => s.lastSuccessAt)) return items;
    if (Date.now() > deadline)
      throw new Error(`sources not ingested in time: ${JSON.stringify(items)}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
