// Peak RSS of `auditlogs fetch --format ndjson` (Orchestrator, to /dev/null) for two CLI builds
// alternating: node bench/src/mem-ab.mjs <events> <runs> <cli run.js>...
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { DATA_END, DATA_START, median, simulatorSource, startSimulatorProcess } from './lib.mjs';
import { fetchArgs } from './scenarios/cli.mjs';

// A CLI is `path/to/run.js` or `path/to/run.js,NAME=value,…` (environment for that variant).
function runCli(spec, args) {
  const [cli, ...vars] = spec.split(',');
  const env = { ...process.env, ...Object.fromEntries(vars.map((v) => v.split('='))) };
  const started = performance.now();
  const result = spawnSync('/usr/bin/time', ['-v', process.execPath, cli, ...args], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  const err = result.stderr;
  if (result.status !== 0) throw new Error(`${spec} exited ${result.status}: ${err.slice(-2000)}`);
  const read = (name) => Number(new RegExp(`${name}: ([\\d.]+)`).exec(err)[1]);
  return {
    peakRss: read('Maximum resident set size \\(kbytes\\)') * 1024,
    cpuSeconds: read('User time \\(seconds\\)') + read('System time \\(seconds\\)'),
    wallSeconds: (performance.now() - started) / 1000,
  };
}

const [events, runs, ...clis] = process.argv.slice(2);
const vendor = 'uipath-orchestrator-odata';
const dir = mkdtempSync(join(tmpdir(), 'auditrelay-mem-'));
const sim = await startSimulatorProcess({
  seed: 'bench',
  data: { [vendor]: { count: Number(events), start: DATA_START, end: DATA_END } },
});
const peaks = clis.map(() => []);
const cpu = clis.map(() => []);
try {
  const config = join(dir, 'auditrelay.config.json');
  writeFileSync(config, JSON.stringify({ sources: [simulatorSource(sim, vendor)] }));
  for (let run = 0; run < Number(runs); run++) {
    for (const [i, cli] of clis.entries()) {
      const result = runCli(cli, fetchArgs(config));
      peaks[i].push(result.peakRss / 2 ** 20);
      cpu[i].push(result.cpuSeconds);
      console.log(
        `${events} ${cli}: ${(result.peakRss / 2 ** 20).toFixed(1)} MiB, wall ${result.wallSeconds.toFixed(1)} s, CPU ${result.cpuSeconds.toFixed(2)} s`,
      );
    }
  }
} finally {
  await sim.stop();
  rmSync(dir, { recursive: true, force: true });
}
for (const [i, cli] of clis.entries())
  console.log(
    `median ${events} ${cli}: ${median(peaks[i]).toFixed(1)} MiB [${peaks[i].map((p) => p.toFixed(0)).join(', ')}], CPU ${median(cpu[i]).toFixed(2)} s`,
  );
