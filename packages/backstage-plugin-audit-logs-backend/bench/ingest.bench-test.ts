// Ingestion throughput: the core's sync against the simulator into the plugin's store, on SQLite
// and (with AUDIT_LOGS_TEST_POSTGRES_URL) PostgreSQL. Run with `pnpm bench`; prints one line
// per engine. Not part of `pnpm test`.
import { startSimulator } from '@auditrelay/simulator';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPostgresDatabase,
  createSqliteDatabase,
  type TestDatabase,
} from '../src/__testing__/databases.js';
import { readAuditLogsConfig } from '../src/config/read-config.js';
import { Ingester } from '../src/ingestion/ingester.js';
import { AuditLogStore } from '../src/store/audit-log-store.js';
import { migrate } from '../src/store/migrate.js';

const COUNT = Number(process.env.BENCH_EVENTS ?? 100_000);
const engines: [string, () => Promise<TestDatabase>][] = [
  ['SQLite (file-less)', () => Promise.resolve(createSqliteDatabase())],
];
const pg = process.env.AUDIT_LOGS_TEST_POSTGRES_URL;
if (pg) engines.push(['PostgreSQL', () => createPostgresDatabase(pg)]);

describe.each(engines)('ingest %s', (engine, create) => {
  let sim: Awaited<ReturnType<typeof startSimulator>>;
  let db: TestDatabase;
  beforeAll(async () => {
    sim = await startSimulator({
      seed: 'bench',
      data: { 'uipath-orchestrator-odata': { count: COUNT } },
    });
    db = await create();
    await migrate(db.knex);
  });
  afterAll(async () => {
    await db?.destroy();
    await sim?.close();
  });

  it(`stores ${COUNT} Orchestrator events`, async () => {
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
    const store = new AuditLogStore(db.knex);
    const ingester = new Ingester(store, mockServices.logger.mock());
    const started = performance.now();
    const result = await ingester.run(sources[0]!, new AbortController().signal);
    const seconds = (performance.now() - started) / 1000;
    await sources[0]!.source.close();
    expect(result?.stored).toBe(COUNT);
    const rate = Math.round(COUNT / seconds);
    console.log(`${engine}: ${COUNT} events in ${seconds.toFixed(2)} s = ${rate} events/s`);
  });
});
