// The Backstage plugins added to a standalone Backstage app outside the workspace, from the
// registry plus the packed tarballs: a backend (createBackend from @backstage/backend-defaults +
// the packed backend plugin, PostgreSQL on loopback) that ingests the packed simulator and answers
// /api/audit-logs/sources, and a frontend app (createApp from @backstage/frontend-defaults + the
// packed frontend plugin, bundled by Vite) whose Audit logs page renders in headless Chromium.
import { spawn } from 'node:child_process';
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FIXTURES, assert, check, freePort, tempDir, writeJson } from './lib.mjs';

const TOKEN = 'pack-install-static-token-0123456789';

async function install(dir, packages, env) {
  const started = performance.now();
  await writeJson(join(dir, 'package.json'), {
    name: 'backstage-app-part',
    private: true,
    type: 'module',
  });
  await check('npm', ['install', ...packages], { cwd: dir, env, timeoutMs: 900_000 });
  return (performance.now() - started) / 1000;
}

/** Starts a process and resolves with it and its first stdout line (or rejects on early exit). */
function startProcess(command, args, options, ctx) {
  const { untilLine = true, ...spawnOptions } = options;
  return new Promise((resolveStart, reject) => {
    const child = spawn(command, args, { ...spawnOptions, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    ctx.cleanup.push(
      () =>
        new Promise((resolveStop) => {
          if (child.exitCode !== null) return resolveStop();
          child.once('exit', () => resolveStop());
          child.kill('SIGTERM');
        }),
    );
    child.stdout.on('data', (chunk) => {
      output += chunk;
      if (untilLine && output.includes('\n'))
        resolveStart({ child, line: output.split('\n')[0], output: () => output });
    });
    child.stderr.on('data', (chunk) => (output += chunk));
    child.once('exit', (code) =>
      reject(new Error(`${command} ${args.join(' ')} exited (${code}):\n${output.slice(-3000)}`)),
    );
    if (!untilLine) resolveStart({ child, output: () => output });
  });
}

async function waitForSources(url, want, backend) {
  const deadline = Date.now() + 120_000;
  let items = [];
  while (Date.now() < deadline) {
    const response = await fetch(`${url}/api/audit-logs/sources`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    }).catch(() => undefined);
    if (response?.ok) {
      ({ items } = await response.json());
      if (items.length && items.every((source) => source.lastSuccessAt)) return items;
    }
    if (backend.child.exitCode !== null) break;
    await new Promise((resolveWait) => setTimeout(resolveWait, 500));
  }
  throw new Error(
    `/api/audit-logs/sources never showed ${want} ingested: ${JSON.stringify(items)}\n${backend.output().slice(-3000)}`,
  );
}

/** The packed backend's routes, from the openapi.yaml it ships, as path patterns. */
async function declaredRoutes(backendDir) {
  const spec = await readFile(
    join(backendDir, 'node_modules/@auditrelay/backstage-plugin-audit-logs-backend/openapi.yaml'),
    'utf8',
  );
  return [...spec.matchAll(/^ {2}(\/\S*):\s*$/gm)].map(
    ([, path]) => new RegExp(`^/api/audit-logs${path.replace(/\{[^}]+\}/g, '[^/]+')}$`),
  );
}

export async function backstageStage(ctx) {
  const sim = ctx.simulator;
  const c = ctx.catalog;
  const root = await tempDir(ctx.work, 'backstage');
  const backendDir = await tempDir(root, 'backend');
  const appDir = await tempDir(root, 'app');
  // Both installs at once: they are mostly waiting on the network and the disk.
  const [backendSeconds, appSeconds] = await Promise.all([
    install(
      backendDir,
      [
        `@backstage/backend-defaults@${c['@backstage/backend-defaults']}`,
        `@backstage/backend-plugin-api@${c['@backstage/backend-plugin-api']}`,
        `@auditrelay/backstage-plugin-audit-logs-backend@${ctx.version}`,
      ],
      ctx.npmEnv,
    ),
    install(
      appDir,
      [
        `@backstage/frontend-defaults@${c['@backstage/frontend-defaults']}`,
        `@backstage/ui@${c['@backstage/ui']}`,
        `@auditrelay/backstage-plugin-audit-logs@${ctx.version}`,
        `react@${c.react}`,
        `react-dom@${c['react-dom']}`,
        `react-router-dom@${c['react-router-dom']}`,
        `vite@${c.vite}`,
        `playwright-core@${c['playwright-core']}`,
      ],
      ctx.npmEnv,
      // Backstage apps are Yarn workspaces, which hoist one copy of Material UI v4 whatever its
      // React 16/17 peer range says; npm's strict peers nest several copies, and their themes
      // then do not meet ("e.spacing is not a function"). Legacy peer handling installs as Yarn.
      ['--legacy-peer-deps'],
    ),
  ]);

  // Backend: PostgreSQL on loopback (better-sqlite3 would compile from source on every run).
  const port = await freePort();
  const backendUrl = `http://127.0.0.1:${port}`;
  const database =
    process.env.AUDIT_LOGS_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const prefix = `packinstall_${process.pid}_`;
  await copyFile(join(FIXTURES, 'backstage-backend/index.mjs'), join(backendDir, 'index.mjs'));
  // JSON is YAML: the config file Backstage reads, with secrets substituted from the environment.
  await writeFile(
    join(backendDir, 'app-config.yaml'),
    JSON.stringify({
      backend: {
        baseUrl: backendUrl,
        listen: { host: '127.0.0.1', port },
        database: { client: 'pg', connection: database, prefix },
        auth: {
          externalAccess: [
            { type: 'static', options: { token: '${AUDIT_LOGS_TOKEN}', subject: 'pack-install' } },
          ],
        },
      },
      auditLogs: {
        schedule: {
          frequency: { minutes: 30 },
          timeout: { minutes: 5 },
          initialDelay: { seconds: 1 },
        },
        sources: [
          {
            id: 'kore-ai4w',
            type: 'kore-ai-for-work',
            name: 'Kore.ai AI for Work',
            baseUrl: sim.baseUrls['kore-ai-for-work'],
            credentials: { apiKey: '${KORE_AI_FOR_WORK_API_KEY}' },
            options: { initialLookbackHours: 24 * 30 },
          },
        ],
      },
    }),
  );
  ctx.cleanup.push(async () => {
    // The plugin's database of this run (Backstage names it <prefix><pluginId>).
    const drop = `const { Client } = require('pg'); const c = new Client(process.argv[1]); c.connect().then(() => c.query('DROP DATABASE IF EXISTS "${prefix}audit-logs" WITH (FORCE)')).finally(() => c.end());`;
    await check('node', ['-e', drop, database], { cwd: backendDir }).catch(() => {});
  });
  const backendStarted = performance.now();
  const backend = await startProcess(
    'node',
    ['index.mjs', '--config', 'app-config.yaml'],
    {
      cwd: backendDir,
      env: {
        ...ctx.npmEnv,
        AUDIT_LOGS_TOKEN: TOKEN,
        KORE_AI_FOR_WORK_API_KEY: sim.credentials.aiForWork.apiKey,
      },
    },
    ctx,
    false,
  );
  const want = sim.truth['kore-ai-for-work'];
  const [source] = await waitForSources(backendUrl, want, backend);
  assert(
    source.storedCount === want,
    `the backend stored ${source.storedCount} events, want ${want}`,
  );
  const backendReady = (performance.now() - backendStarted) / 1000;

  // Frontend: a Vite bundle of the app, served with its config and an /api proxy.
  for (const file of [
    'index.html',
    'main.jsx',
    'vite.config.mjs',
    'server.mjs',
    'check-page.mjs',
  ]) {
    await copyFile(join(FIXTURES, 'backstage-app', file), join(appDir, file));
  }
  const buildStarted = performance.now();
  await check(join(appDir, 'node_modules/.bin/vite'), ['build'], {
    cwd: appDir,
    env: ctx.npmEnv,
    timeoutMs: 600_000,
  });
  const buildSeconds = (performance.now() - buildStarted) / 1000;
  const server = await startProcess(
    'node',
    ['server.mjs'],
    { cwd: appDir, env: { ...ctx.npmEnv, BACKEND_URL: backendUrl, AUDIT_LOGS_TOKEN: TOKEN } },
    ctx,
  );
  const page = await check(
    'node',
    ['check-page.mjs', server.line, source.id, source.name, String(want)],
    {
      cwd: appDir,
      env: ctx.npmEnv,
      timeoutMs: 180_000,
    },
  );
  const shown = JSON.parse(page.stdout.trim().split('\n').pop());
  assert(
    shown.card.includes(source.name) &&
      shown.card.includes(want.toLocaleString('en-US')) &&
      shown.rows > 0,
    `the Audit logs page shows ${JSON.stringify(shown)}`,
  );
  assert(shown.errors.length === 0, `the page threw: ${shown.errors.join('; ')}`);
  // Every route the packed backend declares must answer; a 404 from a route it does not declare
  // is the page degrading against an older backend (it shows that state), reported here.
  const declared = await declaredRoutes(backendDir);
  const broken = shown.failed.filter(
    (failure) => failure.status !== 404 || declared.some((route) => route.test(failure.path)),
  );
  assert(broken.length === 0, `the page's requests failed: ${JSON.stringify(broken)}`);
  const undeclared = [...new Set(shown.failed.map((failure) => failure.path))];
  return (
    `backend answered /api/audit-logs/sources (${want} events stored), page rendered ${shown.rows} rows` +
    (undeclared.length ? ` (without ${undeclared.join(', ')}: not served by this backend)` : '') +
    '; ' +
    `npm install backend ${backendSeconds.toFixed(0)} s / app ${appSeconds.toFixed(0)} s (together), ` +
    `backend ready ${backendReady.toFixed(0)} s, vite build ${buildSeconds.toFixed(0)} s`
  );
}
