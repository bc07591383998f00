// 3. Rate-limit bound: a scaled Kore.ai budget on the simulator and the client; achieved events/s
// vs the fastest schedule the budget allows, and the 429s the simulator sent.
import {
  DATA_END,
  DATA_START,
  log,
  runClient,
  simulatorSource,
  startSimulatorProcess,
  summarize,
} from '../lib.mjs';

/** Kore.ai's documented budget (60/min, 1800/h) with time divided by `scale`. */
export function scaledKoreBudget(scale) {
  return [
    { limit: 60, windowMs: 60_000 / scale },
    { limit: 1800, windowMs: 3_600_000 / scale },
  ];
}

/**
 * The earliest start time (ms after the first) of request number `requests` - 1 when every
 * rolling window allows at most `limit` requests: request k waits for request k - limit + 1's
 * window to pass (a server counting arrivals in (t - W, t] accepts it at exactly t_{k-limit} + W).
 */
export function fastestSchedule(requests, windows) {
  const starts = [];
  for (let k = 0; k < requests; k++) {
    let t = 0;
    for (const { limit, windowMs } of windows)
      if (k >= limit) t = Math.max(t, starts[k - limit] + windowMs);
    starts.push(t);
  }
  return starts.at(-1) ?? 0;
}

export async function rateLimit({ requests, runs, scale = 20 }) {
  const vendor = 'kore-xo-admin-console';
  const pageSize = 100;
  // One request more than the pages, so the last page is full and the walk stops on a short one.
  const events = (requests - 1) * pageSize + 50;
  const windows = scaledKoreBudget(scale);
  const boundSeconds = fastestSchedule(requests, windows) / 1000;
  const achieved = [];
  const ratios = [];
  const rejected = [];
  for (let run = 0; run < runs; run++) {
    // A fresh simulator per run: its windows start empty, like the client's.
    const sim = await startSimulatorProcess({
      seed: 'bench',
      data: { [vendor]: { count: events, start: DATA_START, end: DATA_END } },
      rateLimits: { [vendor]: { windows, retryAfter: 'seconds' } },
    });
    try {
      const source = simulatorSource(sim, vendor, { pageSize });
      const result = await runClient('core-fetch.mjs', {
        source,
        from: DATA_START,
        to: DATA_END,
        rateLimit: windows,
      });
      const stats = await sim.stats();
      if (result.events !== events) throw new Error(`${result.events} events, expected ${events}`);
      achieved.push(events / result.seconds);
      ratios.push(boundSeconds / result.seconds);
      rejected.push(stats.rateLimited);
      log(
        `rate-limit run ${run + 1}: ${result.seconds.toFixed(2)} s (bound ${boundSeconds.toFixed(2)} s), ${stats.requests} requests, ${stats.rateLimited} 429s`,
      );
    } finally {
      await sim.stop();
    }
  }
  return {
    figures: [
      {
        name: `Kore XO budget / ${scale} (${windows.map((w) => `${w.limit} per ${w.windowMs / 1000} s`).join(', ')}), ${requests} requests`,
        unit: 'events/s',
        measured: summarize(achieved),
        baseline: summarize(achieved.map(() => events / boundSeconds)),
        ratio: summarize(ratios),
        target: { op: '>=', value: 0.95 },
        extra: { rateLimitedResponses: rejected, boundSeconds },
      },
    ],
    method:
      `Kore.ai's documented budget (60 per minute and 1800 per hour) with time divided by ${scale}, enforced by the simulator ` +
      `(\`rateLimits\`, own process, fresh per run) and given to the core's client-side limiter (\`rateLimit\` source ` +
      `dependency, its defaults: a request leaves the client's window one window after its answer came). ${events.toLocaleString('en-US')} ` +
      `Kore XO events in ${requests} pages of ${pageSize}, sequential. Bound = the earliest time the last request can start ` +
      'when every request leaves as soon as every rolling window allows (computed, `fastestSchedule` in bench/src/scenarios/rate-limit.mjs); ' +
      "ratio = bound seconds / achieved seconds. 429s are counted from the simulator's request log.",
  };
}
