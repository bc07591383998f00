// Secret canaries: every source credential is a unique canary string, and every failure path of
// ingestion is driven — bad credentials, a token rejected again after its refresh, 5xx answers
// whose body echoes the request (headers included), truncated JSON and HTML with status 200. No
// canary may appear in any HTTP response, log line or stored row.
import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import type { ListSourcesResponse } from '@auditrelay/backstage-plugin-audit-logs-common';
import { startSimulator, type FaultSpec, type Simulator } from '@auditrelay/simulator';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createSqliteDatabase, type TestDatabase } from '../__testing__/databases.js';
import { auditLogsPlugin } from '../plugin.js';

const API = '/api/audit-logs';
const canary = (name: string) => `canary-${name}-${randomBytes(8).toString('hex')}`;
const CANARY = {
  xo: canary('xo-secret'),
  xoWrong: canary('xo-wrong-secret'),
  aiForWork: canary('aiforwork-key'),
  aiForWorkWrong: canary('aiforwork-wrong-key'),
  uipath: canary('uipath-secret'),
};
const CANARIES = Object.values(CANARY);

/**
 * Each failure path: the source, the simulator fault (if any), and the error code expected. The
 * paths of one round run together (faults are per vendor, so one source per vendor a round).
 */
const ROUNDS: { source: string; fault?: FaultSpec; code: RegExp }[][] = [
  [
    { source: 'aifw-wrong-key', code: /AUTH_FAILED/ },
    { source: 'xo-wrong-secret', code: /AUTH_FAILED/ },
    {
      source: 'orchestrator',
      fault: { vendor: 'uipath-orchestrator-odata', kind: 'token-expired', times: 50 },
      code: /AUTH_FAILED/,
    },
    {
      source: 'platform',
      fault: { vendor: 'uipath-platform-audit', kind: 'truncated-json', times: 50 },
      code: /RESPONSE_INVALID/,
    },
  ],
  [
    {
      source: 'aifw',
      fault: {
        vendor: 'kore-ai-for-work',
        kind: 'status',
        status: 500,
        echoRequest: true,
        times: 50,
      },
      code: /HTTP_ERROR/,
    },
    {
      source: 'xo',
      fault: {
        vendor: 'kore-xo-admin-console',
        kind: 'status',
        status: 502,
        echoRequest: true,
        times: 50,
      },
      code: /HTTP_ERROR/,
    },
    {
      source: 'orchestrator',
      fault: {
        vendor: 'uipath-orchestrator-odata',
        kind: 'status',
        status: 500,
        echoRequest: true,
        times: 50,
      },
      code: /HTTP_ERROR/,
    },
    {
      source: 'platform',
      fault: { vendor: 'uipath-platform-audit', kind: 'html-200', times: 50 },
      code: /RESPONSE_INVALID/,
    },
  ],
];

describe('secret canaries on every ingestion failure path', () => {
  let sim: Simulator;
  let db: TestDatabase;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  const logged: string[] = [];
  const responses: string[] = [];

  beforeAll(async () => {
    for (const level of ['log', 'debug', 'info', 'warn', 'error'] as const)
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        logged.push(args.map((arg) => inspect(arg, { depth: 20 })).join(' '));
      });
    sim = await startSimulator({
      seed: 'backstage-canaries',
      rateLimits: { 'kore-xo-admin-console': false },
      credentials: {
        koreXo: { clientSecret: CANARY.xo },
        aiForWork: { apiKey: CANARY.aiForWork },
        uipath: { clientSecret: CANARY.uipath },
      },
    });
    const uipath = {
      baseUrl: sim.baseUrls['uipath-orchestrator-odata'],
      credentials: { clientId: sim.credentials.uipath.clientId, clientSecret: CANARY.uipath },
    };
    const common = { maxAttempts: 2, initialLookbackHours: 24, lagSeconds: 0 };
    db = createSqliteDatabase();
    ({ server } = await startTestBackend({
      features: [
        auditLogsPlugin,
        mockServices.database.factory({ knex: db.knex }),
        mockServices.rootLogger.factory({ level: 'debug' }),
        mockServices.rootConfig.factory({
          data: {
            auditLogs: {
              schedule: { frequency: { trigger: 'manual' }, timeout: { minutes: 2 } },
              sources: [
                {
                  id: 'aifw-wrong-key',
                  type: 'kore-ai-for-work',
                  baseUrl: sim.baseUrls['kore-ai-for-work'],
                  credentials: { apiKey: CANARY.aiForWorkWrong },
                  options: common,
                },
                {
                  id: 'aifw',
                  type: 'kore-ai-for-work',
                  baseUrl: sim.baseUrls['kore-ai-for-work'],
                  credentials: { apiKey: CANARY.aiForWork },
                  options: common,
                },
                {
                  id: 'xo-wrong-secret',
                  type: 'kore-xo-admin-console',
                  baseUrl: sim.baseUrls['kore-xo-admin-console'],
                  credentials: {
                    clientId: sim.credentials.koreXo.clientId,
                    clientSecret: CANARY.xoWrong,
                  },
                  options: common,
                },
                {
                  id: 'xo',
                  type: 'kore-xo-admin-console',
                  baseUrl: sim.baseUrls['kore-xo-admin-console'],
                  credentials: {
                    clientId: sim.credentials.koreXo.clientId,
                    clientSecret: CANARY.xo,
                  },
                  options: common,
                },
                {
                  id: 'orchestrator',
                  type: 'uipath-orchestrator-odata',
                  ...uipath,
                  options: {
                    ...common,
                    organization: sim.credentials.uipath.organization,
                    tenant: sim.credentials.uipath.tenant,
                  },
                },
                {
                  id: 'platform',
                  type: 'uipath-platform-audit',
                  ...uipath,
                  options: {
                    ...common,
                    organization: sim.credentials.uipath.organization,
                    partitionGlobalId: sim.credentials.uipath.partitionGlobalId,
                  },
                },
              ],
            },
          },
        }),
      ],
    }));
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await sim?.close();
    await db?.destroy();
  });

  async function get(path: string) {
    const res = await request(server).get(`${API}${path}`);
    responses.push(JSON.stringify(res.headers) + res.text);
    return res;
  }

  async function status(sourceId: string) {
    const res = await get('/sources');
    return (res.body as ListSourcesResponse).items.find((s) => s.id === sourceId)!;
  }

  /** Triggers a run and waits until it has ended (a new error, or a success). */
  async function run(sourceId: string) {
    const before = await status(sourceId);
    const trigger = await request(server).post(`${API}/sources/${sourceId}/sync`);
    responses.push(trigger.text);
    expect(trigger.status).toBe(202);
    for (let i = 0; i < 300; i++) {
      const now = await status(sourceId);
      const started = now.lastRunAt !== before.lastRunAt;
      const failed = JSON.stringify(now.lastError) !== JSON.stringify(before.lastError);
      const succeeded = now.lastSuccessAt !== before.lastSuccessAt;
      if (started && (failed || succeeded)) return now;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(
      `the run of ${sourceId} did not end: ${JSON.stringify(await status(sourceId))}`,
    );
  }

  it('keeps every canary out of responses, logs and stored rows', async () => {
    const codes: string[] = [];
    for (const round of ROUNDS) {
      sim.faults.clear();
      sim.resetRequestLog();
      for (const { fault } of round) if (fault) sim.faults.add(fault);
      const t0 = Date.now();
      const ended = await Promise.all(round.map(({ source }) => run(source)));
      for (const [i, { source, fault, code }] of round.entries()) {
        const what = `${source}/${fault?.kind ?? 'bad-credentials'}`;
        expect(ended[i]!.lastError, `${what}: ${JSON.stringify(ended[i])}`).toBeDefined();
        expect(ended[i]!.lastError!.code, what).toMatch(code);
        codes.push(`${what}: ${ended[i]!.lastError!.code}`);
      }
      codes.push(`(round ${Date.now() - t0} ms)`);
      // The echoes really happened: the answers carried the request's credentials back.
      if (round.some(({ fault }) => fault?.kind === 'status'))
        expect(sim.requests.filter((r) => r.fault === 'status').length).toBeGreaterThan(2);
    }
    sim.faults.clear();
    // The read API, too.
    await get('/events?limit=50');
    await get('/events/export?format=ndjson');

    const rows: string[] = [];
    const tables = await db
      .knex<{ name: string; type: string }>('sqlite_master')
      .where('type', 'table')
      .select('name');
    for (const { name } of tables) rows.push(JSON.stringify(await db.knex(name).select('*')));

    const everything = { responses, logs: logged, rows };
    for (const [where, texts] of Object.entries(everything)) {
      const all = texts.join('\n');
      for (const secret of CANARIES)
        expect(all, `${where} contains a canary`).not.toContain(secret);
      // An echoed Authorization header would carry a UiPath bearer token.
      expect(all, `${where} contains a bearer token`).not.toMatch(/Bearer [A-Za-z0-9._~+/-]{16,}/);
    }
    // The failures were logged (so the logs were really looked at).
    expect(logged.some((line) => /Ingestion of .* failed/.test(line))).toBe(true);
    process.stdout.write(`canary scenarios: ${codes.join('; ')}\n`);
  });
});
