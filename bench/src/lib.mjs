/* global setInterval, clearInterval -- Node globals */
// Shared by the scenarios: the simulator in its own process, measured child processes, stats.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { simulatorSourceConfig } from '@auditrelay/simulator';

export const BENCH_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const REPO = resolve(BENCH_DIR, '..');
export const CLIENTS = join(BENCH_DIR, 'src/clients');

/** Fixed data span for every scenario, so from/to are the same on every run. */
export const DATA_START = Date.parse('2026-10-01T00:00:00.000Z');
export const DATA_END = Date.parse('2026-10-31T00:00:00.000Z');

/** Starts src/simulator-process.mjs (the simulator in its own process) and waits for its URL line. */
export async function startSimulatorProcess(options) {
  const child = spawn(
    process.execPath,
    [join(BENCH_DIR, 'src/simulator-process.mjs'), JSON.stringify(options)],
    {
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    },
  );
  const lines = createInterface({ input: child.stdout });
  const [line] = await Promise.race([
    once(lines, 'line'),
    once(child, 'exit').then(([code]) => {
      throw new Error(`simulator exited (${code}) before it was ready`);
    }),
  ]);
  const info = JSON.parse(line);
  return {
    ...info,
    pid: child.pid,
    /** { requests, rateLimited } from the simulator's own request log. */
    async stats() {
      child.send('stats');
      const [message] = await once(child, 'message');
      return message;
    },
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

/** Source configs (as a config file has them) for a running simulator: the simulator's own. */
export function simulatorSource(sim, vendor, options = {}) {
  return simulatorSourceConfig(sim, vendor, { options });
}

/**
 * Runs a command to completion. With `measureMemory`, runs it under `/usr/bin/time -v` when
 * present (else polls /proc/<pid>/status VmHWM) and returns the peak RSS in bytes.
 */
export async function runProcess(
  command,
  args,
  { env, cwd, measureMemory = false, stdout = 'pipe' } = {},
) {
  const useTime = measureMemory && hasGnuTime();
  const [file, argv] = useTime ? ['/usr/bin/time', ['-v', command, ...args]] : [command, args];
  const started = performance.now();
  const child = spawn(file, argv, {
    env: { ...process.env, ...env },
    cwd,
    stdio: ['ignore', stdout, 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk) => (out += chunk));
  child.stderr.on('data', (chunk) => (err += chunk));
  let polledPeak = 0;
  const poller =
    measureMemory && !useTime
      ? setInterval(() => {
          try {
            const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
            const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
            polledPeak = Math.max(polledPeak, kb * 1024);
          } catch {
            // exited
          }
        }, 20)
      : undefined;
  const [code] = await once(child, 'exit');
  const wallSeconds = (performance.now() - started) / 1000;
  if (poller) clearInterval(poller);
  let peakRss = polledPeak;
  if (useTime) {
    const kb = /Maximum resident set size \(kbytes\): (\d+)/.exec(err)?.[1];
    peakRss = Number(kb ?? 0) * 1024;
    err = err.replace(/\n?\tCommand being timed:[\s\S]*$/, '');
  }
  if (code !== 0)
    throw new Error(
      `${command} ${args.join(' ').slice(0, 200)} exited ${code}:\n${err.slice(-2000)}`,
    );
  return { stdout: out, stderr: err, wallSeconds, peakRss };
}

let gnuTime;
function hasGnuTime() {
  if (gnuTime === undefined) {
    try {
      readFileSync('/usr/bin/time');
      gnuTime = true;
    } catch {
      gnuTime = false;
    }
  }
  return gnuTime;
}

/** Runs one of src/clients/*.mjs in its own Node process; returns its JSON line (+ peakRss). */
export async function runClient(name, job, options = {}) {
  const { stdout, peakRss, wallSeconds } = await runProcess(
    process.execPath,
    [...(options.nodeArgs ?? []), join(CLIENTS, name), JSON.stringify(job)],
    { measureMemory: options.measureMemory, cwd: options.cwd },
  );
  return { ...JSON.parse(stdout.trim().split('\n').at(-1)), peakRss, wallSeconds };
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Median, min, max and spread ((max - min) / median) of a sample. */
export function summarize(values) {
  const m = median(values);
  const min = Math.min(...values);
  const max = Math.max(...values);
  return { median: m, min, max, spread: m === 0 ? 0 : (max - min) / m, runs: values.length };
}

export function log(message) {
  process.stderr.write(`bench: ${message}\n`);
}
