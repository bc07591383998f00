// Shared by the end-to-end tests: packs the node package as npm would publish it, and finds or
// runs the pinned n8n that scripts/ci/install-n8n.sh installed.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const exec = promisify(execFile);

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const NODE_PACKAGE_DIR = join(REPO, 'packages/n8n-nodes');
export const WORKFLOWS_DIR = join(REPO, 'apps/n8n-workflows/workflows');
export const N8N_VERSION = process.env.AUDITRELAY_N8N_VERSION ?? '2.41.1';

/** The launcher install-n8n.sh prints; `AUDITRELAY_N8N_BIN` overrides. */
export function n8nBinary(): string {
  const cache = process.env.AUDITRELAY_CACHE ?? join(homedir(), '.cache/auditrelay');
  return process.env.AUDITRELAY_N8N_BIN ?? join(cache, `n8n-${N8N_VERSION}`, 'n8n');
}

export const IN_CI = process.env.CI === 'true' || process.env.CI === '1';

function pnpmCommand(): { command: string; prefix: string[] } {
  const execPath = process.env.npm_execpath;
  if (execPath && /pnpm/.test(execPath)) {
    return execPath.endsWith('.cjs') || execPath.endsWith('.js')
      ? { command: process.execPath, prefix: [execPath] }
      : { command: execPath, prefix: [] };
  }
  return { command: 'pnpm', prefix: [] };
}

/** `pnpm pack` of the node package (workspace versions resolved), extracted; returns its folder. */
export async function packNodePackage(): Promise<{ dir: string; tarball: string }> {
  const work = await mkdtemp(join(tmpdir(), 'auditrelay-pack-'));
  const { command, prefix } = pnpmCommand();
  await exec(command, [...prefix, 'pack', '--pack-destination', work], { cwd: NODE_PACKAGE_DIR });
  const tarball = (await readdir(work)).find((file) => file.endsWith('.tgz'));
  if (!tarball) throw new Error(`pnpm pack left no tarball in ${work}`);
  const dir = join(work, 'package');
  await mkdir(dir);
  await exec('tar', ['-xzf', join(work, tarball), '-C', dir, '--strip-components=1']);
  return { dir, tarball: join(work, tarball) };
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the n8n CLI; never throws on a non-zero exit. */
export async function runN8n(args: string[], env: NodeJS.ProcessEnv): Promise<RunResult> {
  try {
    const { stdout, stderr } = await exec(n8nBinary(), args, {
      env,
      maxBuffer: 256 * 1024 * 1024,
      timeout: 120_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return {
      code: typeof failed.code === 'number' ? failed.code : 1,
      stdout: failed.stdout ?? '',
      stderr: failed.stderr ?? '',
    };
  }
}

/** The community-package scanner's lint pass over `dir` (see scan-package.mjs). */
export async function scanPackage(
  dir: string,
  patterns: string[],
): Promise<{ passed: boolean; message?: string; details?: string }> {
  const script = join(REPO, 'apps/n8n-workflows/e2e/scan-package.mjs');
  const { stdout } = await exec(process.execPath, [script, dir, ...patterns], {
    cwd: join(REPO, 'apps/n8n-workflows'),
    env: shellEnv(),
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(stdout) as { passed: boolean; message?: string; details?: string };
}

/** A TCP port nobody listens on right now (for n8n's task broker, so runs never collide). */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

export function n8nInstalled(): boolean {
  return existsSync(n8nBinary());
}

/**
 * The environment of a plain shell: eslint-plugin-n8n-nodes-base changes its rules when
 * NODE_ENV=test, which vitest sets, so lint and scan runs must not inherit it.
 */
export function shellEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...extra };
  delete env.NODE_ENV;
  delete env.FORCE_COLOR;
  delete env.VITEST;
  return env;
}

export async function runNodePackageBin(bin: string, args: string[]): Promise<RunResult> {
  try {
    const { stdout, stderr } = await exec(join(NODE_PACKAGE_DIR, 'node_modules/.bin', bin), args, {
      cwd: NODE_PACKAGE_DIR,
      env: shellEnv(),
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? 1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}
