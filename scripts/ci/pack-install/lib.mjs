// Shared by the pack-and-install stages: running commands with a bounded time, temp folders,
// the catalog's versions, and the stage report.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const FIXTURES = join(REPO, 'scripts/ci/pack-install/fixtures');
export const CACHE = process.env.AUDITRELAY_CACHE ?? join(homedir(), '.cache/auditrelay');

/** Runs a command; resolves with its exit code and output, and never throws on a non-zero exit. */
export function run(command, args, options = {}) {
  const { cwd, env, timeoutMs = 300_000 } = options;
  return new Promise((resolveRun, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolveRun({ code: code ?? (signal ? 128 : 1), signal, stdout, stderr });
    });
  });
}

/** Like run(), but throws with the command's output tail when it exits non-zero. */
export async function check(command, args, options = {}) {
  const result = await run(command, args, options);
  if (result.code !== 0) {
    const tail = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-40).join('\n');
    throw new Error(`${[command, ...args].join(' ')} exited ${result.code}:\n${tail}`);
  }
  return result;
}

export function assert(condition, message) {
  if (!condition) throw new Error(message);
}

export async function tempDir(parent, name) {
  const dir = join(parent, name);
  await mkdir(dir, { recursive: true });
  return dir;
}

export function newWorkDir() {
  return mkdtemp(join(tmpdir(), 'auditrelay-pack-install-'));
}

export async function writeJson(path, value) {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(value, null, 2)}\n`);
}

export async function readJson(path) {
  return JSON.parse(await readFile(path, 'utf8'));
}

/** The default catalog of pnpm-workspace.yaml (name → range), so temp projects use the same versions. */
export async function catalog() {
  const text = await readFile(join(REPO, 'pnpm-workspace.yaml'), 'utf8');
  const block = text.split(/^catalog:\s*$/m)[1]?.split(/^\S/m)[0] ?? '';
  const entries = {};
  for (const line of block.split('\n')) {
    const match = /^ {2}'?([^':\s][^':]*?)'?:\s*(\S+)\s*$/.exec(line);
    if (match) entries[match[1]] = match[2];
  }
  return entries;
}

/** A stage's result for the report. */
export async function stage(name, fn, results) {
  const started = performance.now();
  process.stdout.write(`pack-install: ${name} …\n`);
  try {
    const detail = await fn();
    const seconds = (performance.now() - started) / 1000;
    results.push({ name, ok: true, seconds, detail: detail ?? '' });
    process.stdout.write(`pack-install: ✔ ${name} (${seconds.toFixed(1)} s) ${detail ?? ''}\n`);
    return true;
  } catch (error) {
    const seconds = (performance.now() - started) / 1000;
    const message = error instanceof Error ? error.message : String(error);
    results.push({ name, ok: false, seconds, detail: message });
    process.stdout.write(`pack-install: ✘ ${name} (${seconds.toFixed(1)} s)\n${message}\n`);
    return false;
  }
}

export function report(results, totalSeconds) {
  const width = Math.max(...results.map((result) => result.name.length));
  const lines = ['', 'pack-install report', ''];
  for (const result of results) {
    const detail = result.ok ? result.detail : result.detail.split('\n')[0];
    lines.push(
      `  ${result.ok ? '✔' : '✘'} ${result.name.padEnd(width)}  ${result.seconds.toFixed(1).padStart(6)} s  ${detail}`,
    );
  }
  const failed = results.filter((result) => !result.ok).length;
  lines.push('', `  total ${totalSeconds.toFixed(1)} s`, '');
  lines.push(`pack-install: ${results.length - failed} passed, ${failed} failed`);
  return lines.join('\n');
}

/** A TCP port nobody listens on right now. */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}
