// Where ingestion time goes in the store: the same normalized Orchestrator events (read once from
// the simulator through the core's sync) stored batch by batch with `storeBatch`, on a file SQLite
// database and (with AUDIT_LOGS_TEST_POSTGRES_URL) PostgreSQL, next to the JS cost of building the
// rows alone and with parts of the schema removed. Run with
// `pnpm bench -- bench/store-profile.bench-test.ts`; prints one line per variant. Not a test.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditEvent, Checkpoint } from '@auditrelay/core';
import { startSimulator } from '@auditrelay/simulator';
import { ConfigReader } from '@backstage/config';
import knexFactory, { type Knex } from 'knex';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { createPostgresDatabase, type TestDatabase } from '../src/__testing__/databases.js';
import { readAuditLogsConfig } from '../src/config/read-config.js';
import { toInsertRow } from '../src/store/fit.js';
import { AuditLogStore } from '../src/store/audit-log-store.js';
import { migrate } from '../src/store/migrate.js';

const COUNT = Number(process.env.BENCH_EVENTS ?? 100_000);
const VARIANTS = (process.env.BENCH_VARIANTS ?? 'full,no-search,no-secondary').split(',');

function sqliteFile(): TestDatabase {
  const dir = mkdtempSync(join(tmpdir(), 'audit-logs-profile-'));
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: join(dir, 'db.sqlite') },
    useNullAsDefault: true,
  });
  return {
    knex,
    url: dir,
    destroy: async () => {
      await knex.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function dropSecondary(knex: Knex, pg: boolean, search: boolean) {
  const rows: { name: string }[] = pg
    ? (
        await knex.raw<{ rows: { name: string }[] }>(
          `select indexname as name from pg_indexes where tablename = 'audit_logs__events'
           and indexname not in ('audit_logs__events_pkey', 'audit_logs__events_source_dedupe_uq')`,
        )
      ).rows
    : await knex<{ name: string; type: string; tbl_name: string; sql: string | null }>(
        'sqlite_master',
      )
        .select('name')
        .where({ type: 'index', tbl_name: 'audit_logs__events' })
        .whereNotNull('sql')
        .whereNot('name', 'audit_logs__events_source_dedupe_uq');
  for (const { name } of rows) {
    if (!search && name.includes('trgm')) continue;
    if (search && !name.includes('trgm')) continue;
    await knex.raw(`drop index ${name}`);
  }
  if (search && !pg) {
    await knex.raw('drop trigger if exists audit_logs__events_fts_delete');
    await knex.raw('drop table audit_logs__events_fts');
  }
}

describe('store profile', () => {
  let sim: Awaited<ReturnType<typeof startSimulator>>;
  const batches: { events: AuditEvent[]; checkpoint: Checkpoint }[] = [];
  let fetchSeconds = 0;
  beforeAll(async () => {
    sim = await startSimulator({
      seed: 'bench',
      data: { 'uipath-orchestrator-odata': { count: COUNT } },
    });
    const { sources } = readAuditLogsConfig(
      new ConfigReader({
        auditLogs: {
          sources: [
            {
              id: 'orchestrator',
              type: 'uipath-orchestrator-odata',
              baseUrl: sim.baseUrls['uipath-orchestrator-odata'],
              credentials: {
                clientId: sim.credentials.uipath.clientId,
                clientSecret: sim.credentials.uipath.clientSecret,
              },
              options: {
                organization: sim.credentials.uipath.organization,
                tenant: sim.credentials.uipath.tenant,
                initialLookbackHours: 31 * 24,
                lagSeconds: 0,
              },
            },
          ],
        },
      }),
    );
    const started = performance.now();
    for await (const batch of sources[0]!.sync(undefined, new AbortController().signal))
      batches.push({ events: batch.events, checkpoint: batch.checkpoint });
    fetchSeconds = (performance.now() - started) / 1000;
    await sources[0]!.source.close();
    const n = batches.reduce((sum, b) => sum + b.events.length, 0);
    console.log(
      `sync alone (in process, kept in memory): ${n} events in ${batches.length} batches, ${Math.round(n / fetchSeconds)} events/s`,
    );
  });
  afterAll(async () => {
    await sim?.close();
  });

  it('builds rows (JS only)', () => {
    const started = performance.now();
    let n = 0;
    for (const { events } of batches)
      for (const event of events) if ('row' in toInsertRow(event, 'orchestrator', 'x')) n++;
    const s = (performance.now() - started) / 1000;
    console.log(`toInsertRow: ${n} rows in ${s.toFixed(2)} s = ${Math.round(n / s)} rows/s`);
  });

  const engines: [string, () => Promise<TestDatabase>][] = [
    ['SQLite file', () => Promise.resolve(sqliteFile())],
  ];
  const pg = process.env.AUDIT_LOGS_TEST_POSTGRES_URL;
  if (pg) engines.push(['PostgreSQL', () => createPostgresDatabase(pg)]);
  for (const [engine, create] of engines)
    for (const variant of VARIANTS)
      it(`${engine} ${variant}`, async () => {
        const db = await create();
        try {
          await migrate(db.knex);
          const isPg = engine === 'PostgreSQL';
          if (variant === 'no-search') await dropSecondary(db.knex, isPg, true);
          if (variant === 'no-secondary') {
            await dropSecondary(db.knex, isPg, true);
            await dropSecondary(db.knex, isPg, false);
          }
          if (variant === 'lz4' && isPg)
            await db.knex.raw(
              'alter table audit_logs__events alter column event_json set compression lz4, alter column search_text set compression lz4',
            );
          let knex = db.knex;
          if (variant === 'async' && isPg)
            knex = knexFactory({
              client: 'pg',
              connection: db.url,
              pool: {
                min: 0,
                max: 2,
                afterCreate: (
                  conn: { query: (s: string, cb: (e?: Error) => void) => void },
                  done: (e?: Error) => void,
                ) => conn.query('set synchronous_commit = off', (e) => done(e)),
              },
            });
          if (variant === 'cache' && !isPg) await knex.raw('pragma cache_size = -65536');
          // FTS5 merges fewer segments at write time (more segments for a query to read).
          if (variant.startsWith('automerge') && !isPg)
            await knex.raw(
              `insert into audit_logs__events_fts (audit_logs__events_fts, rank) values ('automerge', ${Number(variant.slice(9))})`,
            );
          if (variant === 'wal' && !isPg) {
            await knex.raw('pragma journal_mode = wal');
            await knex.raw('pragma synchronous = normal');
          }
          const store = new AuditLogStore(knex);
          await store.init();
          const merged: typeof batches = [];
          const per = variant.startsWith('merged') ? Number(variant.slice(6)) : 1;
          for (let i = 0; i < batches.length; i += per)
            merged.push({
              events: batches.slice(i, i + per).flatMap((b) => b.events),
              checkpoint: batches[Math.min(i + per, batches.length) - 1]!.checkpoint,
            });
          const admin = isPg
            ? knexFactory({ client: 'pg', connection: pg!, pool: { min: 0, max: 1 } })
            : undefined;
          const pgCpu = async () => {
            if (!admin) return 0;
            const { rows } = await admin.raw<{ rows: { pid: number }[] }>(
              'select pid from pg_stat_activity where datname = ?',
              [new URL(db.url).pathname.slice(1)],
            );
            let ticks = 0;
            for (const { pid } of rows) {
              try {
                const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
                ticks += Number(f[11]) + Number(f[12]);
              } catch {
                // gone
              }
            }
            return ticks / 100;
          };
          await knex.raw('select 1');
          const pgBefore = await pgCpu();
          const cpuBefore = process.cpuUsage();
          const started = performance.now();
          let n = 0;
          for (const { events, checkpoint } of merged) {
            const result = await store.storeBatch('orchestrator', 'uipath', events, checkpoint);
            n += result.stored;
          }
          const s = (performance.now() - started) / 1000;
          const cpu = process.cpuUsage(cpuBefore);
          const nodeCpu = (cpu.user + cpu.system) / 1e6;
          const serverCpu = (await pgCpu()) - pgBefore;
          console.log(
            `${engine} ${variant}: ${n} rows in ${s.toFixed(2)} s = ${Math.round(n / s)} rows/s; CPU µs/row node ${((nodeCpu / n) * 1e6).toFixed(1)}${isPg ? ` server ${((serverCpu / n) * 1e6).toFixed(1)}` : ''}`,
          );
          await admin?.destroy();
          if (knex !== db.knex) await knex.destroy();
        } finally {
          await db.destroy();
        }
      });
});
