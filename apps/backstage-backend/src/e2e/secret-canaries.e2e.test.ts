// Secret canaries through the real backend process: every credential is a unique canary string,
// passed the way the demo passes secrets (environment variables substituted into app-config),
// and the simulator fails ingestion in every way it can: bad credentials, a UiPath token
// rejected again after its refresh, a Kore XO token refused, 5xx answers whose body echoes the
// request headers (the credentials, the JWT, the bearer token), truncated JSON, HTML with status
// 200 and connection resets. No canary, bearer token or JWT may appear in the backend's output
// (debug level), in any answer of the plugin's API or in any row of any table.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type FaultSpec, type Simulator } from '@auditrelay/simulator';
import knexFactory from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FULL_TOKEN,
  freePort,
  sources,
  startBackendProcess,
  tasks,
  type BackendProcess,
  type SourceStatus,
} from './backend-process.js';

const canary = (name: string) => `canary-${name}-${randomBytes(8).toString('hex')}`;
/** Every credential, as the environment variable that carries it. */
const CANARY = {
  XO_CLIENT_ID: canary('xo-client-id'),
  XO_SECRET: canary('xo-secret'),
  XO_WRONG_SECRET: canary('xo-wrong-secret'),
  AIFW_KEY: canary('aiforwork-key'),
  AIFW_WRONG_KEY: canary('aiforwork-wrong-key'),
  UIPATH_CLIENT_ID: canary('uipath-client-id'),
  UIPATH_SECRET: canary('uipath-secret'),
  UIPATH_WRONG_SECRET: canary('uipath-wrong-secret'),
};
/** What must never show: the canaries (also URL- and base64-encoded) and the API token. */
const FORBIDDEN = [...Object.values(CANARY), FULL_TOKEN].flatMap((secret) => [
  secret,
  encodeURIComponent(secret),
  Buffer.from(secret).toString('base64'),
  Buffer.from(secret).toString('base64url'),
]);
/** Tokens minted at run time: UiPath bearer tokens and Kore XO JWTs (echoed by the faults). */
const TOKEN_SHAPES = [
  /Bearer\s+[A-Za-z0-9._~+/=-]{16,}/i,
  /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/,
];

interface FailurePath {
  source: string;
  /** The simulator's fault for this run; none for wrong credentials. */
  fault?: FaultSpec;
  code: string;
  /** What the error message must say about the failure. */
  says: RegExp;
  /** Expire the UiPath tokens first, so the source must ask the token endpoint again. */
  expireTokens?: boolean;
}

const times = 50;
/**
 * The failure paths. Faults act per vendor (a token-endpoint fault on every UiPath source), so a
 * round runs at most one source of each vendor; the rounds run one after the other.
 */
const ROUNDS: FailurePath[][] = [
  [
    { source: 'aifw-wrong-key', code: 'AUTH_FAILED', says: /401|API key/i },
    { source: 'xo-wrong-secret', code: 'AUTH_FAILED', says: /401|credentials/i },
    { source: 'uipath-wrong-secret', code: 'AUTH_FAILED', says: /invalid_client|401|400/i },
    {
      source: 'orchestrator',
      fault: { vendor: 'uipath-orchestrator-odata', kind: 'token-expired', times },
      code: 'AUTH_FAILED',
      says: /401|token/i,
    },
  ],
  [
    {
      source: 'aifw',
      fault: { vendor: 'kore-ai-for-work', kind: 'status', status: 500, echoRequest: true, times },
      code: 'HTTP_ERROR',
      says: /500/,
    },
    {
      source: 'xo',
      fault: {
        vendor: 'kore-xo-admin-console',
        kind: 'status',
        status: 502,
        echoRequest: true,
        times,
      },
      code: 'HTTP_ERROR',
      says: /502/,
    },
    {
      source: 'orchestrator',
      fault: {
        vendor: 'uipath-orchestrator-odata',
        kind: 'status',
        status: 500,
        echoRequest: true,
        times,
      },
      code: 'HTTP_ERROR',
      says: /500/,
    },
    {
      source: 'platform',
      fault: { vendor: 'uipath-platform-audit', kind: 'truncated-json', times },
      code: 'RESPONSE_INVALID',
      says: /JSON/i,
    },
  ],
  [
    {
      source: 'aifw',
      fault: { vendor: 'kore-ai-for-work', kind: 'html-200', times },
      code: 'RESPONSE_INVALID',
      says: /HTML|JSON/i,
    },
    {
      source: 'xo',
      fault: { vendor: 'kore-xo-admin-console', kind: 'token-expired', times },
      code: 'AUTH_FAILED',
      says: /401|token/i,
    },
    {
      source: 'orchestrator',
      fault: { vendor: 'uipath-orchestrator-odata', kind: 'reset', times },
      code: 'NETWORK_ERROR',
      says: /reset|socket|closed|network/i,
    },
    {
      source: 'platform',
      fault: {
        vendor: 'uipath-platform-audit',
        kind: 'status',
        status: 503,
        echoRequest: true,
        times,
      },
      code: 'HTTP_ERROR',
      says: /503/,
    },
  ],
  [
    {
      source: 'aifw',
      fault: { vendor: 'kore-ai-for-work', kind: 'reset-mid-body', times },
      code: 'NETWORK_ERROR',
      says: /reset|socket|closed|network|terminated|aborted/i,
    },
    {
      source: 'xo',
      fault: { vendor: 'kore-xo-admin-console', kind: 'truncated-json', times },
      code: 'RESPONSE_INVALID',
      says: /JSON/i,
    },
    {
      source: 'platform',
      fault: {
        vendor: 'uipath-platform-audit',
        route: 'token',
        kind: 'status',
        status: 500,
        echoRequest: true,
        times,
      },
      expireTokens: true,
      code: 'HTTP_ERROR',
      says: /500/,
    },
  ],
  [
    {
      source: 'platform',
      fault: { vendor: 'uipath-platform-audit', kind: 'html-200', times },
      code: 'RESPONSE_INVALID',
      says: /HTML|JSON/i,
    },
    {
      source: 'aifw',
      fault: {
        vendor: 'kore-ai-for-work',
        kind: 'status',
        status: 401,
        echoRequest: true,
        times,
      },
      code: 'AUTH_FAILED',
      says: /401/,
    },
  ],
];

describe('secret canaries through the real backend under fault injection', () => {
  let sim: Simulator;
  let backend: BackendProcess;
  const dir = mkdtempSync(join(tmpdir(), 'audit-logs-canaries-'));
  const responses: string[] = [];

  beforeAll(async () => {
    sim = await startSimulator({
      seed: 'backstage-e2e-canaries',
      rateLimits: { 'kore-xo-admin-console': false },
      credentials: {
        koreXo: { clientId: CANARY.XO_CLIENT_ID, clientSecret: CANARY.XO_SECRET },
        aiForWork: { apiKey: CANARY.AIFW_KEY },
        uipath: { clientId: CANARY.UIPATH_CLIENT_ID, clientSecret: CANARY.UIPATH_SECRET },
      },
    });
    const { uipath } = sim.credentials;
    // Few attempts, a day of history, no lag: each failing run ends within a second or two.
    const options = { maxAttempts: 2, initialLookbackHours: 24, lagSeconds: 0 };
    const manual = { frequency: { trigger: 'manual' }, timeout: 'PT2M' };
    const source = (
      id: string,
      type: string,
      credentials: Record<string, string>,
      extra: Record<string, string> = {},
    ) => ({
      id,
      type,
      baseUrl: sim.baseUrls[type as keyof typeof sim.baseUrls],
      credentials,
      options: { ...options, ...extra },
      schedule: manual,
    });
    const orchestratorOptions = { organization: uipath.organization, tenant: uipath.tenant };
    const platformOptions = {
      organization: uipath.organization,
      partitionGlobalId: uipath.partitionGlobalId,
    };
    backend = await startBackendProcess({
      port: await freePort(),
      database: { client: 'better-sqlite3', connection: { directory: dir } },
      env: { ...CANARY, AUDIT_LOGS_TOKEN: FULL_TOKEN },
      logLevel: 'debug',
      auditLogs: {
        sources: [
          source('aifw-wrong-key', 'kore-ai-for-work', { apiKey: '${AIFW_WRONG_KEY}' }),
          source('aifw', 'kore-ai-for-work', { apiKey: '${AIFW_KEY}' }),
          source('xo-wrong-secret', 'kore-xo-admin-console', {
            clientId: '${XO_CLIENT_ID}',
            clientSecret: '${XO_WRONG_SECRET}',
          }),
          source('xo', 'kore-xo-admin-console', {
            clientId: '${XO_CLIENT_ID}',
            clientSecret: '${XO_SECRET}',
          }),
          source(
            'uipath-wrong-secret',
            'uipath-platform-audit',
            { clientId: '${UIPATH_CLIENT_ID}', clientSecret: '${UIPATH_WRONG_SECRET}' },
            platformOptions,
          ),
          source(
            'orchestrator',
            'uipath-orchestrator-odata',
            { clientId: '${UIPATH_CLIENT_ID}', clientSecret: '${UIPATH_SECRET}' },
            orchestratorOptions,
          ),
          source(
            'platform',
            'uipath-platform-audit',
            { clientId: '${UIPATH_CLIENT_ID}', clientSecret: '${UIPATH_SECRET}' },
            platformOptions,
          ),
        ],
      },
    });
  });
  afterAll(async () => {
    await backend?.stop();
    await sim?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Every answer of the plugin's API is kept, headers included, for the final check. */
  async function call(method: 'get' | 'post', path: string) {
    const res = await backend[method](`/api/audit-logs${path}`);
    const text = await res.text();
    responses.push(
      `${method.toUpperCase()} ${path} ${res.status}\n${JSON.stringify([...res.headers])}\n${text}`,
    );
    return { status: res.status, text };
  }

  async function status(sourceId: string): Promise<SourceStatus> {
    const { text } = await call('get', '/sources');
    return (JSON.parse(text) as { items: SourceStatus[] }).items.find((s) => s.id === sourceId)!;
  }

  /** Triggers a run through the API and waits until it has ended (an error or a success). */
  async function run(sourceId: string): Promise<SourceStatus> {
    const before = await status(sourceId);
    const trigger = await call('post', `/sources/${sourceId}/sync`);
    expect(trigger.status, trigger.text).toBe(202);
    const deadline = Date.now() + 60_000;
    for (;;) {
      const now = await status(sourceId);
      const started = now.lastRunAt !== before.lastRunAt;
      const failed = JSON.stringify(now.lastError) !== JSON.stringify(before.lastError);
      const succeeded = now.lastSuccessAt !== before.lastSuccessAt;
      if (started && (failed || succeeded)) return now;
      if (Date.now() > deadline)
        throw new Error(`the run of ${sourceId} did not end: ${JSON.stringify(now)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('keeps every canary out of the output, the API answers and the database', async () => {
    // One clean run first, so there are events to read and export.
    expect((await run('orchestrator')).lastError).toBeUndefined();

    const seen: string[] = [];
    for (const round of ROUNDS) {
      sim.faults.clear();
      sim.resetRequestLog();
      for (const { fault } of round) if (fault) sim.faults.add(fault);
      if (round.some((path) => path.expireTokens)) sim.expireTokens();
      const ended = await Promise.all(round.map(({ source }) => run(source)));
      for (const [i, path] of round.entries()) {
        const what = `${path.source} / ${path.fault?.kind ?? 'wrong credentials'}`;
        const error = ended[i]!.lastError;
        expect(error, `${what}: ${JSON.stringify(ended[i])}`).toBeDefined();
        expect(error!.code, `${what}: ${error!.message}`).toBe(path.code);
        // A clear error: it says what failed (the log line below names the source).
        expect(error!.message, what).toMatch(path.says);
        seen.push(`${what}: ${error!.code} ${error!.message.slice(0, 160)}`);
      }
      // The faults really answered (the echoes carried the request's credentials back).
      for (const { fault } of round)
        if (fault)
          expect(
            sim.requests.some((r) => r.fault === fault.kind),
            fault.kind,
          ).toBe(true);
    }
    sim.faults.clear();

    // The rest of the API, with the last errors in place.
    const listed = await call('get', '/events?limit=50');
    expect(listed.status).toBe(200);
    const first = (JSON.parse(listed.text) as { items: { id: string }[] }).items[0];
    expect(first).toBeDefined();
    expect((await call('get', `/events/${first!.id}`)).status).toBe(200);
    expect((await call('get', '/events/export?format=ndjson')).status).toBe(200);
    expect((await call('get', '/events/export?format=csv')).status).toBe(200);
    expect((await call('get', '/.backstage/scheduler/v1/tasks')).status).toBe(200);
    expect((await call('post', '/sources/no-such-source/sync')).status).toBe(404);
    const statuses = await sources(backend);
    expect(statuses.filter((s) => s.lastError).length).toBe(7);
    expect((await tasks(backend)).length).toBeGreaterThan(7);

    await backend.stop();
    const output = backend.output();
    const knex = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: join(dir, 'audit-logs.sqlite') },
      useNullAsDefault: true,
    });
    const rows: string[] = [];
    try {
      const tables = await knex<{ name: string; type: string }>('sqlite_master')
        .where('type', 'table')
        .select('name');
      for (const { name } of tables)
        rows.push(`${name}: ${JSON.stringify(await knex(name).select('*'))}`);
      expect(tables.map((t) => t.name)).toContain('audit_logs__sources');
    } finally {
      await knex.destroy();
    }

    for (const [where, text] of Object.entries({
      'backend output': output,
      'API answers': responses.join('\n'),
      'database rows': rows.join('\n'),
    })) {
      for (const secret of FORBIDDEN)
        expect(text, `${where} contains a canary`).not.toContain(secret);
      for (const shape of TOKEN_SHAPES)
        expect(text.match(shape)?.[0], `${where} contains a token`).toBeUndefined();
    }
    // Backstage masks configured secrets in its logs with ***: none even reached the logger.
    expect(output).not.toContain('***');
    // The output really was looked at: debug lines, and every failure logged with its source.
    expect(output).toMatch(/"level":"debug"/);
    // Every failure is logged naming the source and the error code.
    for (const round of ROUNDS)
      for (const path of round)
        expect(output, path.source).toMatch(
          new RegExp(
            `Ingestion of [a-z-]+ \\\\"${path.source}\\\\" failed after \\d+ events: ${path.code} `,
          ),
        );
    process.stdout.write(`Backstage canaries (real backend):\n  ${seen.join('\n  ')}\n`);
  });
});
