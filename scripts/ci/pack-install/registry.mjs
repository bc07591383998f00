// A local npm registry (Verdaccio) holding the packed tarballs, so temp projects install them by
// name the way users will, with every other package from the ordinary registry.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CACHE, check, freePort, run, tempDir } from './lib.mjs';

const VERDACCIO_VERSION = '6.10.4';

/** Verdaccio from the npm registry, cached outside the repo like the pinned n8n. */
async function verdaccioBin() {
  const dir = join(CACHE, `verdaccio-${VERDACCIO_VERSION}`);
  const bin = join(dir, 'node_modules/verdaccio/bin/verdaccio');
  if (!existsSync(bin)) {
    await check('npm', [
      'install',
      '--prefix',
      dir,
      '--no-save',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      `verdaccio@${VERDACCIO_VERSION}`,
    ]);
  }
  return bin;
}

/**
 * Starts Verdaccio on loopback with @auditrelay/* and auditrelay published from `tarballs`; the
 * other packages are proxied to `upstream` (only used by clients that point their default
 * registry here). Returns its URL, an auth token, and stop().
 */
export async function startRegistry(work, tarballs, upstream) {
  const dir = await tempDir(work, 'registry');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  // Proxied packages are kept between runs (warm), ours never are.
  const proxyStorage = join(CACHE, 'pack-install-registry-storage');
  await rm(join(proxyStorage, '@auditrelay'), { recursive: true, force: true });
  await rm(join(proxyStorage, 'auditrelay'), { recursive: true, force: true });
  await writeFile(
    join(dir, 'config.yaml'),
    [
      `storage: ${proxyStorage}`,
      'auth:',
      '  htpasswd:',
      `    file: ${join(dir, 'htpasswd')}`,
      'uplinks:',
      '  upstream:',
      `    url: ${upstream}`,
      'packages:',
      "  '@auditrelay/*': { access: $all, publish: $authenticated }",
      "  'auditrelay': { access: $all, publish: $authenticated }",
      "  '**': { access: $all, proxy: upstream }",
      'log: { type: stdout, format: pretty, level: warn }',
      '',
    ].join('\n'),
  );
  const child = spawn(
    process.execPath,
    [await verdaccioBin(), '--config', join(dir, 'config.yaml'), '--listen', `127.0.0.1:${port}`],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const stop = () =>
    new Promise((resolveStop) => {
      if (child.exitCode !== null) return resolveStop();
      child.once('exit', () => resolveStop());
      child.kill('SIGTERM');
    });
  const started = Date.now();
  for (;;) {
    const ok = await fetch(`${url}-/ping`).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) break;
    if (child.exitCode !== null || Date.now() - started > 60_000) {
      await stop();
      throw new Error(`verdaccio did not start:\n${output.slice(-2000)}`);
    }
    await new Promise((resolveWait) => setTimeout(resolveWait, 200));
  }
  // A user for publishing (the htpasswd file is fresh each run).
  const response = await fetch(`${url}-/user/org.couchdb.user:ci`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'ci', password: 'pack-install-only' }),
  });
  const { token } = await response.json();
  if (!token) throw new Error(`verdaccio refused the publishing user (${response.status})`);
  const host = url.replace(/^http:/, '');
  const publishRc = join(dir, 'publish.npmrc');
  await writeFile(publishRc, `registry=${url}\n${host}:_authToken=${token}\n`);
  for (const tarball of tarballs) {
    const result = await run('npm', ['publish', tarball, '--registry', url, '--tag', 'latest'], {
      env: { ...process.env, NPM_CONFIG_USERCONFIG: publishRc },
    });
    if (result.code !== 0) {
      await stop();
      throw new Error(`npm publish ${tarball} to the local registry failed:\n${result.stderr}`);
    }
  }
  return { url, stop };
}
