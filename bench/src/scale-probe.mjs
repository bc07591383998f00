#!/usr/bin/env node
// Scenario 8's queries over a store kept by scale-db.mjs, through the real backend:
// `node bench/src/scale-probe.mjs sqlite <dir with audit-logs.sqlite> [repeats] [name filter]`
// or `… pg <database prefix (the database is <prefix>audit-logs)> [repeats] [name filter]`.
// The backend migrates the store first (new migrations fill their tables from the events).
import knexFactory from 'knex';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { percentile } from './lib.mjs';
import { PG_SERVER, freePort, startBackend } from './scenarios/backstage.mjs';
import { pickValues, queries } from './scenarios/backstage-scale.mjs';

const [engine, target, repeats = '20', filter = ''] = process.argv.slice(2);
const pg = engine === 'pg';
let knex;
if (pg) {
  const url = new URL(PG_SERVER);
  url.pathname = `/${target}audit-logs`;
  knex = knexFactory({ client: 'pg', connection: url.toString(), pool: { min: 1, max: 1 } });
} else {
  knex = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: join(target, 'audit-logs.sqlite') },
    useNullAsDefault: true,
  });
}
const values = await pickValues(knex);
await knex.destroy();
const database = pg
  ? { client: 'pg', connection: PG_SERVER, prefix: target }
  : { client: 'better-sqlite3', connection: { directory: target } };
const configDir = pg ? mkdtempSync(join(tmpdir(), 'auditrelay-scale-probe-')) : target;
const started = performance.now();
const backend = await startBackend({
  port: await freePort(),
  database,
  dir: configDir,
  auditLogs: { sources: [], retention: { days: 0 } },
});
console.log(`backend ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
try {
  for (const [, name, path] of queries(values)) {
    if (filter && !name.includes(filter)) continue;
    const url = `/api/audit-logs${path}`;
    const first = await backend.get(url);
    if (first.status !== 200) throw new Error(`${name}: ${first.status} ${await first.text()}`);
    const body = JSON.stringify(await first.json());
    const times = [];
    for (let i = 0; i < Number(repeats); i++) {
      const t0 = performance.now();
      await (await backend.get(url)).arrayBuffer();
      times.push(performance.now() - t0);
    }
    console.log(
      `${name}: p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms (${body.length} bytes)`,
    );
  }
} finally {
  await backend.stop();
  if (pg) rmSync(configDir, { recursive: true, force: true });
}
