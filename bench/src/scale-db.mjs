#!/usr/bin/env node
// Builds a scenario-8 store once and keeps it, for probing queries without reloading:
// `node bench/src/scale-db.mjs sqlite|pg <events> <sqlite file | pg database name> [pool]`.
import knexFactory from 'knex';
import { migrateAuditLogsDatabase } from '@auditrelay/backstage-plugin-audit-logs-backend/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { log } from './lib.mjs';
import { PG_SERVER } from './scenarios/backstage.mjs';
import { bulkLoad, eventPool } from './scenarios/backstage-scale.mjs';

const [engine, events, target, pool = '20000'] = process.argv.slice(2);
const pg = engine === 'pg';
const dir = mkdtempSync(join(tmpdir(), 'auditrelay-scale-db-'));
const pools = {
  'uipath-orchestrator-odata': await eventPool('uipath-orchestrator-odata', Number(pool), dir),
  'kore-xo-admin-console': await eventPool('kore-xo-admin-console', Number(pool), dir),
};
let knex;
if (pg) {
  const admin = knexFactory({ client: 'pg', connection: PG_SERVER, pool: { min: 0, max: 1 } });
  await admin.raw(`drop database if exists "${target}" with (force)`);
  await admin.raw(`create database "${target}"`);
  await admin.destroy();
  const url = new URL(PG_SERVER);
  url.pathname = `/${target}`;
  knex = knexFactory({ client: 'pg', connection: url.toString(), pool: { min: 1, max: 1 } });
} else {
  knex = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: target },
    useNullAsDefault: true,
  });
}
await migrateAuditLogsDatabase(knex);
const load = await bulkLoad(knex, pg, Number(events), pools);
log(
  `${engine}: ${events} events loaded in ${load.insertSeconds.toFixed(0)} s, indexed in ${load.indexSeconds.toFixed(0)} s`,
);
await knex.destroy();
rmSync(dir, { recursive: true, force: true });
