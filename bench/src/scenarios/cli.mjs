// 4. Memory: peak RSS of `auditrelay auditlogs fetch --format ndjson` at a small and a large size.
// 5. Start-up: `auditrelay --help` and `auditrelay auditlogs sources` vs a bare `node -e 0`.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DATA_END,
  DATA_START,
  REPO,
  log,
  runProcess,
  simulatorSource,
  startSimulatorProcess,
  summarize,
  median,
} from '../lib.mjs';

const CLI = join(REPO, 'apps/cli/bin/run.js');

function writeConfig(dir, sources) {
  const file = join(dir, 'auditrelay.config.json');
  writeFileSync(file, JSON.stringify({ sources }));
  return file;
}

/** The measured command: every event of the data span as NDJSON (to stdout). */
export const fetchArgs = (config) => [
  'auditlogs',
  'fetch',
  '--config',
  config,
  '--from',
  new Date(DATA_START).toISOString(),
  '--to',
  new Date(DATA_END).toISOString(),
  '--format',
  'ndjson',
];

export async function memory({ sizes, runs }) {
  const vendor = 'uipath-orchestrator-odata';
  const dir = mkdtempSync(join(tmpdir(), 'auditrelay-bench-'));
  const peaks = {};
  const wall = {};
  try {
    for (const events of sizes) {
      const sim = await startSimulatorProcess({
        seed: 'bench',
        data: { [vendor]: { count: events, start: DATA_START, end: DATA_END } },
      });
      try {
        const config = writeConfig(dir, [simulatorSource(sim, vendor)]);
        const args = [CLI, ...fetchArgs(config)];
        peaks[events] = [];
        wall[events] = [];
        for (let run = 0; run < runs; run++) {
          const result = await runProcess(process.execPath, args, {
            measureMemory: true,
            stdout: 'ignore',
          });
          peaks[events].push(result.peakRss);
          wall[events].push(result.wallSeconds);
          log(
            `memory ${events}: peak RSS ${(result.peakRss / 2 ** 20).toFixed(0)} MiB in ${result.wallSeconds.toFixed(1)} s`,
          );
        }
      } finally {
        await sim.stop();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const [small, large] = sizes;
  const ratios = peaks[large].map((peak, i) => peak / peaks[small][i]);
  return {
    figures: [
      {
        name: `peak RSS at ${large.toLocaleString('en-US')} vs ${small.toLocaleString('en-US')} Orchestrator events`,
        unit: 'MiB',
        measured: summarize(peaks[large].map((b) => b / 2 ** 20)),
        baseline: summarize(peaks[small].map((b) => b / 2 ** 20)),
        ratio: summarize(ratios),
        target: { op: '<=', value: 1.3 },
        extra: {
          wallSeconds: Object.fromEntries(Object.entries(wall).map(([k, v]) => [k, median(v)])),
          eventsPerSecond: Object.fromEntries(
            Object.entries(wall).map(([k, v]) => [k, Math.round(Number(k) / median(v))]),
          ),
        },
      },
      {
        name: `peak RSS at ${large.toLocaleString('en-US')} Orchestrator events (absolute)`,
        unit: 'MiB',
        measured: summarize(peaks[large].map((b) => b / 2 ** 20)),
        target: { op: '<=', value: 150, of: 'measured.median' },
      },
    ],
    method:
      '`node apps/cli/bin/run.js auditlogs fetch --config <file> --from <start> --to <end> --format ndjson` with stdout on ' +
      '/dev/null, one UiPath Orchestrator source (page size 1000) on the simulator (own process), run under ' +
      '`/usr/bin/time -v` (falls back to polling VmHWM in /proc/<pid>/status); figure = "Maximum resident set size". ' +
      'The baseline is the same command at the small size; ratio = large peak / small peak, run by run.',
  };
}

export async function startup({ runs }) {
  const vendor = 'uipath-orchestrator-odata';
  const dir = mkdtempSync(join(tmpdir(), 'auditrelay-bench-'));
  const sim = await startSimulatorProcess({ seed: 'bench', data: { [vendor]: { count: 10 } } });
  const times = { node: [], help: [], sources: [] };
  try {
    const config = writeConfig(dir, [simulatorSource(sim, vendor)]);
    const commands = {
      node: ['-e', '0'],
      help: [CLI, '--help'],
      sources: [CLI, 'auditlogs', 'sources', '--config', config],
    };
    // Warm the OS file cache once; then interleave the three commands run by run.
    for (const args of Object.values(commands)) await runProcess(process.execPath, args);
    for (let run = 0; run < runs; run++) {
      for (const [name, args] of Object.entries(commands)) {
        times[name].push((await runProcess(process.execPath, args)).wallSeconds);
      }
    }
  } finally {
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  log(
    `startup: node ${median(times.node).toFixed(3)} s, --help ${median(times.help).toFixed(3)} s, sources ${median(times.sources).toFixed(3)} s`,
  );
  const figure = (name, label) => ({
    name: `\`auditrelay ${label}\` vs \`node -e 0\``,
    unit: 's',
    measured: summarize(times[name]),
    baseline: summarize(times.node),
    ratio: summarize(times[name].map((t, i) => t / times.node[i])),
    target: { op: '<=', value: 0.35, of: 'measured.median' },
  });
  return {
    figures: [figure('help', '--help'), figure('sources', 'auditlogs sources')],
    method:
      `Wall time from spawn to exit of \`node apps/cli/bin/run.js --help\`, \`… auditlogs sources --config <file>\` ` +
      `(one Orchestrator source, no network) and \`node -e 0\`, interleaved, ${runs} runs each after one warm-up ` +
      "(the OS file cache is warm, Node's compile cache is whatever the CLI enables). Target applies to the median seconds; " +
      'ratio = CLI seconds / bare Node seconds run by run.',
  };
}
