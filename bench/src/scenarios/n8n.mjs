/* global fetch, URLSearchParams, setInterval, clearInterval -- Node globals */
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
export function packNodePackage(work) {
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

function workflows({ baseUrl, organization, tenant, token, from, to, pageSize, relayParameters }) {
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
            ...relayParameters,
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
  return { items, error, executionSeconds, startedAt: run.startedAt, stoppedAt: run.stoppedAt };
}

/**
 * A fresh n8n home (SQLite) that loads the node package in `packageDir`, with the UiPath
 * credential and both bench workflows imported. `execute(side)` runs one of them with
 * `n8n execute` and returns n8n's own execution time and the process's peak RSS.
 */
export async function prepareN8n({ sim, work, packageDir, relayParameters = {}, home = 'home' }) {
  const vendor = 'uipath-orchestrator-odata';
  const userFolder = join(work, home);
  mkdirSync(userFolder);
  const env = {
    N8N_USER_FOLDER: userFolder,
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
  const files = {
    credentials: join(work, `${home}-credentials.json`),
    workflows: join(work, `${home}-workflows.json`),
  };
  writeFileSync(
    files.credentials,
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
    files.workflows,
    JSON.stringify(
      workflows({
        baseUrl,
        organization: uipath.organization,
        tenant: uipath.tenant,
        token,
        from,
        to,
        pageSize: 1000,
        relayParameters,
      }),
    ),
  );
  await runProcess(N8N_BIN, ['import:credentials', `--input=${files.credentials}`], { env });
  await runProcess(N8N_BIN, ['import:workflow', `--input=${files.workflows}`], { env });
  const sides = {
    relay: ['benchAuditRelay', 'Audit Relay'],
    http: ['benchHttpRequest', 'Split Out'],
  };
  let runs = 0;
  return {
    /** One run of a workflow: n8n's execution seconds, process wall seconds, peak RSS (bytes). */
    async execute(side, { expected, sampleCpu = false, nodeOptions } = {}) {
      const [id, lastNode] = sides[side];
      // stdout to a file: n8n exits right after printing, and a pipe would lose the tail of a
      // large result (file writes are synchronous in Node).
      const outFile = join(work, `${home}-${side}-${runs++}.out`);
      const fd = openSync(outFile, 'w');
      const cpu = sampleCpu ? sampleProcessCpu(userFolder) : undefined;
      let result;
      try {
        result = await runProcess(N8N_BIN, ['execute', `--id=${id}`, '--rawOutput'], {
          env: nodeOptions ? { ...env, NODE_OPTIONS: nodeOptions } : env,
          measureMemory: true,
          stdout: fd,
        });
      } finally {
        closeSync(fd);
        cpu?.stop();
      }
      const parsed = parseRun(readFileSync(outFile, 'utf8'), lastNode);
      rmSync(outFile);
      if (parsed.error || (expected !== undefined && parsed.items !== expected))
        throw new Error(
          `n8n ${side}: ${parsed.items} items, expected ${expected}${parsed.error ? ` (${parsed.error})` : ''}`,
        );
      return {
        ...parsed,
        wallSeconds: result.wallSeconds,
        peakRss: result.peakRss,
        ...(cpu
          ? {
              executionCpuSeconds: cpu.between(parsed.startedAt, parsed.stoppedAt),
              executionPeakRss: cpu.peakRssUntil(parsed.stoppedAt),
            }
          : {}),
      };
    },
  };
}

/**
 * CPU seconds (user + system) of the `n8n execute` process that runs on `userFolder`, between
 * two instants: /proc samples every 50 ms, interpolated (Linux only; NaN elsewhere).
 */
function sampleProcessCpu(userFolder) {
  const samples = [];
  let pid;
  const find = () =>
    readdirSync('/proc')
      .filter((name) => /^\d+$/.test(name))
      .find((candidate) => {
        try {
          const cmdline = readFileSync(`/proc/${candidate}/cmdline`, 'utf8');
          if (!cmdline.includes('n8n/bin/n8n') || !cmdline.includes('execute')) return false;
          const environ = readFileSync(`/proc/${candidate}/environ`, 'utf8').split('\0');
          return environ.includes(`N8N_USER_FOLDER=${userFolder}`);
        } catch {
          return false;
        }
      });
  const timer = setInterval(() => {
    try {
      pid ??= find();
      if (!pid) return;
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      // utime + stime, in clock ticks of 1/100 s; VmHWM: the peak RSS so far, in KiB
      samples.push([
        Date.now(),
        (Number(fields[11]) + Number(fields[12])) / 100,
        Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN) * 1024,
      ]);
    } catch {
      // not started yet, or already gone
    }
  }, 50);
  const at = (time) => {
    const before = samples.filter(([t]) => t <= time).at(-1);
    const after = samples.find(([t]) => t >= time);
    if (!before || !after) return Number.NaN;
    if (before[0] === after[0]) return before[1];
    return before[1] + ((after[1] - before[1]) * (time - before[0])) / (after[0] - before[0]);
  };
  return {
    stop: () => clearInterval(timer),
    between: (start, stop) => at(Date.parse(stop)) - at(Date.parse(start)),
    /** Peak RSS (bytes) of the process up to an instant: its last sample before it. */
    peakRssUntil: (stop) =>
      samples.filter(([t]) => t <= Date.parse(stop)).at(-1)?.[2] ?? Number.NaN,
  };
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
    const n8nHome = await prepareN8n({ sim, work, packageDir });
    const results = { relay: [], http: [] };
    for (let run = 0; run < runs; run++) {
      for (const side of run % 2 ? ['http', 'relay'] : ['relay', 'http']) {
        const result = await n8nHome.execute(side, { expected: events, sampleCpu: true });
        results[side].push(result);
        log(
          `n8n ${side} run ${run + 1}: execution ${result.executionSeconds.toFixed(2)} s, process ${result.wallSeconds.toFixed(1)} s, peak RSS ${(result.peakRss / 2 ** 20).toFixed(0)} MiB`,
        );
      }
    }
    const round = (value) => Math.round(value * 100) / 100;
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
          // Issue 20 item 3: ≥ 1.2× on loopback (≥ 2× with 100 ms per request and Parallel
          // Requests, measured with bench/src/ab-n8n.mjs --latency-ms 100).
          target: { op: '>=', value: 1.2 },
          extra: {
            processWallSeconds: {
              relay: summarize(pick('relay', 'wallSeconds')).median,
              http: summarize(pick('http', 'wallSeconds')).median,
            },
            executionCpuSeconds: {
              relay: round(summarize(pick('relay', 'executionCpuSeconds')).median),
              http: round(summarize(pick('http', 'executionCpuSeconds')).median),
            },
          },
        },
        {
          name: `peak RSS of the n8n process, ${size}`,
          unit: 'MiB',
          measured: summarize(pick('relay', 'peakRss', 2 ** 20)),
          baseline: summarize(pick('http', 'peakRss', 2 ** 20)),
          ratio: summarize(results.relay.map((r, i) => r.peakRss / results.http[i].peakRss)),
          target: { op: '<=', value: 0.7 },
          extra: {
            // Up to the end of the execution, before n8n saves it and prints the result.
            peakRssMiBAtExecutionEnd: {
              relay: Math.round(summarize(pick('relay', 'executionPeakRss', 2 ** 20)).median),
              http: Math.round(summarize(pick('http', 'executionPeakRss', 2 ** 20)).median),
            },
          },
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
        'of the result excluded; process wall time and the CPU seconds (user + system, from /proc) the n8n process spent during the execution in the extra figures). Peak RSS = `/usr/bin/time -v` of the whole `n8n execute` ' +
        'process (includes start-up, saving the execution to SQLite and printing the result JSON, for both; the peak up to the end ' +
        'of the execution, VmHWM from /proc, in the extra figures). Ratios: HTTP seconds / node seconds; node RSS / HTTP RSS.',
    };
  } finally {
    await sim.stop();
    rmSync(work, { recursive: true, force: true });
  }
}
