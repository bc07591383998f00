// Every `sh` block of README.md and docs/**/*.md runs, in order, with bash -e: the README's in the
// repo (its commands are the workspace's), the guides' in a fresh folder each with the packages
// installed from the local registry as users install them from npm. Commands run against the
// packed simulator: AUDITRELAY_CONFIG names a config with the guides' source ids pointing at it,
// and the secret files and variables the guides read hold the simulator's fake credentials. The
// guides' `# auditrelay.config.yaml` blocks are checked by `auditlogs sources` (no network). A
// block that fails without a docs-test note fails the stage.
import { spawn } from 'node:child_process';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REPO, assert, run, tempDir, writeJson } from './lib.mjs';
import { markdownBlocks } from './markdown-blocks.mjs';

// The CLI guide installs the CLI the others use: it runs first.
const ORDER = ['README.md', 'docs/guides/README.md', 'docs/guides/cli.md'];

async function markdownFiles() {
  const docs = (await readdir(join(REPO, 'docs'), { recursive: true }))
    .filter((file) => file.endsWith('.md'))
    .map((file) => join('docs', file));
  const rank = (file) => (ORDER.includes(file) ? ORDER.indexOf(file) : ORDER.length);
  return ['README.md', ...docs].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** The guides' source ids where they differ from the simulator's own (by the simulator's id). */
const GUIDE_IDS = { 'kore-xo': 'kore-prod', 'uipath-pm': 'uipath-org' };
// The unified guide fetches a tenant's service (Orchestrator), which the simulator's config, at
// organization level, does not read.
const GUIDE_OPTIONS = { 'uipath-unified': { scope: 'tenant' } };

/**
 * The config the guides' commands run with: the simulator's own source config of every vendor,
 * under the guides' ids, each credential the guides keep in a variable given as `env:NAME`.
 */
function simulatorConfig(sim, secrets) {
  const secretNames = new Map(Object.entries(secrets).map(([name, value]) => [value, name]));
  return {
    sources: sim.sources.map(({ id, credentials, options, ...source }) => ({
      ...source,
      id: GUIDE_IDS[id] ?? id,
      credentials: Object.fromEntries(
        Object.entries(credentials).map(([field, value]) => [
          field,
          secretNames.has(value) ? `env:${secretNames.get(value)}` : value,
        ]),
      ),
      options: { ...options, ...GUIDE_OPTIONS[id] },
    })),
  };
}

/** A background block: started in its own process group, ready once it prints a URL. */
function startBackground(code, options) {
  return new Promise((resolveStart, reject) => {
    const child = spawn('bash', ['-e', '-o', 'pipefail', '-c', code], {
      ...options,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const stop = () =>
      new Promise((resolveStop) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolveStop();
        child.once('exit', () => resolveStop());
        try {
          process.kill(-child.pid, 'SIGTERM');
        } catch {
          resolveStop();
        }
      });
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`no URL printed within 180 s:\n${output.slice(-2000)}`));
    }, 180_000);
    const onData = (chunk) => {
      output += chunk;
      if (/https?:\/\/(127\.0\.0\.1|localhost):\d+/.test(output)) {
        clearTimeout(timer);
        resolveStart({ stop, output: () => output });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (exitCode) => {
      clearTimeout(timer);
      reject(new Error(`exited (${exitCode}) before printing a URL:\n${output.slice(-2000)}`));
    });
  });
}

export async function docsStage(ctx) {
  const sim = ctx.simulator;
  const root = await tempDir(ctx.work, 'docs');
  const home = await tempDir(root, 'home');
  const prefix = await tempDir(root, 'global');
  // The variables the guides export their secrets to.
  const secrets = {
    KORE_CLIENT_SECRET: sim.credentials.koreXo.clientSecret,
    KORE_AI4W_API_KEY: sim.credentials.aiForWork.apiKey,
    UIPATH_CLIENT_ID: sim.credentials.uipath.clientId,
    UIPATH_CLIENT_SECRET: sim.credentials.uipath.clientSecret,
  };
  const config = join(root, 'auditrelay.config.json');
  await writeJson(config, simulatorConfig(sim, secrets));
  // Users install from npm: here the local registry, which proxies every other package.
  const npmrc = join(root, 'npmrc');
  await writeFile(npmrc, `registry=${ctx.registry}\n`);
  const secretFiles = {
    'kore-client-secret.txt': secrets.KORE_CLIENT_SECRET,
    'kore-ai4w-key.txt': secrets.KORE_AI4W_API_KEY,
    'uipath-client-id.txt': secrets.UIPATH_CLIENT_ID,
    'uipath-client-secret.txt': secrets.UIPATH_CLIENT_SECRET,
  };
  const guideEnv = {
    ...ctx.npmEnv,
    ...secrets,
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    NPM_CONFIG_USERCONFIG: npmrc,
    npm_config_prefix: prefix,
    PATH: `${join(prefix, 'bin')}:${process.env.PATH}`,
    AUDITRELAY_CONFIG: config,
  };
  const repoEnv = { ...process.env, ...secrets, AUDITRELAY_CONFIG: config };

  const counts = { ran: 0, skipped: 0, background: 0, configs: 0 };
  const failures = [];
  const skips = [];
  const slow = [];
  for (const file of await markdownFiles()) {
    const text = await readFile(join(REPO, file), 'utf8');
    const inRepo = file === 'README.md';
    const cwd = inRepo ? REPO : await tempDir(root, file.replace(/\W+/g, '-'));
    if (!inRepo) {
      for (const [name, value] of Object.entries(secretFiles))
        await writeFile(join(cwd, name), value);
    }
    const env = inRepo ? repoEnv : guideEnv;
    let background;
    try {
      for (const block of markdownBlocks(text)) {
        const where = `${file}:${block.line}`;
        if (block.lang === 'yaml' && block.code.startsWith('# auditrelay.config.yaml')) {
          // A documented config must parse, with its env: secrets present (dummy values).
          const path = join(cwd, `documented-${block.line}.yaml`);
          await writeFile(path, block.code);
          const fake = Object.fromEntries(
            Object.keys(secrets).map((name) => [name, 'placeholder']),
          );
          const result = await run('auditrelay', ['auditlogs', 'sources', '--config', path], {
            cwd,
            env: { ...guideEnv, ...fake },
          });
          counts.configs++;
          if (result.code !== 0)
            failures.push(`${where}: the documented config is rejected:\n${result.stderr}`);
          continue;
        }
        if (block.lang !== 'sh') continue;
        if (block.note?.kind === 'skip') {
          counts.skipped++;
          skips.push(`${where}: ${block.note.reason}`);
          continue;
        }
        if (block.note?.kind === 'background') {
          await background?.stop();
          background = await startBackground(block.code, { cwd, env }).catch((error) => {
            failures.push(`${where} (background): ${error.message}`);
            return undefined;
          });
          counts.background++;
          continue;
        }
        const started = performance.now();
        const result = await run('bash', ['-e', '-o', 'pipefail', '-c', block.code], {
          cwd,
          env,
          timeoutMs: 600_000,
        });
        const seconds = (performance.now() - started) / 1000;
        if (seconds > 15) slow.push(`${where} ${seconds.toFixed(0)} s`);
        counts.ran++;
        if (result.code !== 0) {
          const tail = `${result.stdout}\n${result.stderr}`
            .trim()
            .split('\n')
            .slice(-25)
            .join('\n');
          failures.push(`${where} exited ${result.code}:\n${block.code}\n---\n${tail}`);
        }
      }
    } finally {
      await background?.stop();
    }
  }
  assert(
    failures.length === 0,
    `${failures.length} documented commands failed:\n\n${failures.join('\n\n')}`,
  );
  process.stdout.write(`pack-install: docs blocks skipped:\n  ${skips.join('\n  ')}\n`);
  if (slow.length) process.stdout.write(`pack-install: slow docs blocks: ${slow.join(', ')}\n`);
  return `${counts.ran} sh blocks ran, ${counts.background} in the background, ${counts.configs} documented configs parsed, ${counts.skipped} skipped (noted why)`;
}
