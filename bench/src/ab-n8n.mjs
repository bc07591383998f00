#!/usr/bin/env node
// Before/after for a change to the n8n node: scenario 7's workflows in a real n8n, one fresh n8n
// home per build of the node package, alternating, on the same simulator data.
//
//   node bench/src/ab-n8n.mjs [--events 100000] [--runs 5] [--latency-ms 0] [--http] [--cpu-prof-dir d] \
//     <name>=<package dir>[,<parameter>=<value>...] ...
//
// A package dir is an extracted `pnpm pack` of packages/n8n-nodes (`workspace` packs the current
// one); parameters are added to the Audit Relay node (e.g. `parallel=workspace,parallelRequests=4`).
// --http adds the HTTP Request + Split Out baseline; --cpu-prof-dir <dir> profiles every n8n run
// (group one with bench/src/profile-n8n.mjs). Prints, per side, n8n's execution seconds, the CPU
// seconds of the n8n process during the execution, and the peak RSS of the process (in all, and up
// to the end of the execution, before n8n saves it and prints the result).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DATA_END, DATA_START, log, startSimulatorProcess, summarize } from './lib.mjs';
import { packNodePackage, prepareN8n } from './scenarios/n8n.mjs';

const { values, positionals } = parseArgs({
  options: {
    events: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '5' },
    'latency-ms': { type: 'string', default: '0' },
    http: { type: 'boolean', default: false },
    'cpu-prof-dir': { type: 'string' },
  },
  allowPositionals: true,
});
const events = Number(values.events);
const runs = Number(values.runs);
const latencyMs = Number(values['latency-ms']);
const variants = positionals.map((spec) => {
  const [head, ...parameters] = spec.split(',');
  const [name, dir] = head.split('=');
  const relayParameters = Object.fromEntries(
    parameters.map((parameter) => {
      const [key, value] = parameter.split('=');
      return [key, Number.isNaN(Number(value)) ? value : Number(value)];
    }),
  );
  return { name, dir, relayParameters };
});
if (variants.length === 0 || variants.some((variant) => !variant.dir)) {
  console.error('usage: ab-n8n.mjs [--events N] [--runs N] [--latency-ms N] [--http] name=dir ...');
  process.exit(2);
}

const work = mkdtempSync(join(tmpdir(), 'auditrelay-ab-n8n-'));
const vendor = 'uipath-orchestrator-odata';
const sim = await startSimulatorProcess({
  seed: 'bench',
  data: { [vendor]: { count: events, start: DATA_START, end: DATA_END } },
  ...(latencyMs > 0 ? { behavior: { latencyMs } } : {}),
});
try {
  let packed;
  const sides = [];
  for (const [index, variant] of variants.entries()) {
    const packageDir =
      variant.dir === 'workspace' ? (packed ??= packNodePackage(work)) : variant.dir;
    const home = await prepareN8n({
      sim,
      work,
      packageDir,
      relayParameters: variant.relayParameters,
      home: `home-${index}`,
    });
    sides.push({ name: variant.name, home, side: 'relay', results: [] });
    if (values.http && index === 0) sides.push({ name: 'http', home, side: 'http', results: [] });
  }
  for (let run = 0; run < runs; run++) {
    for (const side of run % 2 ? [...sides].reverse() : sides) {
      const profileDir = values['cpu-prof-dir'];
      const result = await side.home.execute(side.side, {
        expected: events,
        sampleCpu: true,
        nodeOptions: profileDir
          ? `--cpu-prof --cpu-prof-dir=${join(profileDir, `${side.name}-${run + 1}`)}`
          : undefined,
      });
      side.results.push(result);
      log(
        `${side.name} run ${run + 1}: execution ${result.executionSeconds.toFixed(2)} s (CPU ${result.executionCpuSeconds.toFixed(2)} s), peak RSS ${(result.peakRss / 2 ** 20).toFixed(0)} MiB (${(result.executionPeakRss / 2 ** 20).toFixed(0)} MiB at the end of the execution)`,
      );
    }
  }
  const median = (side, key, scale = 1) =>
    summarize(side.results.map((result) => result[key] / scale)).median;
  console.log(
    `${events} events, ${runs} runs${latencyMs ? `, ${latencyMs} ms per request` : ''} (medians):`,
  );
  for (const side of sides)
    console.log(
      `${side.name.padEnd(12)} execution ${median(side, 'executionSeconds').toFixed(2)} s, CPU ${median(side, 'executionCpuSeconds').toFixed(2)} s, peak RSS ${median(side, 'peakRss', 2 ** 20).toFixed(0)} MiB (${median(side, 'executionPeakRss', 2 ** 20).toFixed(0)} MiB at the end of the execution)`,
    );
} finally {
  await sim.stop();
  rmSync(work, { recursive: true, force: true });
}
