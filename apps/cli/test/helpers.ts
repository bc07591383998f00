import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const CLI_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const BIN = fileURLToPath(new URL('../bin/run.js', import.meta.url));

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Every output of every run, so a test can check that no secret ever appeared anywhere. */
export const transcript: string[] = [];

/** A clean environment: no CI-specific or user config leaks into the CLI under test. */
export function baseEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    ...extra,
  };
  return env;
}

export function runCli(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: options.env ?? baseEnv(),
      cwd: options.cwd ?? CLI_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      transcript.push(stdout, stderr);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Starts the CLI and hands back the process for signals; output is collected. */
export function startCli(args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}) {
  const child: ChildProcess = spawn(process.execPath, [BIN, ...args], {
    env: options.env ?? baseEnv(),
    cwd: options.cwd ?? CLI_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  child.stdout!.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => {
      transcript.push(output.stdout, output.stderr);
      resolve({ code, signal });
    }),
  );
  return { child, output, exited };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 20_000,
  what = 'condition',
): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/**
 * The stderr of a successful read: one `completeness:` line per source saying it was shown
 * complete, and nothing else (no warning, no error).
 */
export function expectOnlyCompleteReports(stderr: string, sources = 1): void {
  const lines = stderr.split('\n').filter(Boolean);
  if (
    lines.length !== sources ||
    !lines.every((line) => /^completeness: .*": complete;/.test(line))
  )
    throw new Error(`expected ${sources} "complete" report line(s) on stderr, got:\n${stderr}`);
}
