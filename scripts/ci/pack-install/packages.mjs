// Packs every public workspace package as pnpm publishes it (workspace: and catalog: ranges
// rewritten), checks what each tarball holds, and runs publint and arethetypeswrong on it.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { REPO, assert, check, readJson, run, tempDir } from './lib.mjs';

/** Workspace packages that are not private, plus the foreign oclif host (packed to install it). */
export async function workspacePackages() {
  const { stdout } = await check('pnpm', ['ls', '-r', '--json', '--depth', '-1'], { cwd: REPO });
  return JSON.parse(stdout)
    .filter((entry) => entry.path !== REPO)
    .map((entry) => ({ name: entry.name, dir: entry.path, private: entry.private === true }));
}

export async function packAll(work) {
  const out = await tempDir(work, 'tarballs');
  const packages = (await workspacePackages()).filter(
    (pkg) => !pkg.private || pkg.name === 'minimal-oclif-host',
  );
  const packed = [];
  for (const pkg of packages) {
    const { stdout } = await check('pnpm', ['pack', '--pack-destination', out], { cwd: pkg.dir });
    const tarball = stdout.trim().split('\n').pop();
    const manifest = await readJson(join(pkg.dir, 'package.json'));
    packed.push({ ...pkg, version: manifest.version, tarball });
  }
  return packed;
}

/** Files of a tarball (without the leading package/). */
async function tarballFiles(tarball) {
  const { stdout } = await check('tar', ['-tzf', tarball]);
  return stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => line.replace(/^package\//, ''));
}

async function tarballText(tarball, file) {
  const { stdout } = await check('tar', ['-xzOf', tarball, `package/${file}`]);
  return stdout;
}

/**
 * What every published tarball must hold: MIT in package.json and a LICENSE file with the MIT
 * text; no tests, sources or fixtures (the OCSF schema fixture is Apache-2.0 and stays in the repo).
 */
export async function checkContents(pkg) {
  const files = await tarballFiles(pkg.tarball);
  const manifest = JSON.parse(await tarballText(pkg.tarball, 'package.json'));
  assert(manifest.license === 'MIT', `${pkg.name}: license is ${manifest.license}, not MIT`);
  assert(files.includes('LICENSE'), `${pkg.name}: the tarball has no LICENSE file`);
  const licence = await tarballText(pkg.tarball, 'LICENSE');
  assert(/^MIT License/.test(licence), `${pkg.name}: LICENSE is not the MIT licence`);
  const stray = files.filter((file) =>
    /(^|\/)(__fixtures__|__tests__|test)\/|\.test\.|ocsf-1\.8\.0|(^|\/)src\/.*\.tsx?$/.test(file),
  );
  assert(stray.length === 0, `${pkg.name}: the tarball holds ${stray.join(', ')}`);
  const unresolved = Object.entries({
    ...manifest.dependencies,
    ...manifest.peerDependencies,
    ...manifest.optionalDependencies,
  }).filter(([, range]) => /^(workspace|catalog):/.test(range));
  assert(
    unresolved.length === 0,
    `${pkg.name}: unresolved ranges ${unresolved.map(([name, range]) => `${name}@${range}`).join(', ')}`,
  );
  return `${files.length} files`;
}

/** publint with every level of message (suggestions too) counted as a failure. */
export async function runPublint(pkg) {
  const tarball = await readFile(pkg.tarball);
  const { messages, pkg: manifest } = await publint({
    pack: {
      tarball: tarball.buffer.slice(tarball.byteOffset, tarball.byteOffset + tarball.length),
    },
    level: 'suggestion',
    strict: true,
  });
  const lines = messages.map((message) => `${message.type}: ${formatMessage(message, manifest)}`);
  assert(lines.length === 0, `${pkg.name}: publint\n${lines.join('\n')}`);
}

/**
 * arethetypeswrong: dual packages (a `require` condition) under the node16 profile (node16 from
 * CJS and ESM, bundler), ESM-only ones under esm-only. Packages nothing imports (the CLI, the n8n
 * nodes, which n8n loads by path) are checked the same way: attw must find nothing wrong.
 */
export async function runAttw(pkg, attwBin) {
  const manifest = JSON.parse(await tarballText(pkg.tarball, 'package.json'));
  const dual = JSON.stringify(manifest.exports ?? {}).includes('"require"');
  const profile = dual ? 'node16' : 'esm-only';
  const result = await run(attwBin, [pkg.tarball, '--profile', profile, '--format', 'ascii'], {
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  const text = `${result.stdout}\n${result.stderr}`;
  const noTypes = /This package does not contain types/.test(text);
  if (noTypes && !manifest.types && !manifest.exports && !manifest.main) {
    return `${profile}: no entry points (loaded by path)`;
  }
  assert(result.code === 0, `${pkg.name}: attw --profile ${profile}\n${text.trim()}`);
  return profile;
}
