// The core from its tarball in a plain npm project: ESM import, CJS require, a real fetch from the
// packed simulator, and its types under moduleResolution node16 and bundler. The same project
// then hosts the simulator the other stages talk to.
import { spawn } from 'node:child_process';
import { copyFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FIXTURES, assert, check, run, tempDir, writeJson } from './lib.mjs';

export async function coreStage(ctx) {
  const dir = await tempDir(ctx.work, 'core');
  await writeJson(join(dir, 'package.json'), { name: 'core-consumer', private: true });
  await check(
    'npm',
    [
      'install',
      `@auditrelay/core@${ctx.version}`,
      `@auditrelay/simulator@${ctx.version}`,
      `typescript@${ctx.catalog.typescript}`,
      `@types/node@${ctx.catalog['@types/node']}`,
    ],
    { cwd: dir, env: ctx.npmEnv },
  );
  for (const file of ['esm.mjs', 'cjs.cjs', 'tsconfig.node16.json', 'tsconfig.bundler.json']) {
    await copyFile(join(FIXTURES, 'core', file), join(dir, file));
  }
  for (const copy of ['types.ts', 'types.mts', 'types.cts']) {
    await copyFile(join(FIXTURES, 'core/types.ts'), join(dir, copy));
  }
  await copyFile(join(FIXTURES, 'simulator-host.mjs'), join(dir, 'simulator-host.mjs'));
  ctx.simulator = await startSimulatorHost(dir, ctx);

  const env = { ...ctx.npmEnv, SIMULATOR: JSON.stringify(ctx.simulator) };
  const esm = await check('node', ['esm.mjs'], { cwd: dir, env });
  const cjs = await check('node', ['cjs.cjs'], { cwd: dir, env });
  const tsc = join(dir, 'node_modules/.bin/tsc');
  await check(tsc, ['-p', 'tsconfig.node16.json'], { cwd: dir });
  await check(tsc, ['-p', 'tsconfig.bundler.json'], { cwd: dir });
  // The check must be able to fail: a wrong type on a packed declaration is an error.
  await writeFile(
    join(dir, 'types.ts'),
    "import { createSource } from '@auditrelay/core';\nexport const n: number = createSource({});\n",
  );
  const negative = await run(tsc, ['-p', 'tsconfig.bundler.json'], { cwd: dir });
  assert(
    negative.code !== 0 && /TS2322/.test(negative.stdout),
    `tsc accepted a wrong type on the packed core's declarations:\n${negative.stdout}`,
  );
  return `${esm.stdout.trim()}; ${cjs.stdout.trim()}; types ok (node16 ESM+CJS, bundler)`;
}

/** The packed simulator in its own process, until ctx.cleanup runs. */
function startSimulatorHost(dir, ctx) {
  return new Promise((resolveHost, reject) => {
    const child = spawn('node', ['simulator-host.mjs'], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    ctx.cleanup.push(
      () =>
        new Promise((resolveStop) => {
          if (child.exitCode !== null) return resolveStop();
          child.once('exit', () => resolveStop());
          child.kill('SIGTERM');
        }),
    );
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const line = output.split('\n')[0];
      if (output.includes('\n')) resolveHost(JSON.parse(line));
    });
    child.stderr.on('data', (chunk) => (output += chunk));
    child.once('exit', (code) => reject(new Error(`the simulator exited (${code}):\n${output}`)));
  });
}
