// 8. Backstage at scale: the real backend's read API over a large store (PostgreSQL 5,000,000
// events, SQLite 1,000,000 in the full run). The store is bulk-loaded, not ingested over HTTP:
// realistic normalized events (the core's own output for the simulator's Orchestrator and Kore XO
// records) are repeated over a year and four sources, turned into rows by the plugin's own row
// builder, inserted in large multi-row statements with the secondary indexes dropped, and then
// indexed, counted and analyzed as the plugin's migrations define. Each query runs `repeats`
// times through HTTP with a static token; p50/p95 per query.
import { randomBytes } from 'node:crypto';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import knexFactory from 'knex';
import {
  AUDIT_LOG_EVENT_COLUMNS,
  auditLogEventRow,
  fillAuditLogRollups,
  migrateAuditLogsDatabase,
} from '@auditrelay/backstage-plugin-audit-logs-backend/testing';
import {
  DATA_END,
  DATA_START,
  log,
  percentile,
  runClient,
  simulatorSource,
  startSimulatorProcess,
  summarize,
} from '../lib.mjs';
import { PG_SERVER, freePort, postgresReachable, startBackend } from './backstage.mjs';

const EVENTS = 'audit_logs__events';
const YEAR_END = Date.parse('2026-10-31T00:00:00.000Z');
const YEAR_START = YEAR_END - 365 * 86_400_000;
const SOURCES = [
  ['orch-prod', 'uipath-orchestrator-odata'],
  ['xo-prod', 'kore-xo-admin-console'],
  ['orch-test', 'uipath-orchestrator-odata'],
  ['xo-test', 'kore-xo-admin-console'],
];

/** Normalized events of one vendor from the core, read back from core-fetch's NDJSON. */
export async function eventPool(vendor, count, dir) {
  const sim = await startSimulatorProcess({
    seed: `scale-${vendor}`,
    rateLimits: { [vendor]: false },
    data: { [vendor]: { count, start: DATA_START, end: DATA_END } },
  });
  try {
    const output = join(dir, `${vendor}.ndjson`);
    const source = simulatorSource(sim, vendor);
    await runClient('core-fetch.mjs', { source, from: DATA_START, to: DATA_END, output });
    const events = [];
    for await (const line of createInterface({ input: createReadStream(output) }))
      if (line) events.push(JSON.parse(line));
    return events;
  } finally {
    await sim.stop();
  }
}

/** Event i of n: a pool event on a source, its time spread evenly over the year. */
function* synthesize(n, pools) {
  for (let i = 0; i < n; i++) {
    const [sourceId, type] = SOURCES[i % SOURCES.length];
    const pool = pools[type];
    const template = pool[Math.floor(i / SOURCES.length) % pool.length];
    const at = new Date(YEAR_START + Math.floor((i * (YEAR_END - YEAR_START)) / n)).toISOString();
    yield {
      sourceId,
      event: {
        ...template,
        id: `${template.id}~${i}`,
        dedupeKey: `${template.dedupeKey}~${i}`,
        source: { type, id: sourceId },
        occurredAt: at,
        originalTime: at,
      },
    };
  }
}

async function secondaryIndexes(knex, pg) {
  if (pg) {
    const { rows } = await knex.raw(
      `select indexname as name, indexdef as sql from pg_indexes where tablename = ? and indexname <> 'audit_logs__events_pkey'`,
      [EVENTS],
    );
    return rows;
  }
  return knex('sqlite_master')
    .select('name', 'sql')
    .where({ type: 'index', tbl_name: EVENTS })
    .whereNotNull('sql');
}

/** Bulk load: indexes dropped, multi-row inserts, then indexes, FTS, counts, sources, analyze. */
export async function bulkLoad(knex, pg, n, pools) {
  const indexes = await secondaryIndexes(knex, pg);
  for (const { name } of indexes) {
    if (pg && name === 'audit_logs__events_source_dedupe_uq')
      await knex.raw(`alter table ${EVENTS} drop constraint ${name}`);
    else await knex.raw(`drop index ${name}`);
  }
  const columns = AUDIT_LOG_EVENT_COLUMNS;
  const chunk = pg ? 10_000 : 500;
  const ingestedAt = new Date(YEAR_END).toISOString();
  let rows = [];
  const started = performance.now();
  // SQLite: one transaction per 20 statements, or every commit would sync the file.
  let tx = pg ? knex : await knex.transaction();
  const flush = async () => {
    if (rows.length === 0) return;
    if (pg) {
      await knex.raw(
        `insert into ${EVENTS} (${columns.join(', ')}) select * from unnest(${columns.map(() => '?::text[]').join(', ')})`,
        columns.map((c) => rows.map((row) => row[c])),
      );
    } else {
      await tx.raw(
        `insert into ${EVENTS} (${columns.join(', ')}) values ${rows.map(() => `(${columns.map(() => '?').join(', ')})`).join(', ')}`,
        rows.flatMap((row) => columns.map((c) => row[c])),
      );
    }
    rows = [];
  };
  let loaded = 0;
  for (const { sourceId, event } of synthesize(n, pools)) {
    rows.push(auditLogEventRow(event, sourceId, ingestedAt));
    if (rows.length === chunk) {
      await flush();
      loaded += chunk;
      if (!pg && loaded % (chunk * 20) === 0) {
        await tx.commit();
        tx = await knex.transaction();
      }
      if (loaded % 500_000 === 0) log(`  loaded ${loaded.toLocaleString('en-US')} rows`);
    }
  }
  await flush();
  if (!pg) await tx.commit();
  const insertSeconds = (performance.now() - started) / 1000;
  const t1 = performance.now();
  if (pg) await knex.raw(`set maintenance_work_mem = '1GB'`);
  for (const { name, sql } of indexes) {
    if (pg && name === 'audit_logs__events_source_dedupe_uq')
      await knex.raw(`alter table ${EVENTS} add constraint ${name} unique (source_id, dedupe_key)`);
    else await knex.raw(sql);
  }
  if (!pg)
    await knex.raw(
      `insert into audit_logs__events_fts (rowid, search_text) select id, search_text from ${EVENTS}`,
    );
  // Every rollup the plugin keeps (hourly/daily counts, per source, per action and actor).
  await fillAuditLogRollups(knex);
  for (const [source_id, source_type] of SOURCES)
    await knex('audit_logs__sources').insert({ source_id, source_type });
  // PostgreSQL: vacuumed too, as autovacuum leaves a store that has lived a while (the visibility
  // map set, so an index-only scan reads no heap); a table fresh from bulk inserts has none of it.
  await knex.raw(pg ? 'vacuum analyze' : 'analyze');
  return { insertSeconds, indexSeconds: (performance.now() - t1) / 1000 };
}

/** Filter values taken from the stored data: common and rare, as people would search. */
export async function pickValues(knex) {
  const top = async (column, order) =>
    (
      await knex(EVENTS)
        .select({ value: column })
        .count({ n: '*' })
        .whereNotNull(column)
        .groupBy(column)
        .orderBy('n', order)
        .limit(1)
    )[0].value;
  const commonActor = await top('actor_email', 'desc');
  const rareActor = await top('actor_email', 'asc');
  const commonAction = await top('action', 'desc');
  const rareAction = await top('action', 'asc');
  const category = await top('category', 'desc');
  const sample = await knex(EVENTS).select('event_json').where('id', 12_345).first();
  const event = JSON.parse(sample.event_json);
  return { commonActor, rareActor, commonAction, rareAction, category, event };
}

export function queries(values) {
  const day = '2026-05-01T00:00:00.000Z';
  const nextDay = '2026-05-02T00:00:00.000Z';
  const month = '2026-04-01T00:00:00.000Z';
  const e = values.event;
  const q = (text) => `q=${encodeURIComponent(text)}`;
  const localPart = (values.commonActor ?? 'jane.doe@acme.com').split('@')[0];
  return [
    ['list', 'GET /events (no filter)', '/events?limit=50'],
    ['list', 'GET /events source', '/events?limit=50&source=orch-test'],
    ['list', 'GET /events from/to (one day)', `/events?limit=50&from=${day}&to=${nextDay}`],
    [
      'list',
      'GET /events actor (most frequent)',
      `/events?limit=50&actor=${encodeURIComponent(values.commonActor)}`,
    ],
    [
      'list',
      'GET /events actor (rarest)',
      `/events?limit=50&actor=${encodeURIComponent(values.rareActor)}`,
    ],
    [
      'list',
      'GET /events action (most frequent)',
      `/events?limit=50&action=${encodeURIComponent(values.commonAction)}`,
    ],
    [
      'list',
      'GET /events action (rarest)',
      `/events?limit=50&action=${encodeURIComponent(values.rareAction)}`,
    ],
    [
      'list',
      'GET /events category',
      `/events?limit=50&category=${encodeURIComponent(values.category)}`,
    ],
    ['list', 'GET /events outcome=failure', '/events?limit=50&outcome=failure'],
    ['list', 'GET /events q (an actor name)', `/events?limit=50&${q(localPart)}`],
    [
      'list',
      'GET /events q (a target)',
      `/events?limit=50&${q(e.target?.name ?? e.target?.id ?? e.action)}`,
    ],
    ['list', 'GET /events q (an IP)', `/events?limit=50&${q(e.sourceIp ?? '10.')}`],
    ['list', 'GET /events q (no match)', `/events?limit=50&${q('zzqx-no-such-text')}`],
    [
      'list',
      'GET /events source + q + from',
      `/events?limit=50&source=xo-prod&from=${month}&${q(localPart)}`,
    ],
    ['stats', 'GET /stats (whole year, per day)', '/stats'],
    [
      'stats',
      'GET /stats groupBy=source, 30 days per hour',
      `/stats?groupBy=source&interval=hour&from=${month}&to=${'2026-05-01T00:00:00.000Z'}`,
    ],
    ['stats', 'GET /stats outcome=failure by outcome', '/stats?outcome=failure&groupBy=outcome'],
    [
      'stats',
      'GET /stats action (rarest, counted from the events)',
      `/stats?action=${encodeURIComponent(values.rareAction)}`,
    ],
    [
      'stats',
      'GET /stats q + one day (counted from the events)',
      `/stats?from=${day}&to=${nextDay}&${q(localPart)}`,
    ],
    [
      'facets',
      'GET /facets category, outcome, source',
      '/facets?field=category&field=outcome&field=source',
    ],
    [
      'facets',
      'GET /facets action, actor (one day)',
      `/facets?field=action&field=actor&from=${day}&to=${nextDay}`,
    ],
    ['facets', 'GET /facets action (whole year)', '/facets?field=action'],
    ['facets', 'GET /facets action, actor (whole year)', '/facets?field=action&field=actor'],
    [
      'facets',
      'GET /facets action, actor (30 days, partial days at both ends)',
      `/facets?field=action&field=actor&from=2026-04-01T06:30:00.000Z&to=2026-05-01T17:45:00.000Z`,
    ],
  ];
}

async function engineRun(engine, { events, pool, repeats }) {
  const pg = engine === 'pg';
  const dir = mkdtempSync(join(tmpdir(), 'auditrelay-bench-scale-'));
  const prefix = `scale_${randomBytes(4).toString('hex')}_`;
  const database = pg
    ? { client: 'pg', connection: PG_SERVER, prefix }
    : { client: 'better-sqlite3', connection: { directory: dir } };
  let knex;
  let backend;
  try {
    const pools = {
      'uipath-orchestrator-odata': await eventPool('uipath-orchestrator-odata', pool, dir),
      'kore-xo-admin-console': await eventPool('kore-xo-admin-console', pool, dir),
    };
    if (pg) {
      const admin = knexFactory({ client: 'pg', connection: PG_SERVER, pool: { min: 0, max: 1 } });
      await admin.raw(`create database "${prefix}audit-logs"`);
      await admin.destroy();
      const url = new URL(PG_SERVER);
      url.pathname = `/${prefix}audit-logs`;
      knex = knexFactory({ client: 'pg', connection: url.toString(), pool: { min: 1, max: 1 } });
    } else {
      knex = knexFactory({
        client: 'better-sqlite3',
        connection: { filename: join(dir, 'audit-logs.sqlite') },
        useNullAsDefault: true,
      });
    }
    await migrateAuditLogsDatabase(knex);
    const load = await bulkLoad(knex, pg, events, pools);
    log(
      `backstage-scale ${engine}: ${events.toLocaleString('en-US')} events loaded in ${load.insertSeconds.toFixed(0)} s, indexed in ${load.indexSeconds.toFixed(0)} s`,
    );
    const values = await pickValues(knex);
    await knex.destroy();
    knex = undefined;
    backend = await startBackend({
      port: await freePort(),
      database,
      dir,
      auditLogs: { sources: [], retention: { days: 0 } },
    });
    const results = [];
    for (const [kind, name, path] of queries(values)) {
      const url = `/api/audit-logs${path}`;
      const first = await backend.get(url);
      if (first.status !== 200)
        throw new Error(`${name}: ${first.status} ${(await first.text()).slice(0, 300)}`);
      const body = await first.json();
      const times = [];
      for (let i = 0; i < repeats; i++) {
        const t0 = performance.now();
        const res = await backend.get(url);
        await res.arrayBuffer();
        times.push(performance.now() - t0);
      }
      const size =
        kind === 'list'
          ? body.items.length
          : kind === 'stats'
            ? body.buckets.length
            : Object.values(body.facets).reduce((n, f) => n + f.length, 0);
      results.push({ kind, name, times, size });
      log(
        `  ${name}: p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms (${size} ${kind === 'list' ? 'events' : kind === 'stats' ? 'buckets' : 'values'})`,
      );
    }
    return { load, results };
  } finally {
    await knex?.destroy();
    await backend?.stop();
    if (pg) {
      const admin = knexFactory({ client: 'pg', connection: PG_SERVER, pool: { min: 0, max: 1 } });
      const { rows } = await admin.raw(
        'select datname from pg_database where starts_with(datname, ?)',
        [prefix],
      );
      for (const { datname } of rows)
        await admin.raw(`drop database if exists "${datname}" with (force)`);
      await admin.destroy();
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function backstageScale({ pg, sqlite, pool, repeats }) {
  // AUDIT_LOGS_BENCH_ENGINES=sqlite (or pg) runs one engine only.
  const only = process.env.AUDIT_LOGS_BENCH_ENGINES?.split(',');
  const engines = only && !only.includes('sqlite') ? [] : [['sqlite', sqlite]];
  const notes = [];
  if (only && !only.includes('pg')) notes.push('PostgreSQL not run (AUDIT_LOGS_BENCH_ENGINES)');
  else if (await postgresReachable()) engines.push(['pg', pg]);
  else
    notes.push(`PostgreSQL skipped: nothing answers at ${PG_SERVER.replace(/\/\/[^@]*@/, '//')}`);
  const figures = [];
  const loads = {};
  for (const [engine, events] of engines) {
    const label = engine === 'sqlite' ? 'SQLite' : 'PostgreSQL';
    const r = await engineRun(engine, { events, pool, repeats });
    loads[label] = { events, ...r.load };
    for (const { name, times, size } of r.results)
      figures.push({
        name: `${label}, ${events.toLocaleString('en-US')} events: ${name}`,
        unit: 'ms',
        measured: { ...summarize(times), p50: percentile(times, 50), p95: percentile(times, 95) },
        baseline: null,
        ratio: null,
        target: { op: '<=', value: 50, of: 'measured.p95' },
        extra: { resultSize: size },
      });
  }
  return {
    figures,
    notes,
    extra: { loads },
    method:
      'The store is bulk-loaded (not ingested over HTTP): the core reads `pool` Orchestrator and `pool` Kore XO records ' +
      'from the simulator (own process) and normalizes them; those events are repeated over four sources and spread evenly ' +
      "over one year (new ids and dedupe keys), each turned into a row by the plugin's own row builder " +
      '(`@auditrelay/backstage-plugin-audit-logs-backend/testing`), and inserted after the migrations with the secondary ' +
      'indexes dropped (PostgreSQL: 10,000-row `unnest` inserts; SQLite: 500-row inserts, 10,000 rows per transaction); ' +
      "then the migrations' indexes are rebuilt, the FTS5 table (SQLite) and every rollup filled (`fillAuditLogRollups`), and the database " +
      'analyzed (PostgreSQL: vacuumed and analyzed, as autovacuum leaves a store that has lived a while). The real backend (`apps/backstage-backend/dist/index.mjs`) then serves each query `repeats` times after one ' +
      'untimed call, one at a time, with a static token; p50/p95 per query. Filter values come from the data: the most and ' +
      'least frequent actor and action, the most frequent category, and the actor, target and IP of one stored event for `q`.',
  };
}
