import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  VENDORS,
  simulatorSourceConfig,
  simulatorSourceEnv,
  type Simulator,
  type VendorId,
} from '@auditrelay/simulator';

const APP_DIR = dirname(dirname(dirname(fileURLToPath(import.meta.url))));

export const FULL_TOKEN = 'e2e-full-access-token-0123456789';
export const READ_ONLY_TOKEN = 'e2e-read-only-token-0123456789';
/** Restricted to `audit-logs.event.read` only, as read-only tokens were before per-source reads. */
export const EVENT_READ_ONLY_TOKEN = 'e2e-event-read-only-token-0123456789';

/** The simulator's source configs as the env the demo app-config substitutes, and a token. */
export function simulatorEnv(sim: Simulator): Record<string, string> {
  return { ...simulatorSourceEnv(sim), AUDIT_LOGS_TOKEN: FULL_TOKEN };
}

export interface BackendProcess {
  url: string;
  output(): string;
  stop(): Promise<void>;
  /** SIGKILL: no shutdown hook runs, an open transaction is cut where it is. */
  kill(): Promise<void>;
  /** GET with the full-access token, another token, or none (`null`). */
  get(path: string, token?: string | null): Promise<Response>;
  post(path: string, token?: string | null): Promise<Response>;
}

/**
 * Starts `dist/index.mjs` (the real backend) as its own process with the demo app-config plus
 * an override (port, database, schedule, tokens), and waits until it is ready.
 */
export async function startBackendProcess(options: {
  port: number;
  database: Record<string, unknown>;
  env: Record<string, string>;
  schedule?: Record<string, unknown>;
  /** Replaces keys of `auditLogs` (e.g. `sources`: arrays replace the demo's). */
  auditLogs?: Record<string, unknown>;
  /** Backstage's LOG_LEVEL. Default info. */
  logLevel?: string;
  /** More top-level config (e.g. `permission`, `auditLogsDemoPolicy`). */
  config?: Record<string, unknown>;
}): Promise<BackendProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'audit-logs-e2e-'));
  const override = join(dir, 'app-config.e2e.json');
  const url = `http://127.0.0.1:${options.port}`;
  writeFileSync(
    override,
    JSON.stringify({
      backend: {
        baseUrl: url,
        listen: { host: '127.0.0.1', port: options.port },
        database: options.database,
        auth: {
          externalAccess: [
            { type: 'static', options: { token: FULL_TOKEN, subject: 'e2e-full' } },
            {
              type: 'static',
              options: { token: READ_ONLY_TOKEN, subject: 'e2e-read-only' },
              // Reads need the per-source permission too (the documented migration).
              accessRestrictions: [
                {
                  plugin: 'audit-logs',
                  permission: ['audit-logs.event.read', 'audit-logs.source.read'],
                },
              ],
            },
            {
              type: 'static',
              options: { token: EVENT_READ_ONLY_TOKEN, subject: 'e2e-event-read-only' },
              accessRestrictions: [{ plugin: 'audit-logs', permission: 'audit-logs.event.read' }],
            },
          ],
        },
      },
      auditLogs: {
        ...(options.schedule ? { schedule: options.schedule } : {}),
        ...options.auditLogs,
      },
      ...options.config,
    }),
  );
  const child: ChildProcess = spawn(
    process.execPath,
    ['dist/index.mjs', '--config', 'app-config.yaml', '--config', override],
    {
      cwd: APP_DIR,
      env: {
        ...process.env,
        ...options.env,
        NODE_ENV: 'production',
        LOG_LEVEL: options.logLevel ?? 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const request =
    (method: string) =>
    (path: string, token: string | null = FULL_TOKEN) =>
      fetch(`${url}${path}`, {
        method,
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
  const backend: BackendProcess = {
    url,
    output: () => output,
    get: request('GET'),
    post: request('POST'),
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
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
      const res = await fetch(`${url}/.backstage/health/v1/readiness`);
      if (res.ok) return backend;
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

export interface SourceStatus {
  id: string;
  type: string;
  storedCount: number;
  lastRunAt?: string;
  lastSuccessAt?: string;
  watermark?: string;
  lastError?: { code: string; message: string };
  lastCompleteness?: { status: string; windows: Array<{ method: string }> };
}

export async function sources(backend: BackendProcess): Promise<SourceStatus[]> {
  const res = await backend.get('/api/audit-logs/sources');
  if (!res.ok) throw new Error(`GET /sources: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { items: SourceStatus[] }).items;
}

/** Waits until every source has succeeded after `since` (ISO). */
export async function waitForIngestion(
  backend: BackendProcess,
  since: string,
  timeoutMs = 90_000,
): Promise<SourceStatus[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const items = await sources(backend);
    if (
      items.every(
        (s) => s.lastSuccessAt && s.lastSuccessAt > since && s.lastRunAt! <= s.lastSuccessAt,
      )
    )
      return items;
    if (Date.now() > deadline)
      throw new Error(
        `ingestion did not finish: ${JSON.stringify(items)}\n${backend.output().slice(-4000)}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Every stored event of a source, through the streamed NDJSON export. */
export async function exportedEvents(backend: BackendProcess, sourceId: string) {
  const res = await backend.get(`/api/audit-logs/events/export?format=ndjson&source=${sourceId}`);
  if (!res.ok) throw new Error(`export: ${res.status} ${await res.text()}`);
  const text = await res.text();
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { dedupeKey: string; raw: unknown; occurredAt: string });
}

/**
 * A real Backstage user token for a catalog User, from the auth backend's oauth2-proxy provider
 * (the test plays the trusted proxy that sets X-Forwarded-User).
 */
export async function userToken(backend: BackendProcess, name: string): Promise<string> {
  const res = await fetch(`${backend.url}/api/auth/oauth2Proxy/refresh`, {
    headers: { 'x-forwarded-user': name },
  });
  if (!res.ok) throw new Error(`sign-in of ${name}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { backstageIdentity: { token: string } }).backstageIdentity.token;
}

/** Waits until the catalog has processed catalog/org.yaml (its Users are readable). */
export async function waitForCatalogUsers(backend: BackendProcess, count: number) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const res = await backend.get('/api/catalog/entities?filter=kind=user&fields=metadata.name');
    if (res.ok && ((await res.json()) as unknown[]).length >= count) return;
    if (Date.now() > deadline) throw new Error(`catalog Users not loaded:\n${backend.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Drops every database a backend made with this prefix (one per plugin). */
export async function dropPrefixedDatabases(server: string, prefix: string): Promise<void> {
  const { default: knexFactory } = await import('knex');
  const admin = knexFactory({ client: 'pg', connection: server, pool: { min: 0, max: 1 } });
  try {
    const { rows } = await admin.raw<{ rows: { datname: string }[] }>(
      'select datname from pg_database where starts_with(datname, ?)',
      [prefix],
    );
    for (const { datname } of rows)
      await admin.raw(`drop database if exists "${datname.replace(/"/g, '""')}" with (force)`);
  } finally {
    await admin.destroy();
  }
}

/** A free loopback port for the next backend. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * The demo app-config's source ids and the simulator vendors behind them (a source's `type` is
 * the simulator's vendor id), read from app-config.yaml: a source added to the demo is in every
 * test that iterates these.
 */
export const DEMO_SOURCES: [string, VendorId][] = (() => {
  const appConfig = readFileSync(join(APP_DIR, 'app-config.yaml'), 'utf8');
  const sources = [...appConfig.matchAll(/^ {4}- id: (\S+)\n {6}type: (\S+)$/gm)].map(
    ([, id, type]) => [id!, type!] as const,
  );
  const unknown = sources.filter(([, type]) => !(VENDORS as readonly string[]).includes(type));
  if (sources.length === 0 || unknown.length > 0)
    throw new Error(
      `app-config.yaml: expected sources of simulated vendors, got ${JSON.stringify(sources)}`,
    );
  return sources.map(([id, type]) => [id, type as VendorId]);
})();

/**
 * The demo app-config's sources against the simulator, with extra options per source id
 * (for `auditLogs.sources`, which replaces the demo's list as a whole).
 */
export function demoSources(
  sim: Simulator,
  options: Partial<Record<string, Record<string, unknown>>> = {},
): Record<string, unknown>[] {
  return DEMO_SOURCES.map(([id, vendor]) => {
    // The simulator's own config for the vendor, under the demo's id (and, as the demo, no name).
    const { name: _name, ...config } = simulatorSourceConfig(sim, vendor, {
      id,
      options: { initialLookbackHours: 744, ...options[id] },
    });
    return config;
  });
}

export interface TaskStatus {
  taskId: string;
  taskState:
    | { status: 'running'; startedAt: string; timesOutAt?: string }
    | { status: 'idle'; startsAt?: string; lastRunEndedAt?: string }
    | null;
}

/** The plugin's scheduled tasks and their state (the scheduler endpoint the plugin mounts). */
export async function tasks(backend: BackendProcess): Promise<TaskStatus[]> {
  const res = await backend.get('/api/audit-logs/.backstage/scheduler/v1/tasks');
  if (!res.ok) throw new Error(`GET scheduler tasks: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { tasks: TaskStatus[] }).tasks;
}
