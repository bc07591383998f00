#!/usr/bin/env node
// Pack-and-install tests: every public package is packed as it would be published, published to
// a local registry, and installed with npm into fresh projects outside the workspace, where each
// host loads and runs it for real (core, CLI, oclif host, n8n, Backstage). Prints a report with
// the time of each stage; exits non-zero when any stage fails.
//
//   node scripts/ci/pack-install.mjs [--only core,cli,…] [--keep]
import { execFileSync } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { writeFile } from 'node:fs/promises';
import { REPO, catalog, check, newWorkDir, report, stage, tempDir } from './pack-install/lib.mjs';
import { checkContents, packAll, runAttw, runPublint } from './pack-install/packages.mjs';
import { startRegistry } from './pack-install/registry.mjs';
import { coreStage } from './pack-install/core.mjs';
import { cliStage } from './pack-install/cli.mjs';
import { oldNodeStage } from './pack-install/old-node.mjs';
import { oclifStage } from './pack-install/oclif.mjs';
import { n8nStage } from './pack-install/n8n.mjs';
import { backstageStage } from './pack-install/backstage.mjs';
import { docsStage } from './pack-install/docs.mjs';

const STAGES = ['core', 'cli', 'old-node', 'oclif', 'n8n', 'backstage', 'docs'];
const { values } = parseArgs({
  options: { only: { type: 'string' }, keep: { type: 'boolean', default: false } },
});
const only = new Set(values.only ? values.only.split(',') : STAGES);

const started = performance.now();
const results = [];
const work = await newWorkDir();
const ctx = { work, cleanup: [], catalog: await catalog() };
process.stdout.write(`pack-install: working in ${work}\n`);

try {
  await stage(
    'build',
    async () => {
      await check('pnpm', ['run', 'build', '--output-logs=errors-only'], {
        cwd: REPO,
        timeoutMs: 900_000,
      });
    },
    results,
  );
  let packed = [];
  await stage(
    'pack',
    async () => {
      packed = await packAll(work);
      ctx.tarballs = Object.fromEntries(packed.map((pkg) => [pkg.name, pkg.tarball]));
      const versions = new Set(packed.filter((pkg) => !pkg.private).map((pkg) => pkg.version));
      if (versions.size !== 1)
        throw new Error(`public packages at several versions: ${[...versions]}`);
      ctx.version = [...versions][0];
      return `${packed.length} tarballs at ${ctx.version}`;
    },
    results,
  );
  const published = packed.filter((pkg) => !pkg.private);
  const attw = join(REPO, 'node_modules/.bin/attw');
  for (const pkg of published) {
    await stage(
      `lint ${pkg.name}`,
      async () => {
        const files = await checkContents(pkg);
        await runPublint(pkg);
        const profile = await runAttw(pkg, attw);
        return `${files}; publint clean; attw ${profile}`;
      },
      results,
    );
  }
  const ready = await stage(
    'registry',
    async () => {
      const upstream = execFileSync('npm', ['config', 'get', 'registry'], {
        encoding: 'utf8',
      }).trim();
      const registry = await startRegistry(
        work,
        published.map((pkg) => pkg.tarball),
        upstream,
      );
      ctx.cleanup.push(registry.stop);
      ctx.registry = registry.url;
      ctx.home = await tempDir(work, 'home');
      const npmrc = join(work, 'npmrc');
      // Only @auditrelay/* comes from the local registry; everything else from the ordinary one
      // through npm's (warm) cache, which stays where it is although HOME moves.
      await writeFile(npmrc, `@auditrelay:registry=${registry.url}\n`);
      const cache = execFileSync('npm', ['config', 'get', 'cache'], { encoding: 'utf8' }).trim();
      ctx.npmEnv = {
        ...process.env,
        HOME: ctx.home,
        XDG_CONFIG_HOME: join(ctx.home, '.config'),
        XDG_DATA_HOME: join(ctx.home, '.local/share'),
        XDG_CACHE_HOME: join(ctx.home, '.cache'),
        NPM_CONFIG_USERCONFIG: npmrc,
        npm_config_cache: cache,
        npm_config_audit: 'false',
        npm_config_fund: 'false',
        npm_config_update_notifier: 'false',
        npm_config_loglevel: 'error',
      };
      return `${published.length} packages published to ${registry.url}`;
    },
    results,
  );
  if (ready) {
    const stages = {
      core: coreStage,
      cli: cliStage,
      'old-node': oldNodeStage,
      oclif: oclifStage,
      n8n: n8nStage,
      backstage: backstageStage,
      docs: docsStage,
    };
    for (const name of STAGES) {
      if (only.has(name)) await stage(name, () => stages[name](ctx), results);
    }
  }
} finally {
  for (const cleanup of ctx.cleanup.reverse()) await cleanup().catch(() => {});
  if (!values.keep) await rm(work, { recursive: true, force: true });
}

const text = report(results, (performance.now() - started) / 1000);
process.stdout.write(`${text}\n`);
process.exitCode = results.every((result) => result.ok) ? 0 : 1;
