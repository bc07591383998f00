#!/usr/bin/env node
// `changeset version` dry run: in a temp copy of the repo, applies the pending changesets and checks
// that the fixed group stays consistent: every public package ends at one version (the CLI
// included), higher than before when anything is pending, and private packages keep theirs.
//
//   node scripts/ci/changeset-version-check.mjs
import { cp, mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { REPO, check, readJson } from './pack-install/lib.mjs';
import { workspacePackages } from './pack-install/packages.mjs';

function newer(a, b) {
  const [x, y] = [a, b].map((version) => version.split(/[.-]/).slice(0, 3).map(Number));
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] > y[i];
  return false;
}

const packages = await workspacePackages();
const before = Object.fromEntries(
  await Promise.all(
    packages.map(async (pkg) => [
      pkg.name,
      (await readJson(join(pkg.dir, 'package.json'))).version,
    ]),
  ),
);
const pending = (
  await check('git', ['ls-files', '-co', '--exclude-standard', '.changeset'], { cwd: REPO })
).stdout
  .split('\n')
  .filter((file) => file.endsWith('.md') && !file.endsWith('README.md'));

const copy = await mkdtemp(join(tmpdir(), 'auditrelay-changeset-'));
const inCopy = (pkg) => join(copy, relative(REPO, pkg.dir));
try {
  const { stdout } = await check('git', ['ls-files', '-co', '--exclude-standard'], { cwd: REPO });
  for (const file of stdout.split('\n').filter(Boolean)) {
    await cp(join(REPO, file), join(copy, file), { recursive: true }).catch((error) => {
      // A file deleted in the work tree but still tracked.
      if (error.code !== 'ENOENT') throw error;
    });
  }
  // The changelog generator and the CLI resolve from the repo's installed packages.
  await symlink(join(REPO, 'node_modules'), join(copy, 'node_modules'));
  await check(join(REPO, 'node_modules/.bin/changeset'), ['version'], { cwd: copy });

  const problems = [];
  const after = {};
  for (const pkg of packages) {
    after[pkg.name] = (await readJson(join(inCopy(pkg), 'package.json'))).version;
  }
  const published = packages.filter((pkg) => !pkg.private);
  const versions = new Set(published.map((pkg) => after[pkg.name]));
  if (versions.size !== 1) {
    problems.push(
      `public packages at different versions: ${published.map((pkg) => `${pkg.name}@${after[pkg.name]}`).join(', ')}`,
    );
  }
  const [version] = versions;
  for (const pkg of published) {
    if (pending.length && !newer(after[pkg.name], before[pkg.name])) {
      problems.push(
        `${pkg.name} stayed at ${after[pkg.name]} with ${pending.length} changesets pending`,
      );
    }
    const changelog = await readFile(join(inCopy(pkg), 'CHANGELOG.md'), 'utf8').catch(() => '');
    if (versions.size === 1 && pending.length && !changelog.includes(`## ${version}`)) {
      problems.push(`${pkg.name} has no CHANGELOG entry for ${version}`);
    }
  }
  for (const pkg of packages.filter((entry) => entry.private)) {
    if (after[pkg.name] !== before[pkg.name])
      problems.push(`private ${pkg.name} moved to ${after[pkg.name]}`);
  }
  if (problems.length) {
    process.stderr.write(`changeset version check failed:\n  ${problems.join('\n  ')}\n`);
    process.exit(1);
  }
  process.stdout.write(
    `changeset version: ${pending.length} changesets → ${published.length} public packages at ${version} (from ${[...new Set(published.map((pkg) => before[pkg.name]))].join(', ')})\n`,
  );
} finally {
  await rm(copy, { recursive: true, force: true });
}
