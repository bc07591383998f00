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
      const core = [];
      const bare = [];
      const ratios = [];
      // One untimed warm-up of each, so the simulator's first-touch costs land on neither side.
      await runClient('bare-fetch.mjs', bareJob);
      await runClient('core-fetch.mjs', coreJob);
      for (let run = 0; run < runs; run++) {
        // Alternate which goes first, so drift on the machine hits both sides alike.
        const order = run % 2 ? ['core', 'bare'] : ['bare', 'core'];
        const result = {};
        for (const side of order) {
          result[side] =
            side === 'core'
              ? await runClient('core-fetch.mjs', coreJob)
              : await runClient('bare-fetch.mjs', bareJob);
          if (result[side].events !== events)
            throw new Error(`${side} ${vendor}: ${result[side].events} events, expected ${events}`);
        }
        core.push(events / result.core.seconds);
        bare.push(events / result.bare.seconds);
        ratios.push(result.core.seconds === 0 ? 0 : result.bare.seconds / result.core.seconds);
        log(
          `throughput ${vendor} run ${run + 1}: core ${Math.round(core.at(-1))}/s, bare ${Math.round(bare.at(-1))}/s`,
        );
      }
      figures.push({
        name: `${vendor} ${events.toLocaleString('en-US')} events, page ${pageSize}`,
        unit: 'events/s',
        measured: summarize(core),
        baseline: summarize(bare),
        ratio: summarize(ratios),
        target: { op: '>=', value: 0.85 },
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
      'every event JSON.stringify-ed to an NDJSON file stream on /dev/null with backpressure) and ' +
      '`bench/src/clients/bare-fetch.mjs` (undici.request over the same URLs and keyset, JSON.parse only). ' +
      'Time is measured inside the client, from before the first request (JWT/token included) to the last event written. ' +
      'Sides alternate order each run after one untimed warm-up each; ratio = bare seconds / core seconds per run.',
  };
}
