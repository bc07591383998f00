// End to end: the real backend (dist/index.mjs, createBackend() + the audit-logs plugin) as its
// own process against the simulator, queried over HTTP with static tokens.
import { randomBytes } from 'node:crypto';
import { startSimulator, type Simulator } from '@auditrelay/simulator';
import knexFactory from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_SOURCES as SOURCES,
  READ_ONLY_TOKEN,
  dropPrefixedDatabases,
  exportedEvents,
  freePort,
  simulatorEnv,
  sources,
  startBackendProcess,
  waitForIngestion,
  type BackendProcess,
} from './backend-process.js';

/** Stored events of every source must equal the simulator's records up to the watermark. */
async function expectGroundTruth(backend: BackendProcess, sim: Simulator) {
  const statuses = await sources(backend);
  for (const [sourceId, vendor] of SOURCES) {
    const status = statuses.find((s) => s.id === sourceId)!;
    const events = await exportedEvents(backend, sourceId);
    const keys = events.map((e) => e.dedupeKey);
    expect(new Set(keys).size, `${sourceId}: duplicates`).toBe(keys.length);
    const stored = events.map((e) => JSON.stringify(e.raw)).sort();
    const truth = sim
      .groundTruthOfSource(vendor, { to: status.watermark! })
      .map((record) => JSON.stringify(record))
      .sort();
    expect(truth.length, sourceId).toBeGreaterThan(100);
    expect(stored.length, `${sourceId}: stored vs ground truth`).toBe(truth.length);
    expect(stored, sourceId).toEqual(truth);
    expect(status.storedCount).toBe(truth.length);
    expect(status.lastError).toBeUndefined();
  }
}

describe('the real backend on SQLite', () => {
  let sim: Simulator;
  let backend: BackendProcess;
  const started = new Date().toISOString();

  beforeAll(async () => {
    sim = await startSimulator({ seed: 'backstage-e2e' });
    backend = await startBackendProcess({
      port: await freePort(),
      database: { client: 'better-sqlite3', connection: ':memory:' },
      env: simulatorEnv(sim),
      schedule: { frequency: { minutes: 10 }, initialDelay: { seconds: 0 } },
    });
  });
  afterAll(async () => {
    await backend?.stop();
    await sim?.close();
  });

  it('ingests every source and serves exactly the simulator ground truth', async () => {
    await waitForIngestion(backend, started);
    await expectGroundTruth(backend, sim);
  });

  it('shows how each source last showed completeness, and probes a source for admins', async () => {
    const statuses = await sources(backend);
    for (const [sourceId] of SOURCES) {
      const report = statuses.find((s) => s.id === sourceId)!.lastCompleteness;
      expect(report?.status, sourceId).toBe('complete');
      expect(report!.windows.length, sourceId).toBeGreaterThan(0);
      expect(report!.windows[0]!.method, sourceId).toMatch(
        /^(cursor-exhausted|cursor-passed-end|count-reconciled|offset-verified|offset-exhausted|split-below-cap)$/,
      );
    }
    expect(
      (await backend.post('/api/audit-logs/sources/kore-ai-for-work/probe', READ_ONLY_TOKEN))
        .status,
    ).toBe(403);
    const probed = await backend.post('/api/audit-logs/sources/kore-ai-for-work/probe');
    expect(probed.status).toBe(200);
    const report = (await probed.json()) as {
      findings: Array<{ name: string; value: unknown }>;
      requests: number;
    };
    expect(report.findings.map((f) => f.name)).toEqual(
      expect.arrayContaining(['response-cap', 'sort', 'bounds', 'clock-offset']),
    );
    expect(report.requests).toBeGreaterThan(0);
  });

  it('needs credentials, enforces the sync permission for a read-only token, and keeps secrets out', async () => {
    expect((await backend.get('/api/audit-logs/events', null)).status).toBe(401);
    expect((await backend.get('/api/audit-logs/events?limit=2', READ_ONLY_TOKEN)).status).toBe(200);
    const denied = await backend.post('/api/audit-logs/sources/kore-xo/sync', READ_ONLY_TOKEN);
    expect(denied.status).toBe(403);
    const trigger = await backend.post(
      '/api/audit-logs/.backstage/scheduler/v1/tasks/audit-logs:ingest:kore-xo/trigger',
      READ_ONLY_TOKEN,
    );
    expect(trigger.status).toBe(403);
    expect((await backend.post('/api/audit-logs/sources/kore-xo/sync')).status).toBe(202);
    expect((await backend.get('/api/audit-logs/events?limit=501')).status).toBe(400);
    const env = simulatorEnv(sim);
    for (const secret of [
      env.KORE_XO_CLIENT_SECRET!,
      env.UIPATH_ORCH_CLIENT_SECRET!,
      env.KORE_AI4W_API_KEY!,
    ])
      expect(backend.output()).not.toContain(secret);
  });
});

const pgServer = process.env.AUDIT_LOGS_TEST_POSTGRES_URL;
if (!pgServer && process.env.CI)
  throw new Error(
    'AUDIT_LOGS_TEST_POSTGRES_URL must be set in CI (.ci/run starts PostgreSQL and sets it)',
  );

describe.skipIf(!pgServer)('two real backends sharing PostgreSQL', () => {
  let sim: Simulator;
  const backends: BackendProcess[] = [];
  const prefix = `e2e_${randomBytes(4).toString('hex')}_`;
  const started = new Date().toISOString();

  beforeAll(async () => {
    sim = await startSimulator({ seed: 'backstage-e2e-pg' });
    const database = { client: 'pg', connection: pgServer, prefix };
    // ISO strings: objects would be merged with app-config.yaml's (`{ minutes: 1 }` + `{ seconds: 3 }`
    // is a 63 s cadence, and then only on-demand runs would make both processes ingest).
    const schedule = { frequency: 'PT3S', timeout: 'PT2M', initialDelay: 'PT0S' };
    const env = simulatorEnv(sim);
    // Start them one after the other: both create the plugin database otherwise.
    backends.push(await startBackendProcess({ port: await freePort(), database, env, schedule }));
    backends.push(await startBackendProcess({ port: await freePort(), database, env, schedule }));
  });
  afterAll(async () => {
    await Promise.all(backends.map((b) => b.stop()));
    await sim?.close();
    // The backend has a database per plugin (audit-logs, catalog, auth, …).
    await dropPrefixedDatabases(pgServer!, prefix);
  });

  it('ingests together while records keep arriving, without a single duplicate', async () => {
    const t0 = Date.now();
    await waitForIngestion(backends[0]!, started);
    console.log(`initial ingestion ${Date.now() - t0} ms`);
    // Late records (occurred 90 s ago, inside the sync overlap) keep arriving while both
    // instances run the tasks on schedule and on demand.
    for (let round = 0; round < 6; round++) {
      for (const [sourceId, vendor] of SOURCES) {
        sim.append(vendor, 3, { lateByMs: 90_000 });
        const res = await backends[round % 2]!.post(`/api/audit-logs/sources/${sourceId}/sync`);
        expect([202, 409]).toContain(res.status);
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const stopped = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const t1 = Date.now();
    await waitForIngestion(backends[1]!, stopped);
    console.log(`catch-up ${Date.now() - t1} ms`);
    await expectGroundTruth(backends[0]!, sim);
    await expectGroundTruth(backends[1]!, sim);
    // Which replica claims a due task is the scheduler's choice (its claim loops can stay in phase,
    // so one replica may win every claim): what is guaranteed, and asserted, is that the two never
    // store an event twice and together store exactly the ground truth. How the runs were shared
    // is printed.
    const runs = backends.map((b) => (b.output().match(/Ingested \d+ events from/g) ?? []).length);
    console.log(`ingestion runs per replica: ${runs.join(', ')}`);
    expect(runs.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    const url = new URL(pgServer!);
    url.pathname = `/${prefix}audit-logs`;
    const knex = knexFactory({ client: 'pg', connection: url.toString() });
    try {
      const dupes = await knex('audit_logs__events')
        .select('source_id', 'dedupe_key')
        .count({ n: '*' })
        .groupBy('source_id', 'dedupe_key')
        .havingRaw('count(*) > 1');
      expect(dupes).toEqual([]);
    } finally {
      await knex.destroy();
    }
  });
});
