/* global fetch, setTimeout, clearTimeout, Buffer -- Node globals */
// 6. Backstage: ingestion rate of the real backend (apps/backstage-backend) from the simulator,
// then `GET /api/audit-logs/events?limit=100` latency at keyset positions deep in the store, on
// SQLite and PostgreSQL. Baselines: the core's fetch of the same data without storing (ingestion)
// and the store's keyset SQL run directly on the same database (query).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knexFactory from 'knex';
import {
  DATA_END,
  DATA_START,
  REPO,
  log,
  percentile,
  runClient,
  simulatorSource,
  startSimulatorProcess,
  summarize,
} from '../lib.mjs';

const BACKEND_DIR = join(REPO, 'apps/backstage-backend');
const TOKEN = 'bench-token-0123456789abcdef';
export const PG_SERVER =
  process.env.AUDIT_LOGS_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export async function postgresReachable() {
  const admin = knexFactory({ client: 'pg', connection: PG_SERVER, pool: { min: 0, max: 1 } });
  try {
    await admin.raw('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await admin.destroy();
  }
}

export async function startBackend({ port, database, source, dir, auditLogs }) {
  const config = join(dir, 'app-config.bench.json');
  const url = `http://127.0.0.1:${port}`;
  writeFileSync(
    config,
    JSON.stringify({
      app: { baseUrl: 'http://localhost:3000' },
      backend: {
        baseUrl: url,
        listen: { host: '127.0.0.1', port },
        database,
        auth: { externalAccess: [{ type: 'static', options: { token: TOKEN, subject: 'bench' } }] },
      },
      auditLogs: auditLogs ?? {
        schedule: {
          frequency: { hours: 1 },
          timeout: { minutes: 30 },
          initialDelay: { seconds: 0 },
        },
        sources: [source],
      },
    }),
  );
  // AUDIT_LOGS_BENCH_BACKEND_PROF=<dir>: a V8 CPU profile of the backend process there.
  const prof = process.env.AUDIT_LOGS_BENCH_BACKEND_PROF;
  const args = prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`] : [];
  const child = spawn(process.execPath, [...args, 'dist/index.mjs', '--config', config], {
    cwd: BACKEND_DIR,
    // info: the plugin logs each run's own duration ("Ingested N events … (T ms)").
    env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const runs = [];
  const collect = (chunk) => {
    output = (output + chunk).slice(-20_000);
    for (const [, n, ms] of String(chunk).matchAll(
      /Ingested (\d+) events from .*? in \d+ batches \((\d+) ms\)/g,
    ))
      runs.push({ events: Number(n), ms: Number(ms) });
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const get = (path) => fetch(`${url}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
  const stop = async () => {
    if (child.exitCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await once(child, 'exit');
    clearTimeout(timer);
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`backend exited (${child.exitCode}):\n${output}`);
    try {
      if ((await fetch(`${url}/.backstage/health/v1/readiness`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`backend not ready after 60 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url, get, stop, output: () => output, runs };
}

/** The store's keyset query (AuditLogStore.listEvents, no filters), straight on the database. */
function keysetSql(knex, cursor, limit) {
  return (
    knex('audit_logs__events')
      .select('id', 'source_id', 'occurred_at', 'event_json', 'ingested_at')
      // The store's keyset condition as a row value (an index seek on both engines).
      .whereRaw('(occurred_at, id) < (?, ?)', [cursor.occurredAt, cursor.id])
      .orderBy([
        { column: 'occurred_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(limit + 1)
  );
}

const encodeCursor = (c) => Buffer.from(JSON.stringify([c.occurredAt, c.id])).toString('base64url');

async function timed(fn) {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

async function engineRun(engine, { events, queries }) {
  const vendor = 'uipath-orchestrator-odata';
  const dir = mkdtempSync(join(tmpdir(), 'auditrelay-bench-backstage-'));
  const prefix = `bench_${randomBytes(4).toString('hex')}_`;
  const database =
    engine === 'sqlite'
      ? { client: 'better-sqlite3', connection: { directory: dir } }
      : { client: 'pg', connection: PG_SERVER, prefix };
  const sim = await startSimulatorProcess({
    seed: 'bench',
    data: { [vendor]: { count: events, start: DATA_START, end: DATA_END } },
  });
  let backend;
  let direct;
  try {
    const source = {
      ...simulatorSource(sim, vendor, { startAt: new Date(DATA_START - 1000).toISOString() }),
      id: 'orchestrator',
    };
    // Baseline for ingestion: the core reading the same data with nothing stored.
    const fetched = await runClient('core-fetch.mjs', { source, from: DATA_START, to: DATA_END });
    const started = performance.now();
    backend = await startBackend({ port: await freePort(), database, source, dir });
    let stored = 0;
    for (;;) {
      const res = await backend.get('/api/audit-logs/sources');
      const [status] = (await res.json()).items;
      stored = status.storedCount;
      if (status.lastError)
        throw new Error(`ingestion failed: ${JSON.stringify(status.lastError)}`);
      if (stored >= events) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const ingestSeconds = (performance.now() - started) / 1000;
    // The run's own time, without the backend's start-up (the first run has every event).
    for (let i = 0; i < 100 && backend.runs.length === 0; i++)
      await new Promise((resolve) => setTimeout(resolve, 100));
    const runSeconds = backend.runs.length > 0 ? backend.runs[0].ms / 1000 : undefined;
    log(
      `backstage ${engine}: ${stored} events ingested in ${ingestSeconds.toFixed(1)} s from spawn, ${runSeconds?.toFixed(1)} s in the run (core fetch alone ${fetched.seconds.toFixed(1)} s)`,
    );

    // The same database, opened directly, for cursor positions and the bare SQL baseline.
    if (engine === 'sqlite') {
      const file = readdirSync(dir).find((name) => name.endsWith('.sqlite'));
      direct = knexFactory({
        client: 'better-sqlite3',
        connection: { filename: join(dir, file), readonly: true },
        useNullAsDefault: true,
      });
    } else {
      const url = new URL(PG_SERVER);
      url.pathname = `/${prefix}audit-logs`;
      direct = knexFactory({ client: 'pg', connection: url.toString(), pool: { min: 1, max: 1 } });
    }
    // Positions spread evenly from the newest to the oldest event (depth 1% … 99%).
    const rows = await direct('audit_logs__events')
      .select('occurred_at', 'id')
      .orderBy([
        { column: 'occurred_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ]);
    const cursors = Array.from({ length: queries }, (_, i) => {
      const row = rows[Math.floor(((i + 0.5) / queries) * (rows.length - 1))];
      return { occurredAt: row.occurred_at, id: Number(row.id) };
    });
    // Shuffle deterministically so the order does not favour a cache.
    for (let i = cursors.length - 1; i > 0; i--) {
      const j = (i * 7919) % (i + 1);
      [cursors[i], cursors[j]] = [cursors[j], cursors[i]];
    }
    const http = [];
    const sql = [];
    // Warm-up: the first page and a few deep ones, untimed.
    for (const cursor of cursors.slice(0, 5)) {
      await (
        await backend.get(`/api/audit-logs/events?limit=100&cursor=${encodeCursor(cursor)}`)
      ).json();
      await keysetSql(direct, cursor, 100);
    }
    for (const [i, cursor] of cursors.entries()) {
      const viaHttp = async () => {
        const res = await backend.get(
          `/api/audit-logs/events?limit=100&cursor=${encodeCursor(cursor)}`,
        );
        const body = await res.json();
        if (res.status !== 200 || body.items.length !== 100)
          throw new Error(`GET /events: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
      };
      const viaSql = async () => {
        const page = await keysetSql(direct, cursor, 100);
        if (page.length !== 101 && page.length !== 100)
          throw new Error(`keyset SQL returned ${page.length} rows`);
      };
      if (i % 2) {
        http.push(await timed(viaHttp));
        sql.push(await timed(viaSql));
      } else {
        sql.push(await timed(viaSql));
        http.push(await timed(viaHttp));
      }
    }
    const first = [];
    for (let i = 0; i < Math.min(20, queries); i++)
      first.push(
        await timed(async () => (await backend.get('/api/audit-logs/events?limit=100')).json()),
      );
    log(
      `backstage ${engine}: GET /events p50 ${percentile(http, 50).toFixed(1)} ms, p95 ${percentile(http, 95).toFixed(1)} ms; bare SQL p50 ${percentile(sql, 50).toFixed(1)} ms`,
    );
    return {
      ingest: {
        events: stored,
        seconds: ingestSeconds,
        rate: stored / ingestSeconds,
        runRate: runSeconds ? stored / runSeconds : undefined,
        fetchRate: events / fetched.seconds,
      },
      http,
      sql,
      first,
    };
  } finally {
    await direct?.destroy();
    await backend?.stop();
    await sim.stop();
    if (engine === 'pg') {
      const admin = knexFactory({ client: 'pg', connection: PG_SERVER, pool: { min: 0, max: 1 } });
      // The backend has one database per plugin (audit-logs, catalog, auth, permission).
      const { rows } = await admin
        .raw('select datname from pg_database where starts_with(datname, ?)', [prefix])
        .catch(() => ({ rows: [] }));
      for (const { datname } of rows)
        await admin.raw(`drop database if exists "${datname}" with (force)`).catch(() => undefined);
      await admin.destroy();
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function backstage({ events, queries }) {
  if (!existsSync(join(BACKEND_DIR, 'dist/index.mjs')))
    return { skipped: 'apps/backstage-backend is not built (run `pnpm build`)' };
  // AUDIT_LOGS_BENCH_ENGINES=sqlite (or pg) runs one engine only.
  const only = process.env.AUDIT_LOGS_BENCH_ENGINES?.split(',');
  const engines = only && !only.includes('sqlite') ? [] : ['sqlite'];
  const notes = [];
  if (only && !only.includes('pg')) notes.push('PostgreSQL not run (AUDIT_LOGS_BENCH_ENGINES)');
  else if (await postgresReachable()) engines.push('pg');
  else
    notes.push(`PostgreSQL skipped: nothing answers at ${PG_SERVER.replace(/\/\/[^@]*@/, '//')}`);
  const figures = [];
  for (const engine of engines) {
    const label = engine === 'sqlite' ? 'SQLite' : 'PostgreSQL';
    const r = await engineRun(engine, { events, queries });
    const size = `${events.toLocaleString('en-US')} stored events`;
    figures.push({
      name: `${label}: GET /events?limit=100 at ${queries} keyset positions, ${size}`,
      unit: 'ms',
      measured: { ...summarize(r.http), p50: percentile(r.http, 50), p95: percentile(r.http, 95) },
      baseline: { ...summarize(r.sql), p50: percentile(r.sql, 50), p95: percentile(r.sql, 95) },
      ratio: summarize(r.http.map((t, i) => t / r.sql[i])),
      target: { op: '<=', value: 30, of: 'measured.p95' },
      extra: { firstPageMedianMs: summarize(r.first).median },
    });
    figures.push({
      name: `${label}: ingestion through the real backend (from spawn), ${size}`,
      unit: 'events/s',
      measured: summarize([r.ingest.rate]),
      baseline: summarize([r.ingest.fetchRate]),
      ratio: summarize([r.ingest.rate / r.ingest.fetchRate]),
      target: null,
    });
    if (r.ingest.runRate)
      figures.push({
        name: `${label}: ingestion run (the plugin's own timing, start-up excluded), ${size}`,
        unit: 'events/s',
        measured: summarize([r.ingest.runRate]),
        baseline: summarize([r.ingest.fetchRate]),
        ratio: summarize([r.ingest.runRate / r.ingest.fetchRate]),
        target: { op: '>=', value: 0.5 },
      });
  }
  return {
    figures,
    notes,
    method:
      'The real backend (`apps/backstage-backend/dist/index.mjs`, createBackend() + the audit-logs plugin, NODE_ENV=production) ' +
      'in its own process with one UiPath Orchestrator source on the simulator (own process) and a file SQLite database ' +
      '(`connection.directory`) or a fresh PostgreSQL database (`prefix`). Ingestion: from spawning the backend ' +
      '(initialDelay 0) until `GET /sources` reports every event stored (polled every 100 ms, so start-up is included); ' +
      'baseline = `core-fetch.mjs` reading the same events without storing them; one run per engine (the ingestion fills ' +
      'the store the queries need). Query: `GET /api/audit-logs/events?limit=100&cursor=…` with a static token at positions ' +
      'spread evenly from 0.5% to 99.5% deep in the store (cursors built from the stored (occurred_at, id)), interleaved with ' +
      "the store's own keyset SQL (`AuditLogStore.listEvents` without filters, run with knex on the same database); " +
      'ratio = HTTP ms / SQL ms per position.',
  };
}
