/* global fetch, URLSearchParams -- Node globals */
// 7. n8n: a real n8n (`n8n execute`) running Get Many with the Audit Relay node vs n8n's own HTTP
// Request node paginating the same Orchestrator endpoint (+ Split Out to one item per record).
import { execFileSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DATA_END,
  DATA_START,
  REPO,
  log,
  runProcess,
  startSimulatorProcess,
  summarize,
} from '../lib.mjs';

const N8N_VERSION = process.env.AUDITRELAY_N8N_VERSION ?? '2.41.1';
const N8N_BIN =
  process.env.AUDITRELAY_N8N_BIN ??
  join(
    process.env.AUDITRELAY_CACHE ?? join(homedir(), '.cache/auditrelay'),
    `n8n-${N8N_VERSION}`,
    'n8n',
  );
const NODE_PACKAGE_DIR = join(REPO, 'packages/n8n-nodes');

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** `pnpm pack` of the node package, extracted (as the n8n end-to-end test loads it). */
function packNodePackage(work) {
  const pnpm =
    process.env.npm_execpath && /pnpm/.test(process.env.npm_execpath)
      ? process.env.npm_execpath
      : 'pnpm';
  const [command, args] = /\.c?js$/.test(pnpm) ? [process.execPath, [pnpm]] : [pnpm, []];
  execFileSync(command, [...args, 'pack', '--pack-destination', work], {
    cwd: NODE_PACKAGE_DIR,
    stdio: 'ignore',
  });
  const tarball = readdirSync(work).find((file) => file.endsWith('.tgz'));
  const dir = join(work, 'package');
  mkdirSync(dir);
  execFileSync('tar', ['-xzf', join(work, tarball), '-C', dir, '--strip-components=1']);
  return dir;
}

const manual = (id) => ({
  id: `${id}-start`,
  name: 'Start',
  type: 'n8n-nodes-base.manualTrigger',
  typeVersion: 1,
  position: [0, 0],
  parameters: {},
});
const chain = (...names) =>
  Object.fromEntries(
    names
      .slice(0, -1)
      .map((name, i) => [name, { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] }]),
  );

function workflows({ baseUrl, organization, tenant, token, from, to, pageSize }) {
  const range = `ExecutionTime ge ${from} and ExecutionTime le ${to}`;
  return [
    {
      id: 'benchAuditRelay',
      name: 'bench: Audit Relay Get Many',
      active: false,
      settings: { executionOrder: 'v1' },
      nodes: [
        manual('benchAuditRelay'),
        {
          id: 'benchAuditRelay-relay',
          name: 'Audit Relay',
          type: 'CUSTOM.auditRelay',
          typeVersion: 1,
          position: [220, 0],
          parameters: {
            source: 'uipath-orchestrator-odata',
            from,
            to,
            returnAll: true,
            output: 'simplified',
          },
          credentials: { uiPathOAuth2Api: { id: 'benchUiPathCred', name: 'UiPath Orchestrator' } },
        },
      ],
      connections: chain('Start', 'Audit Relay'),
    },
    {
      id: 'benchHttpRequest',
      name: 'bench: HTTP Request with pagination',
      active: false,
      settings: { executionOrder: 'v1' },
      nodes: [
        manual('benchHttpRequest'),
        {
          id: 'benchHttpRequest-http',
          name: 'HTTP Request',
          type: 'n8n-nodes-base.httpRequest',
          typeVersion: 4.2,
          position: [220, 0],
          parameters: {
            method: 'GET',
            url: `${baseUrl}/${organization}/${tenant}/orchestrator_/odata/AuditLogs`,
            sendQuery: true,
            queryParameters: {
              parameters: [
                { name: '$top', value: String(pageSize) },
                { name: '$orderby', value: 'Id asc' },
                { name: '$filter', value: range },
              ],
            },
            sendHeaders: true,
            headerParameters: {
              parameters: [
                { name: 'Authorization', value: `Bearer ${token}` },
                { name: 'X-UIPATH-AuditedService', value: 'Orchestrator' },
              ],
            },
            options: {
              pagination: {
                pagination: {
                  paginationMode: 'updateAParameterInEachRequest',
                  parameters: {
                    parameters: [
                      {
                        type: 'qs',
                        name: '$filter',
                        value: `={{ 'Id gt ' + $response.body.value[$response.body.value.length - 1].Id + ' and ${range}' }}`,
                      },
                    ],
                  },
                  paginationCompleteWhen: 'other',
                  completeExpression: `={{ $response.body.value.length < ${pageSize} }}`,
                },
              },
            },
          },
        },
        {
          id: 'benchHttpRequest-split',
          name: 'Split Out',
          type: 'n8n-nodes-base.splitOut',
          typeVersion: 1,
          position: [440, 0],
          parameters: { fieldToSplitOut: 'value', include: 'noOtherFields', options: {} },
        },
      ],
      connections: chain('Start', 'HTTP Request', 'Split Out'),
    },
  ];
}

/** Items out of the last node and n8n's own start/stop times, from `n8n execute --rawOutput`. */
function parseRun(stdout, lastNode) {
  const lines = stdout.split('\n');
  const start = lines.indexOf('{');
  const end = lines.lastIndexOf('}');
  if (start === -1 || end <= start)
    throw new Error(
      `no run JSON in the output of n8n execute (${stdout.length} chars): ${stdout.slice(0, 300)} … ${stdout.slice(-300)}`,
    );
  const run = JSON.parse(lines.slice(start, end + 1).join('\n'));
  const items = run.data.resultData.runData[lastNode]?.[0]?.data?.main?.[0]?.length ?? 0;
  const error = run.data.resultData.error?.message;
  const executionSeconds = (Date.parse(run.stoppedAt) - Date.parse(run.startedAt)) / 1000;
  return { items, error, executionSeconds };
}

export async function n8n({ events, runs }) {
  if (!existsSync(N8N_BIN))
    return { skipped: `n8n is not installed at ${N8N_BIN} (scripts/ci/install-n8n.sh)` };
  if (!existsSync(join(NODE_PACKAGE_DIR, 'dist')))
    return { skipped: 'packages/n8n-nodes is not built (pnpm build)' };
  const work = mkdtempSync(join(tmpdir(), 'auditrelay-bench-n8n-'));
  const vendor = 'uipath-orchestrator-odata';
  const sim = await startSimulatorProcess({
    seed: 'bench',
    data: { [vendor]: { count: events, start: DATA_START, end: DATA_END } },
  });
  try {
    let packageDir;
    try {
      packageDir = packNodePackage(work);
    } catch (error) {
      return {
        skipped: `packing packages/n8n-nodes failed: ${error instanceof Error ? error.message.split('\n')[0] : error}`,
      };
    }
    const home = join(work, 'home');
    mkdirSync(home);
    const env = {
      N8N_USER_FOLDER: home,
      N8N_CUSTOM_EXTENSIONS: packageDir,
      N8N_ENCRYPTION_KEY: 'bench-only-encryption-key-0123456789',
      N8N_DIAGNOSTICS_ENABLED: 'false',
      N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
      N8N_PERSONALIZATION_ENABLED: 'false',
      N8N_RUNNERS_BROKER_PORT: String(await freePort()),
      NODE_ENV: '',
      NO_COLOR: '1',
    };
    const { uipath } = sim.credentials;
    const baseUrl = sim.baseUrls[vendor];
    // The HTTP Request side gets a token once, up front (one request; TTL one hour).
    const tokenRes = await fetch(`${baseUrl}/identity_/connect/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: uipath.clientId,
        client_secret: uipath.clientSecret,
        scope: 'OR.Audit.Read',
      }),
    });
    const { access_token: token } = await tokenRes.json();
    const from = new Date(DATA_START).toISOString();
    const to = new Date(DATA_END).toISOString();
    writeFileSync(
      join(work, 'credentials.json'),
      JSON.stringify([
        {
          id: 'benchUiPathCred',
          name: 'UiPath Orchestrator',
          type: 'uiPathOAuth2Api',
          data: {
            baseUrl,
            organization: uipath.organization,
            tenant: uipath.tenant,
            auditLog: 'orchestrator',
            clientId: uipath.clientId,
            clientSecret: uipath.clientSecret,
          },
        },
      ]),
    );
    writeFileSync(
      join(work, 'workflows.json'),
      JSON.stringify(
        workflows({
          baseUrl,
          organization: uipath.organization,
          tenant: uipath.tenant,
          token,
          from,
          to,
          pageSize: 1000,
        }),
      ),
    );
    await runProcess(N8N_BIN, ['import:credentials', `--input=${join(work, 'credentials.json')}`], {
      env,
    });
    await runProcess(N8N_BIN, ['import:workflow', `--input=${join(work, 'workflows.json')}`], {
      env,
    });
    const sides = {
      relay: ['benchAuditRelay', 'Audit Relay'],
      http: ['benchHttpRequest', 'Split Out'],
    };
    const results = { relay: [], http: [] };
    for (let run = 0; run < runs; run++) {
      for (const side of run % 2 ? ['http', 'relay'] : ['relay', 'http']) {
        const [id, lastNode] = sides[side];
        // stdout to a file: n8n exits right after printing, and a pipe would lose the tail of a
        // large result (file writes are synchronous in Node).
        const outFile = join(work, `${side}-${run}.out`);
        const fd = openSync(outFile, 'w');
        let result;
        try {
          result = await runProcess(N8N_BIN, ['execute', `--id=${id}`, '--rawOutput'], {
            env,
            measureMemory: true,
            stdout: fd,
          });
        } finally {
          closeSync(fd);
        }
        const parsed = parseRun(readFileSync(outFile, 'utf8'), lastNode);
        rmSync(outFile);
        if (parsed.error || parsed.items !== events)
          throw new Error(
            `n8n ${side}: ${parsed.items} items, expected ${events}${parsed.error ? ` (${parsed.error})` : ''}`,
          );
        results[side].push({ ...parsed, wallSeconds: result.wallSeconds, peakRss: result.peakRss });
        log(
          `n8n ${side} run ${run + 1}: execution ${parsed.executionSeconds.toFixed(2)} s, process ${result.wallSeconds.toFixed(1)} s, peak RSS ${(result.peakRss / 2 ** 20).toFixed(0)} MiB`,
        );
      }
    }
    const pick = (side, key, scale = 1) => results[side].map((r) => r[key] / scale);
    const size = `${events.toLocaleString('en-US')} Orchestrator events`;
    return {
      figures: [
        {
          name: `execution time, ${size}: Audit Relay node vs HTTP Request + Split Out`,
          unit: 's',
          measured: summarize(pick('relay', 'executionSeconds')),
          baseline: summarize(pick('http', 'executionSeconds')),
          ratio: summarize(
            results.relay.map((r, i) => results.http[i].executionSeconds / r.executionSeconds),
          ),
          target: { op: '>=', value: 2 },
          extra: {
            processWallSeconds: {
              relay: summarize(pick('relay', 'wallSeconds')).median,
              http: summarize(pick('http', 'wallSeconds')).median,
            },
          },
        },
        {
          name: `peak RSS of the n8n process, ${size}`,
          unit: 'MiB',
          measured: summarize(pick('relay', 'peakRss', 2 ** 20)),
          baseline: summarize(pick('http', 'peakRss', 2 ** 20)),
          ratio: summarize(results.relay.map((r, i) => r.peakRss / results.http[i].peakRss)),
          target: { op: '<=', value: 0.5 },
        },
      ],
      method:
        `n8n ${N8N_VERSION} (scripts/ci/install-n8n.sh), the node package packed with \`pnpm pack\` and loaded through ` +
        'N8N_CUSTOM_EXTENSIONS, SQLite in a fresh N8N_USER_FOLDER; simulator in its own process. Two workflows, run alternately ' +
        'with `n8n execute --id=… --rawOutput`: (a) Manual Trigger → Audit Relay (UiPath Orchestrator, Get Many, Return All, ' +
        'simplified output, OAuth2 client credentials), (b) Manual Trigger → HTTP Request (same endpoint, `$top=1000`, ' +
        '`$orderby=Id asc`, pagination "Update a Parameter in Each Request" setting `$filter=Id gt <last Id> and <time range>`, ' +
        'complete when a page has fewer than 1000 records, bearer token fetched once beforehand) → Split Out `value` (one item per ' +
        "record, as the node gives). Time = n8n's own `startedAt` → `stoppedAt` of the execution (n8n start-up and the printing " +
        'of the result excluded; process wall time in the extra figures). Peak RSS = `/usr/bin/time -v` of the whole `n8n execute` ' +
        'process (includes start-up and printing the result JSON, for both). Ratios: HTTP seconds / node seconds; node RSS / HTTP RSS.',
    };
  } finally {
    await sim.stop();
    rmSync(work, { recursive: true, force: true });
  }
}
