// Crash and resume: the real backend (dist/index.mjs) ingesting from the simulator is killed with
// SIGKILL while every source's sync run is in flight, and restarted on the same database each time
// (SQLite file, and a fresh PostgreSQL database). Records keep arriving throughout. In the end the
// store must hold every record up to the watermark, exactly once.
//
// How every kill lands inside the runs: in each killed process, the simulator lets a seeded
// number of each vendor's requests through and then holds the next ones (a long `delay` fault),
// so no run of that process can finish. The test kills once the plugin shows every source's run
// in progress (its scheduler task `running`, started by this process, and rows of this run in
// `GET /sources`), after a further seeded pause, and then checks the database: every source's
// task lock is still held by that run and its checkpoint holds the window it was reading.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type Simulator, type VendorId } from '@auditrelay/simulator';
import knexFactory, { type Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import {
  DEMO_SOURCES as SOURCES,
  demoSources,
  dropPrefixedDatabases,
  exportedEvents,
  freePort,
  sources,
  startBackendProcess,
  tasks,
  type BackendProcess,
  type SourceStatus,
} from './backend-process.js';

const KILLS = Number(process.env.AUDIT_LOGS_CRASH_KILLS ?? 3);
/**
 * The killed processes' task timeout: their locks are reclaimed once it has passed, and a cut run
 * must not reach it before the kill (they are about 3 s old then, on a loaded machine).
 */
const TASK_TIMEOUT_S = 8;
/** How long a held request waits: longer than any process lives. */
const HOLD_MS = 600_000;
/**
 * Requests of each vendor let through in a killed process before the rest are held, drawn from
 * 3–6 or the vendor's own range: enough for the run to store at least one batch of new events (Platform Management
 * first spends about 10 one-record probes finding where to resume), never enough for all the
 * killed processes together to finish the backfill: pages of 10 over 100 records per kill plus
 * 100, and AI for Work (no paging) read in 8-hour windows, 93 of them (enough for 7 kills).
 * AI for Work's first run reads 3 empty windows (the data spans 30 days, the lookback 31), checks
 * that empty run twice, and stores the first window with records only when a second one comes:
 * 7 requests. With 6, the run stored nothing and reached the task timeout before the kill.
 * Kore XO stays well inside the 60 requests a minute the client keeps to.
 */
const LET_THROUGH: Partial<Record<VendorId, [number, number]>> = {
  'kore-ai-for-work': [8, 12],
  'uipath-platform-audit': [13, 17],
};
const letThroughOf = (vendor: VendorId) => LET_THROUGH[vendor] ?? [3, 6];
const RECORDS = 100 * (KILLS + 1);
/** Pages of 10, or what a vendor reads by instead. */
const SOURCE_OPTIONS: Partial<Record<VendorId, Record<string, unknown>>> = {
  'kore-ai-for-work': { windowMinutes: 480 },
  // Its live API keeps 90 days, which the demo reads (the default data spans 120 days).
  'uipath-unified-audit': { pageSize: 10, initialLookbackHours: 2160 },
};
const OPTIONS_BY_ID = Object.fromEntries(
  SOURCES.map(([id, vendor]) => [id, SOURCE_OPTIONS[vendor] ?? { pageSize: 10 }]),
);
/** One seed for the run on each database. */
const SEED = Number(process.env.AUDIT_LOGS_CRASH_SEED ?? Date.now() % 1_000_000);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A tiny seeded PRNG, so a failing run can be replayed with AUDIT_LOGS_CRASH_SEED. */
function random(seed: number) {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

/** A scheduler timestamp: SQLite stores UTC text with whole seconds, PostgreSQL a timestamp. */
function dbTime(value: string | Date | null): number | undefined {
  if (value === null) return undefined;
  if (value instanceof Date) return value.getTime();
  return Date.parse(`${value.replace(' ', 'T')}Z`);
}

interface Database {
  name: string;
  /** The backend's `backend.database`. */
  config: Record<string, unknown>;
  /** A connection to the plugin's database, for a look while no backend runs. */
  connect(): Knex;
  dispose(): Promise<void>;
}

function sqlite(): Database {
  const dir = mkdtempSync(join(tmpdir(), 'audit-logs-crash-'));
  return {
    name: 'SQLite file',
    config: { client: 'better-sqlite3', connection: { directory: dir } },
    connect: () =>
      knexFactory({
        client: 'better-sqlite3',
        connection: { filename: join(dir, 'audit-logs.sqlite') },
        useNullAsDefault: true,
      }),
    dispose: () => {
      rmSync(dir, { recursive: true, force: true });
      return Promise.resolve();
    },
  };
}

function postgres(server: string): Database {
  // A fresh database per run: the plugin's is `<prefix>audit-logs`.
  const prefix = `crash_${randomBytes(4).toString('hex')}_`;
  const url = new URL(server);
  url.pathname = `/${prefix}audit-logs`;
  return {
    name: 'PostgreSQL',
    config: { client: 'pg', connection: server, prefix },
    connect: () => knexFactory({ client: 'pg', connection: url.toString() }),
    // The backend has a database per plugin (audit-logs, catalog, auth, …).
    dispose: () => dropPrefixedDatabases(server, prefix),
  };
}

const pgServer = process.env.AUDIT_LOGS_TEST_POSTGRES_URL;
if (!pgServer && process.env.CI)
  throw new Error(
    'AUDIT_LOGS_TEST_POSTGRES_URL must be set in CI (.ci/run starts PostgreSQL and sets it)',
  );

describe.each([
  { kind: 'SQLite', make: () => sqlite() },
  { kind: 'PostgreSQL', make: () => postgres(pgServer!), skip: !pgServer },
])('the real backend on $kind killed with SIGKILL mid-run and restarted', ({ make, skip }) => {
  let sim: Simulator;
  let db: Database;
  let backend: BackendProcess | undefined;
  const seed = SEED;

  beforeAll(async () => {
    if (skip) return;
    db = make();
    sim = await startSimulator({
      seed: `backstage-crash-${seed}`,
      // The unified API's records are shared by its organization and tenant scopes (the demo reads
      // the organization's, about 60%) over 120 days: twice as many keep each kill mid-window.
      data: Object.fromEntries(
        SOURCES.map(([, vendor]) => [
          vendor,
          { count: vendor === 'uipath-unified-audit' ? 2 * RECORDS : RECORDS },
        ]),
      ),
      // Every process restart starts a fresh client-side budget; the server's would throttle.
      rateLimits: { 'kore-xo-admin-console': false },
      behavior: { latencyMs: 5 },
    });
  });
  afterAll(async () => {
    await backend?.stop();
    await sim?.close();
    await db?.dispose();
  });

  async function start(frequency: string, timeout: string) {
    return startBackendProcess({
      port: await freePort(),
      database: db.config,
      env: { AUDIT_LOGS_TOKEN: 'unused-demo-token-0123456789' },
      // ISO strings: an object would be merged with app-config.yaml's `{ minutes: 1 }`.
      schedule: { frequency, timeout, initialDelay: 'PT0S' },
      auditLogs: { sources: demoSources(sim, OPTIONS_BY_ID) },
    });
  }

  /** What a killed process left in the database, per source. */
  async function inspect() {
    const knex = db.connect();
    try {
      const counts = await knex('audit_logs__events')
        .select('source_id')
        .count<{ source_id: string; n: number | string }[]>({ n: '*' })
        .groupBy('source_id');
      const states = await knex<{ source_id: string; checkpoint: string | null }>(
        'audit_logs__sources',
      ).select('source_id', 'checkpoint');
      const locks = await knex<{
        id: string;
        current_run_ticket: string | null;
        current_run_started_at: string | Date | null;
        current_run_expires_at: string | Date | null;
      }>('backstage_backend_tasks__tasks')
        .where('id', 'like', 'audit-logs:ingest:%')
        .select('id', 'current_run_ticket', 'current_run_started_at', 'current_run_expires_at');
      const dupes = await knex('audit_logs__events')
        .select('source_id', 'dedupe_key')
        .count({ n: '*' })
        .groupBy('source_id', 'dedupe_key')
        .havingRaw('count(*) > 1');
      const perSource = new Map(
        SOURCES.map(([id]) => {
          const lock = locks.find((l) => l.id === `audit-logs:ingest:${id}`);
          const text = states.find((s) => s.source_id === id)?.checkpoint;
          const checkpoint = text
            ? (JSON.parse(text) as { window?: { end: string }; updatedAt: string })
            : undefined;
          return [
            id,
            {
              rows: Number(counts.find((c) => c.source_id === id)?.n ?? 0),
              locked: Boolean(lock?.current_run_ticket),
              runStartedAt: dbTime(lock?.current_run_started_at ?? null),
              lockExpiresAt: dbTime(lock?.current_run_expires_at ?? null),
              window: checkpoint?.window,
              checkpointAt: checkpoint ? Date.parse(checkpoint.updatedAt) : undefined,
            },
          ];
        }),
      );
      const rows = [...perSource.values()].reduce((sum, s) => sum + s.rows, 0);
      return { rows, dupes: dupes.length, perSource };
    } finally {
      await knex.destroy();
    }
  }

  it.skipIf(skip)(
    `loses nothing and stores nothing twice across ${KILLS} kills inside running syncs while records arrive`,
    async () => {
      const rnd = random(seed);
      const between = ([low, high]: [number, number]) => low + Math.floor(rnd() * (high - low + 1));
      const t0 = Date.now();
      const outputs: string[] = [];
      const ingestionLog = () =>
        [...outputs, backend?.output() ?? '']
          .join('\n--- restart ---\n')
          .split('\n')
          .filter((line) => /Ingest|restart|timed out|Task|warn|error/i.test(line))
          .map((line) => line.slice(0, 300))
          .slice(-60)
          .join('\n');
      onTestFailed(() => {
        console.log(
          `Backstage crash-resume failed with seed ${seed} (replay: AUDIT_LOGS_CRASH_SEED=${seed})\n${ingestionLog()}`,
        );
      });
      // What the sources read before any arrival: the end must hold more.
      const initialRows = SOURCES.reduce(
        (sum, [, vendor]) => sum + sim.groundTruthOfSource(vendor).length,
        0,
      );
      // Arrivals are late (older than the 60 s lag, inside the 300 s overlap), so every run
      // finds some: late by 70 to 130 s depending on the source.
      SOURCES.forEach(([, vendor], i) =>
        sim.autoAppend(vendor, { everyRequests: 2, count: 2, lateByMs: 70_000 + i * 20_000 }),
      );

      // Rows per source before this process (none at first: the database is fresh).
      const rowsBefore = new Map(SOURCES.map(([id]) => [id, 0]));
      const kills: { rows: number; letThrough: number[]; pauseMs: number; runAgeMs: number }[] = [];
      for (let i = 0; i < KILLS; i++) {
        const what = `kill ${i + 1} (seed ${seed})`;
        sim.faults.clear();
        const letThrough = SOURCES.map(([, vendor]) => {
          const afterRequests = between(letThroughOf(vendor));
          sim.faults.add({ vendor, kind: 'delay', ms: HOLD_MS, afterRequests, times: 1e9 });
          return afterRequests;
        });
        // Whole seconds: SQLite keeps the scheduler's times to the second.
        const spawnedAt = Math.floor(Date.now() / 1000) * 1000;
        backend = await start('PT1S', `PT${TASK_TIMEOUT_S}S`);

        // Wait until every source's run of this process is observably in progress.
        const deadline = Date.now() + 60_000;
        for (;;) {
          const [taskList, statuses] = await Promise.all([tasks(backend), sources(backend)]);
          const inProgress = SOURCES.every(([id]) => {
            const state = taskList.find((t) => t.taskId === `audit-logs:ingest:${id}`)?.taskState;
            const status = statuses.find((s) => s.id === id);
            return (
              state?.status === 'running' &&
              Date.parse(state.startedAt) >= spawnedAt &&
              (status?.storedCount ?? 0) > rowsBefore.get(id)!
            );
          });
          if (inProgress) break;
          // A run that nears the task timeout without showing progress would be aborted and
          // started again, and the kill could fall between the two: say so instead.
          const stuck = taskList.find(
            (t) =>
              t.taskState?.status === 'running' &&
              Date.parse(t.taskState.startedAt) >= spawnedAt &&
              Date.now() - Date.parse(t.taskState.startedAt) > (TASK_TIMEOUT_S - 2) * 1000,
          );
          if (stuck)
            throw new Error(
              `${what}: ${stuck.taskId} ran ${TASK_TIMEOUT_S - 2} s without every source storing a batch (requests let through: ${letThrough.join('/')}): ${JSON.stringify(statuses.map((s) => [s.id, s.storedCount]))}`,
            );
          if (Date.now() > deadline)
            throw new Error(
              `${what}: the runs never showed progress: ${JSON.stringify({ taskList, statuses })}`,
            );
          await sleep(100);
        }
        const pauseMs = Math.round(rnd() * 500);
        await sleep(pauseMs);
        await backend.kill();
        const killedAt = Date.now();
        outputs.push(backend.output());
        backend = undefined;

        const after = await inspect();
        expect(after.dupes, `${what}: duplicate (source, dedupe key) rows`).toBe(0);
        for (const [id] of SOURCES) {
          const state = after.perSource.get(id)!;
          // The run this process started still held its lock: the kill cut it mid-flight...
          expect(state.locked, `${what}: ${id} run in flight`).toBe(true);
          expect(
            state.runStartedAt,
            `${what}: ${id} run started by the killed process`,
          ).toBeGreaterThanOrEqual(spawnedAt);
          // ...after it had committed a batch, in the middle of the window it was reading.
          expect(state.window, `${what}: ${id} checkpoint mid-window`).toBeDefined();
          expect(
            state.checkpointAt,
            `${what}: ${id} checkpoint of this run`,
          ).toBeGreaterThanOrEqual(spawnedAt);
        }
        // How long the oldest cut run had been running (scheduler times are whole seconds on SQLite).
        const runAgeMs =
          killedAt - Math.min(...[...after.perSource.values()].map((s) => s.runStartedAt!));
        kills.push({ rows: after.rows, letThrough, pauseMs, runAgeMs });
        for (const [id, state] of after.perSource) rowsBefore.set(id, state.rows);

        // The scheduler reclaims an expired lock when a backend starts (then once a minute):
        // wait until the killed runs' locks have expired (SQLite compares whole seconds).
        const expires = Math.max(...[...after.perSource.values()].map((s) => s.lockExpiresAt ?? 0));
        const wait = expires + 1200 - Date.now();
        if (wait > 0) await sleep(wait);
      }

      // The last start runs to a clean state: nothing is held, arrivals have stopped, and each
      // source's resumed run finishes the backfill. Arrivals stop before it starts: late ones
      // landing in the window it reads send Kore XO to time splits, which spend the client's
      // budget of 60 requests a minute (counted afresh by every process), and the next run
      // would wait out the minute. Every 5 s: after the backfill, each Kore XO run reads the
      // overlap in about 6 requests.
      sim.faults.clear();
      for (const [, vendor] of SOURCES) sim.autoAppend(vendor, false);
      const stopped = new Date().toISOString();
      const stoppedAt = Date.now();
      backend = await start('PT5S', 'PT90S');
      let statuses: SourceStatus[];
      const deadline = Date.now() + 90_000;
      for (;;) {
        statuses = await sources(backend);
        if (
          statuses.every(
            (s) => s.lastRunAt! > stopped && s.lastSuccessAt && s.lastSuccessAt >= s.lastRunAt!,
          )
        )
          break;
        if (Date.now() > deadline)
          throw new Error(
            `no clean run after the arrivals stopped (seed ${seed}): ${JSON.stringify(statuses)}`,
          );
        await sleep(250);
      }

      const cleanRunMs = Date.now() - stoppedAt;
      let total = 0;
      for (const [sourceId, vendor] of SOURCES) {
        const status = statuses.find((s) => s.id === sourceId)!;
        const events = await exportedEvents(backend, sourceId);
        const keys = events.map((e) => e.dedupeKey);
        expect(new Set(keys).size, `${sourceId}: duplicate keys`).toBe(keys.length);
        const stored = events.map((e) => JSON.stringify(e.raw));
        expect(new Set(stored).size, `${sourceId}: duplicate records`).toBe(stored.length);
        const truth = sim
          .groundTruthOfSource(vendor, { to: status.watermark! })
          .map((record) => JSON.stringify(record));
        expect(stored.length, `${sourceId}: stored vs ground truth`).toBe(truth.length);
        expect(stored.sort(), sourceId).toEqual(truth.sort());
        expect(status.storedCount).toBe(truth.length);
        total += truth.length;
      }
      outputs.push(backend.output());
      await backend.stop();
      backend = undefined;
      const final = await inspect();
      expect(final.dupes).toBe(0);
      expect(final.rows).toBe(total);
      // Arrivals were stored across the restarts, not only the initial data.
      expect(final.rows).toBeGreaterThan(initialRows);

      console.log(
        `Backstage crash-resume on ${db.name} (seed ${seed}): ${KILLS} SIGKILLs, each cutting all ` +
          `${SOURCES.length} runs mid-window, in ${Date.now() - t0} ms; requests let through ` +
          `(${SOURCES.map(([id]) => id).join('/')}) ` +
          `and pause before each kill ` +
          `${kills.map((k) => `${k.letThrough.join('/')} +${k.pauseMs} ms`).join(', ')}; rows after each kill ` +
          `${kills.map((k) => k.rows).join(', ')}; oldest cut run ${kills.map((k) => `${(k.runAgeMs / 1000).toFixed(1)} s`).join(', ')} old (timeout ${TASK_TIMEOUT_S} s); clean run ${cleanRunMs} ms after the arrivals stopped; final ${final.rows} rows = ground truth`,
      );
    },
  );
});
