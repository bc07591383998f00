// 1. Throughput: core fetchEvents (normalize + NDJSON out) vs a bare undici loop (JSON.parse only),
// for every source, on loopback and (1b) with latency on every request; and the client's CPU per
// event against the bare loop's (the "client CPU ratio").
import {
  DATA_END,
  DATA_START,
  log,
  runClient,
  simulatorSource,
  startSimulatorProcess,
  summarize,
} from '../lib.mjs';

/**
 * The sources measured, with the options both sides use: the vendor's largest page, and for AI
 * for Work (no paging) hourly windows under the simulator's answer cap, so that neither side
 * splits a window (the bare loop asks the same windows).
 */
export const THROUGHPUT_SOURCES = [
  ['kore-xo-admin-console', { pageSize: 100 }],
  ['kore-ai-for-work', { windowMinutes: 60, responseCap: 1000 }],
  ['uipath-platform-audit', { pageSize: 1000 }],
  ['uipath-orchestrator-odata', { pageSize: 1000 }],
  ['uipath-unified-audit', { pageSize: 200 }],
];

const describeOptions = (options) =>
  options.pageSize ? `page ${options.pageSize}` : `${options.windowMinutes}-minute windows`;

/** The simulator with `events` records of every measured source, Kore XO's rate limit off. */
export function startThroughputSimulator(events, behavior) {
  return startSimulatorProcess({
    seed: 'bench',
    data: Object.fromEntries(
      THROUGHPUT_SOURCES.map(([v]) => [v, { count: events, start: DATA_START, end: DATA_END }]),
    ),
    rateLimits: { 'kore-xo-admin-console': false },
    truthRange: { from: DATA_START, to: DATA_END },
    ...(behavior ? { behavior } : {}),
  });
}

/** The jobs of `core-fetch.mjs` (with and without NDJSON) and `bare-fetch.mjs` for one source. */
export function throughputJobs(sim, vendor, options) {
  const source = simulatorSource(sim, vendor, options);
  const core = { source, from: DATA_START, to: DATA_END, rateLimit: false, output: '/dev/null' };
  return {
    core,
    coreOnly: { ...core, output: 'none' },
    bare: {
      vendor,
      baseUrl: source.baseUrl,
      credentials: { ...source.credentials, ...source.options },
      from: DATA_START,
      to: DATA_END,
      pageSize: options.pageSize,
    },
  };
}

export async function throughput({ events, runs, latencyMs = 0, cpuTargets = latencyMs === 0 }) {
  const sim = await startThroughputSimulator(events, latencyMs ? { latencyMs } : undefined);
  const figures = [];
  const at = latencyMs ? `, ${latencyMs} ms/request` : '';
  try {
    for (const [vendor, options] of THROUGHPUT_SOURCES) {
      const jobs = throughputJobs(sim, vendor, options);
      // What the source reads of the vendor's records (the unified API's organization scope
      // holds part of them).
      const expected = sim.truth[vendor];
      const sides = {
        bare: () => runClient('bare-fetch.mjs', jobs.bare),
        core: () => runClient('core-fetch.mjs', jobs.core),
        coreOnly: () => runClient('core-fetch.mjs', jobs.coreOnly),
      };
      const rates = { bare: [], core: [], coreOnly: [] };
      const cpu = { bare: [], core: [], coreOnly: [] };
      const ratios = { core: [], coreOnly: [] };
      const cpuRatios = { core: [], coreOnly: [] };
      // One untimed warm-up of each, so the simulator's first-touch costs land on no side.
      for (const run of Object.values(sides)) await run();
      for (let run = 0; run < runs; run++) {
        // Rotate which goes first, so drift on the machine hits every side alike.
        const order = ['bare', 'core', 'coreOnly'];
        for (let i = 0; i < run % 3; i++) order.push(order.shift());
        const result = {};
        for (const side of order) {
          result[side] = await sides[side]();
          if (result[side].events !== expected)
            throw new Error(
              `${side} ${vendor}: ${result[side].events} events, expected ${expected}`,
            );
          rates[side].push(expected / result[side].seconds);
          cpu[side].push(result[side].cpuSeconds);
        }
        for (const side of ['core', 'coreOnly']) {
          ratios[side].push(result.bare.seconds / result[side].seconds);
          cpuRatios[side].push(result[side].cpuSeconds / result.bare.cpuSeconds);
        }
        log(
          `throughput${at} ${vendor} run ${run + 1}: core ${Math.round(rates.core.at(-1))}/s (${cpu.core.at(-1).toFixed(2)} s CPU), ` +
            `without output ${Math.round(rates.coreOnly.at(-1))}/s (${cpu.coreOnly.at(-1).toFixed(2)} s), ` +
            `bare ${Math.round(rates.bare.at(-1))}/s (${cpu.bare.at(-1).toFixed(2)} s)`,
        );
      }
      const cpuNote = (side) =>
        `${summarize(cpu[side]).median.toFixed(2)} s CPU vs bare ${summarize(cpu.bare).median.toFixed(2)} s`;
      const size = `${expected.toLocaleString('en-US')} events`;
      figures.push({
        name: `${vendor} ${size}, ${describeOptions(options)}${at}`,
        unit: 'events/s',
        measured: summarize(rates.core),
        baseline: summarize(rates.bare),
        ratio: summarize(ratios.core),
        ...(latencyMs ? {} : { target: { op: '>=', value: 0.85 } }),
        extra: { clientCpu: cpuNote('core') },
      });
      figures.push({
        name: `${vendor} ${size}, normalized but not serialized (no NDJSON)${at}`,
        unit: 'events/s',
        measured: summarize(rates.coreOnly),
        baseline: summarize(rates.bare),
        ratio: summarize(ratios.coreOnly),
        extra: { clientCpu: cpuNote('coreOnly') },
      });
      figures.push({
        name: `${vendor} client CPU ratio, NDJSON (CPU seconds)${at}`,
        unit: 's',
        measured: summarize(cpu.core),
        baseline: summarize(cpu.bare),
        ratio: summarize(cpuRatios.core),
        ...(cpuTargets ? { target: { op: '<=', value: 2.5 } } : {}),
      });
      figures.push({
        name: `${vendor} client CPU ratio, normalized but not serialized (CPU seconds)${at}`,
        unit: 's',
        measured: summarize(cpu.coreOnly),
        baseline: summarize(cpu.bare),
        ratio: summarize(cpuRatios.coreOnly),
        ...(cpuTargets ? { target: { op: '<=', value: 2 } } : {}),
      });
    }
  } finally {
    await sim.stop();
  }
  return {
    figures,
    method:
      `Simulator in its own process with the events pre-generated (Kore XO rate limit off on both sides)${latencyMs ? `, ${latencyMs} ms added to every request (\`behavior.latencyMs\`)` : ', on loopback'}. ` +
      'Each run spawns a fresh Node process per side: `bench/src/clients/core-fetch.mjs` (createSource + fetchEvents, ' +
      'every event JSON.stringify-ed to an NDJSON file stream on /dev/null in 64 KiB chunks with a 1 MiB buffer and backpressure; ' +
      'the "not serialized" figure is the same client counting events without writing them, to separate the core from the output) and ' +
      '`bench/src/clients/bare-fetch.mjs` (undici.request over the same URLs and keyset, or for AI for Work the same hourly windows, ' +
      'or for Platform Management plain skip/top pages; JSON.parse only). ' +
      'Time is measured inside the client, from before the first request (JWT/token included) to the last event written. ' +
      'Sides rotate order each run after one untimed warm-up each; ratio = bare seconds / core seconds per run. ' +
      '"Client CPU ratio" = CPU seconds (user + system of the client process, start-up included) of the core client / of the bare loop, per run: ' +
      'what the core costs per event whatever the simulator or the network add.',
  };
}

/** 1b. The same at 10 ms per request: the client's CPU and the server's answer time overlap. */
export const throughputLatency = (sizes) => throughput({ latencyMs: 10, ...sizes });
