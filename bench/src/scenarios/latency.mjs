// 2. Latency-bound backfill: 80 ms per request; sequential paging vs the core's parallel slices.
import {
  DATA_END,
  DATA_START,
  log,
  runClient,
  simulatorSource,
  startSimulatorProcess,
  summarize,
} from '../lib.mjs';

export async function latency({ events, runs, slices = 8, latencyMs = 80 }) {
  const vendor = 'kore-xo-admin-console';
  const sim = await startSimulatorProcess({
    seed: 'bench',
    data: { [vendor]: { count: events, start: DATA_START, end: DATA_END } },
    behavior: { latencyMs },
    rateLimits: { [vendor]: false },
  });
  const sequential = [];
  const parallel = [];
  const ratios = [];
  try {
    const source = simulatorSource(sim, vendor, { pageSize: 100 });
    const job = (concurrency) => ({
      source,
      from: DATA_START,
      to: DATA_END,
      rateLimit: false,
      concurrency,
    });
    for (let run = 0; run < runs; run++) {
      const order = run % 2 ? [slices, 1] : [1, slices];
      const seconds = {};
      for (const concurrency of order) {
        const result = await runClient('core-fetch.mjs', job(concurrency));
        if (result.events !== events)
          throw new Error(
            `concurrency ${concurrency}: ${result.events} events, expected ${events}`,
          );
        seconds[concurrency] = result.seconds;
      }
      sequential.push(events / seconds[1]);
      parallel.push(events / seconds[slices]);
      ratios.push(seconds[1] / seconds[slices]);
      log(
        `latency run ${run + 1}: sequential ${seconds[1].toFixed(2)} s, ${slices} slices ${seconds[slices].toFixed(2)} s`,
      );
    }
  } finally {
    await sim.stop();
  }
  return {
    figures: [
      {
        name: `Kore XO ${events.toLocaleString('en-US')} events, ${latencyMs} ms/request: ${slices} slices vs sequential`,
        unit: 'events/s',
        measured: summarize(parallel),
        baseline: summarize(sequential),
        ratio: summarize(ratios),
        target: { op: '>=', value: 5 },
      },
    ],
    method:
      `Simulator (own process) adds ${latencyMs} ms to every request (\`behavior.latencyMs\`); Kore XO, page size 100, ` +
      `rate limit off on both sides. Both sides are \`core-fetch.mjs\` (fresh process each): \`concurrency: 1\` ` +
      `(sequential keyset paging) vs \`concurrency: ${slices}\` (the range split into ${slices} time slices read in parallel). ` +
      'Ratio = sequential seconds / sliced seconds per run.',
  };
}
