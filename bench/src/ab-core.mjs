#!/usr/bin/env node
// Before/after for a core change: `core-fetch.mjs` with another build of @auditrelay/core (its
// dist copied with a package.json and a node_modules link to packages/core/node_modules) vs the
// workspace build, alternating, on the throughput scenario's data.
// Usage: node bench/src/ab-core.mjs <path to other dist/index.mjs> [events] [runs]
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import {
  DATA_END,
  DATA_START,
  log,
  runClient,
  simulatorSource,
  startSimulatorProcess,
  summarize,
} from './lib.mjs';

const [other, eventsArg = '100000', runsArg = '5'] = process.argv.slice(2);
const events = Number(eventsArg);
const runs = Number(runsArg);
const coreModule = pathToFileURL(resolve(other)).href;
const vendors = [
  ['kore-xo-admin-console', 100],
  ['uipath-orchestrator-odata', 1000],
];
const sim = await startSimulatorProcess({
  seed: 'bench',
  data: Object.fromEntries(
    vendors.map(([v]) => [v, { count: events, start: DATA_START, end: DATA_END }]),
  ),
  rateLimits: { 'kore-xo-admin-console': false },
});
try {
  for (const [vendor, pageSize] of vendors) {
    const job = {
      source: simulatorSource(sim, vendor, { pageSize }),
      from: DATA_START,
      to: DATA_END,
      rateLimit: false,
    };
    const before = [];
    const after = [];
    const cpu = { before: [], after: [] };
    for (let run = 0; run < runs; run++) {
      for (const side of run % 2 ? ['after', 'before'] : ['before', 'after']) {
        const result = await runClient(
          'core-fetch.mjs',
          side === 'before' ? { ...job, coreModule } : job,
        );
        (side === 'before' ? before : after).push(result.events / result.seconds);
        cpu[side].push(result.cpuSeconds);
      }
    }
    const b = summarize(before);
    const a = summarize(after);
    log(
      `${vendor}: before ${Math.round(b.median)}/s (±${(b.spread * 50).toFixed(0)}%), after ${Math.round(a.median)}/s (±${(a.spread * 50).toFixed(0)}%): ×${(a.median / b.median).toFixed(2)}; ` +
        `client CPU before ${summarize(cpu.before).median.toFixed(2)} s, after ${summarize(cpu.after).median.toFixed(2)} s`,
    );
  }
} finally {
  await sim.stop();
}
