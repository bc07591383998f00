// 1. Throughput: core fetchEvents (normalize + NDJSON out) vs a bare undici loop (JSON.parse only).
import {
  DATA_END,
  DATA_START,
  log,
  runClient,
  simulatorSource,
  startSimulatorProcess,
  summarize,
} from '../lib.mjs';

const VENDORS = [
  ['kore-xo-admin-console', 100],
  ['uipath-orchestrator-odata', 1000],
];

export async function throughput({ events, runs }) {
  const sim = await startSimulatorProcess({
    seed: 'bench',
    data: Object.fromEntries(
      VENDORS.map(([v]) => [v, { count: events, start: DATA_START, end: DATA_END }]),
    ),
    rateLimits: { 'kore-xo-admin-console': false },
  });
  const figures = [];
  try {
    for (const [vendor, pageSize] of VENDORS) {
      const source = simulatorSource(sim, vendor, { pageSize });
      const coreJob = {
        source,
        from: DATA_START,
        to: DATA_END,
        rateLimit: false,
        output: '/dev/null',
      };
      const bareJob = {
        vendor,
        baseUrl: source.baseUrl,
        credentials: { ...source.credentials, ...source.options },
        from: DATA_START,
        to: DATA_END,
        pageSize,
      };
      const coreOnlyJob = { ...coreJob, output: 'none' };
      const sides = {
        bare: () => runClient('bare-fetch.mjs', bareJob),
        core: () => runClient('core-fetch.mjs', coreJob),
        coreOnly: () => runClient('core-fetch.mjs', coreOnlyJob),
      };
      const rates = { bare: [], core: [], coreOnly: [] };
      const cpu = { bare: [], core: [], coreOnly: [] };
      const ratios = { core: [], coreOnly: [] };
      // One untimed warm-up of each, so the simulator's first-touch costs land on no side.
      for (const run of Object.values(sides)) await run();
      for (let run = 0; run < runs; run++) {
        // Rotate which goes first, so drift on the machine hits every side alike.
        const order = ['bare', 'core', 'coreOnly'];
        for (let i = 0; i < run % 3; i++) order.push(order.shift());
        const result = {};
        for (const side of order) {
          result[side] = await sides[side]();
          if (result[side].events !== events)
            throw new Error(`${side} ${vendor}: ${result[side].events} events, expected ${events}`);
          rates[side].push(events / result[side].seconds);
          cpu[side].push(result[side].cpuSeconds);
        }
        for (const side of ['core', 'coreOnly'])
          ratios[side].push(result.bare.seconds / result[side].seconds);
        log(
          `throughput ${vendor} run ${run + 1}: core ${Math.round(rates.core.at(-1))}/s, core without output ${Math.round(rates.coreOnly.at(-1))}/s, bare ${Math.round(rates.bare.at(-1))}/s`,
        );
      }
      const cpuNote = (side) =>
        `${summarize(cpu[side]).median.toFixed(2)} s CPU vs bare ${summarize(cpu.bare).median.toFixed(2)} s`;
      figures.push({
        name: `${vendor} ${events.toLocaleString('en-US')} events, page ${pageSize}`,
        unit: 'events/s',
        measured: summarize(rates.core),
        baseline: summarize(rates.bare),
        ratio: summarize(ratios.core),
        target: { op: '>=', value: 0.85 },
        extra: { clientCpu: cpuNote('core') },
      });
      figures.push({
        name: `${vendor} ${events.toLocaleString('en-US')} events, normalized but not serialized (no NDJSON)`,
        unit: 'events/s',
        measured: summarize(rates.coreOnly),
        baseline: summarize(rates.bare),
        ratio: summarize(ratios.coreOnly),
        extra: { clientCpu: cpuNote('coreOnly') },
      });
    }
  } finally {
    await sim.stop();
  }
  return {
    figures,
    method:
      'Simulator in its own process with the events pre-generated (Kore XO rate limit off on both sides). ' +
      'Each run spawns a fresh Node process per side: `bench/src/clients/core-fetch.mjs` (createSource + fetchEvents, ' +
      'every event JSON.stringify-ed to an NDJSON file stream on /dev/null in 64 KiB chunks with a 1 MiB buffer and backpressure; ' +
      'the "not serialized" figure is the same client counting events without writing them, to separate the core from the output) and ' +
      '`bench/src/clients/bare-fetch.mjs` (undici.request over the same URLs and keyset, JSON.parse only). ' +
      'Time is measured inside the client, from before the first request (JWT/token included) to the last event written. ' +
      'Sides rotate order each run after one untimed warm-up each; ratio = bare seconds / core seconds per run. ' +
      'Client CPU (user + system of the client process, median) is given beside each figure: the client is CPU-bound, the bare loop is bound by the simulator.',
  };
}
