// The n8n package installed the way n8n 2.41 installs a community package (its
// CommunityPackagesService.downloadPackage: `npm pack` from the registry into <user folder>/.n8n/
// nodes, unpacked into node_modules/<name>, dev/peer/optional dependencies dropped, `npm install`
// with n8n's flags, recorded in nodes/package.json), then loaded and executed by the pinned n8n:
// the repo's example workflow returns the simulator's ground truth.
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CACHE, REPO, assert, check, freePort, readJson, run, tempDir, writeJson } from './lib.mjs';

const PACKAGE = '@auditrelay/n8n-nodes-auditrelay';
const N8N_VERSION = process.env.AUDITRELAY_N8N_VERSION ?? '2.41.1';

function n8nBinary() {
  return process.env.AUDITRELAY_N8N_BIN ?? join(CACHE, `n8n-${N8N_VERSION}`, 'n8n');
}

async function installLikeN8n(nodesDir, version, env) {
  await writeJson(join(nodesDir, 'package.json'), {
    name: 'installed-nodes',
    private: true,
    dependencies: {},
  });
  const packageDir = join(nodesDir, 'node_modules', PACKAGE);
  await mkdir(packageDir, { recursive: true });
  const { stdout } = await check('npm', ['pack', `${PACKAGE}@${version}`, '--quiet'], {
    cwd: nodesDir,
    env,
  });
  const tarball = stdout.trim().split('\n').pop();
  await check('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1'], {
    cwd: nodesDir,
  });
  const manifest = await readJson(join(packageDir, 'package.json'));
  const kept = { ...manifest };
  for (const field of ['devDependencies', 'peerDependencies', 'optionalDependencies'])
    delete kept[field];
  await writeJson(join(packageDir, 'package.json'), kept);
  await check(
    'npm',
    [
      'install',
      '--audit=false',
      '--fund=false',
      '--bin-links=false',
      '--install-strategy=shallow',
      '--ignore-scripts=true',
      '--package-lock=false',
    ],
    { cwd: packageDir, env },
  );
  const nodesManifest = await readJson(join(nodesDir, 'package.json'));
  nodesManifest.dependencies[PACKAGE] = manifest.version;
  await writeJson(join(nodesDir, 'package.json'), nodesManifest);
  await rm(join(nodesDir, tarball));
}

export async function n8nStage(ctx) {
  const n8n = n8nBinary();
  assert(
    existsSync(n8n),
    `n8n ${N8N_VERSION} is not installed (scripts/ci/install-n8n.sh): ${n8n}`,
  );
  const home = await tempDir(ctx.work, 'n8n');
  await installLikeN8n(join(home, '.n8n/nodes'), ctx.version, ctx.npmEnv);

  const sim = ctx.simulator;
  const env = { ...ctx.npmEnv };
  for (const name of ['NODE_ENV', 'N8N_CUSTOM_EXTENSIONS', 'VITEST']) delete env[name];
  Object.assign(env, {
    N8N_USER_FOLDER: home,
    N8N_ENCRYPTION_KEY: 'pack-install-only-encryption-key-0123',
    N8N_DIAGNOSTICS_ENABLED: 'false',
    N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
    N8N_PERSONALIZATION_ENABLED: 'false',
    N8N_RUNNERS_BROKER_PORT: String(await freePort()),
  });
  const credentials = [
    {
      id: 'arAiForWorkCred',
      name: 'Kore.ai AI for Work',
      type: 'koreAiForWorkApi',
      data: { host: sim.baseUrls['kore-ai-for-work'], apiKey: sim.credentials.aiForWork.apiKey },
    },
  ];
  const workflow = JSON.parse(
    await readFile(join(REPO, 'apps/n8n-workflows/workflows/kore-ai-for-work.json'), 'utf8'),
  );
  const relay = workflow.nodes.find((node) => node.type === `${PACKAGE}.auditRelay`);
  assert(relay, `the example workflow has no ${PACKAGE}.auditRelay node`);
  Object.assign(relay.parameters, { from: sim.window.from, to: sim.window.to });
  await writeFile(join(home, 'credentials.json'), JSON.stringify(credentials));
  await writeFile(join(home, 'workflow.json'), JSON.stringify(workflow));
  await check(n8n, ['import:credentials', `--input=${join(home, 'credentials.json')}`], { env });
  await check(n8n, ['import:workflow', `--input=${join(home, 'workflow.json')}`], { env });
  const result = await run(n8n, ['execute', `--id=${workflow.id}`, '--rawOutput'], {
    env,
    timeoutMs: 180_000,
  });
  assert(
    result.code === 0,
    `n8n execute exited ${result.code}:\n${(result.stdout + result.stderr).slice(-3000)}`,
  );
  // --rawOutput prints the run as pretty JSON between log lines: from a line "{" to a line "}".
  const lines = result.stdout.split('\n');
  const start = lines.indexOf('{');
  const runData = JSON.parse(lines.slice(start, lines.indexOf('}', start) + 1).join('\n')).data
    .resultData.runData;
  const items = runData[relay.name]?.[0]?.data.main[0] ?? [];
  const want = sim.truth['kore-ai-for-work'];
  assert(
    items.length === want,
    `the Audit Relay node returned ${items.length} items, want ${want}`,
  );
  return `installed into .n8n/nodes like n8n does; n8n ${N8N_VERSION} ran the example workflow: ${items.length} events`;
}
