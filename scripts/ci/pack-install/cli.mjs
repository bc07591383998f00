// The CLI installed globally from its tarball into a temp prefix (its @auditrelay/* dependencies
// come from the local registry, the rest from the ordinary one): `auditrelay demo` runs.
import { join } from 'node:path';
import { assert, check, tempDir } from './lib.mjs';

export async function cliStage(ctx) {
  const prefix = await tempDir(ctx.work, 'global');
  await check('npm', ['install', '--global', '--prefix', prefix, ctx.tarballs.auditrelay], {
    env: ctx.npmEnv,
  });
  const bin = join(prefix, 'bin/auditrelay');
  ctx.cliBin = bin;
  const version = await check(bin, ['--version'], { env: ctx.npmEnv });
  assert(
    version.stdout.startsWith(`auditrelay/${ctx.version} `),
    `--version printed ${version.stdout}`,
  );
  const demo = await check(bin, ['demo', '--count', '200', '--samples', '1'], {
    env: ctx.npmEnv,
    cwd: ctx.home,
  });
  // One row per source type of the registry, each read without error (the unified audit's
  // organization scope holds part of the 200 events the simulator makes for both scopes).
  const types = (
    await check(bin, ['auditlogs', 'sources', '--types', '--json'], { env: ctx.npmEnv })
  ).stdout;
  const expected = JSON.parse(types).length;
  const rows = demo.stdout
    .split('\n')
    .filter((line) => /^\S+\s+(kore|uipath)-[\w-]+\s+\d+\s+[\d.]+\s+ok\s*$/.test(line));
  assert(
    demo.stdout.includes('Events by source') && rows.length === expected && expected >= 5,
    `auditrelay demo did not print ${expected} sources, each ok:\n${demo.stdout.slice(0, 2000)}`,
  );
  return `${version.stdout.trim()}; demo: ${rows.length} sources`;
}
