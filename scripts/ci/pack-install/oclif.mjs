// The oclif plugin installed into a foreign oclif CLI (the minimal host, itself installed from its
// tarball outside the workspace) with `plugins install <tarball>`; its commands run against the
// packed simulator. The tarball is given as file:<path>: plugin-plugins takes a bare path with a
// slash for a GitHub slug.
import { join } from 'node:path';
import { assert, check, tempDir, writeJson } from './lib.mjs';

export async function oclifStage(ctx) {
  const dir = await tempDir(ctx.work, 'oclif-host');
  await writeJson(join(dir, 'package.json'), { name: 'oclif-host-project', private: true });
  await check('npm', ['install', ctx.tarballs['minimal-oclif-host']], {
    cwd: dir,
    env: ctx.npmEnv,
  });
  const host = join(dir, 'node_modules/.bin/minihost');
  const install = await check(
    host,
    ['plugins', 'install', `file:${ctx.tarballs['@auditrelay/plugin-auditlogs']}`],
    {
      cwd: dir,
      env: ctx.npmEnv,
    },
  );
  const plugins = await check(host, ['plugins'], { cwd: dir, env: ctx.npmEnv });
  assert(
    plugins.stdout.includes('@auditrelay/plugin-auditlogs'),
    `minihost plugins does not list the plugin:\n${plugins.stdout}\n${install.stderr}`,
  );

  const sim = ctx.simulator;
  const config = join(dir, 'auditrelay.config.json');
  await writeJson(config, {
    sources: [
      {
        id: 'ai4w',
        type: 'kore-ai-for-work',
        baseUrl: sim.baseUrls['kore-ai-for-work'],
        credentials: { apiKey: 'env:PACK_AI4W_KEY' },
      },
    ],
  });
  const env = { ...ctx.npmEnv, PACK_AI4W_KEY: sim.credentials.aiForWork.apiKey };
  const sources = await check(
    host,
    ['auditlogs', 'sources', '--config', config, '--check', '--json'],
    {
      cwd: dir,
      env,
    },
  );
  assert(/"ai4w"/.test(sources.stdout), `auditlogs sources --check printed:\n${sources.stdout}`);
  const fetched = await check(
    host,
    [
      'auditlogs',
      'fetch',
      '--config',
      config,
      '--from',
      sim.window.from,
      '--to',
      sim.window.to,
      '--format',
      'ndjson',
    ],
    { cwd: dir, env },
  );
  const events = fetched.stdout.split('\n').filter(Boolean);
  const want = sim.truth['kore-ai-for-work'];
  assert(events.length === want, `auditlogs fetch returned ${events.length} events, want ${want}`);
  return `plugins install from the tarball; auditlogs sources --check, fetch: ${events.length} events`;
}
