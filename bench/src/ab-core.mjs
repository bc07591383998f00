#!/usr/bin/env node
// Before/after for a core change: `core-fetch.mjs` with another build of @auditrelay/core (its
// dist copied with a package.json and a node_modules link to packages/core/node_modules) vs the
// workspace build, alternating, on the throughput scenario's data, with and without the NDJSON
// output, and the bare loop beside them for the client CPU ratio.
// Usage: node bench/src/ab-core.mjs <path to other dist/index.mjs> [events] [runs] [vendor,…]
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { log, runClient, summarize } from './lib.mjs';
import {
  THROUGHPUT_SOURCES,
  startThroughputSimulator,
  throughputJobs,
} from './scenarios/throughput.mjs';

const [other, eventsArg = '100000', runsArg = '5', only] = process.argv.slice(2);
const events = Number(eventsArg);
const runs = Number(runsArg);
const coreModule = pathToFileURL(resolve(other)).href;
const sim = await startThroughputSimulator(events);
const m = (values) => summarize(values).median;
try {
  for (const [vendor, options] of THROUGHPUT_SOURCES) {
    if (only && !only.split(',').includes(vendor)) continue;
    const jobs = throughputJobs(sim, vendor, options);
    const sides = {
      bare: () => runClient('bare-fetch.mjs', jobs.bare),
      before: () => runClient('core-fetch.mjs', { ...jobs.core, coreModule }),
      after: () => runClient('core-fetch.mjs', jobs.core),
      beforeOnly: () => runClient('core-fetch.mjs', { ...jobs.coreOnly, coreModule }),
      afterOnly: () => runClient('core-fetch.mjs', jobs.coreOnly),
    };
    const rate = Object.fromEntries(Object.keys(sides).map((k) => [k, []]));
    const cpu = Object.fromEntries(Object.keys(sides).map((k) => [k, []]));
    for (let run = 0; run < runs; run++) {
      const order = Object.keys(sides);
      for (let i = 0; i < run % order.length; i++) order.push(order.shift());
      for (const side of order) {
        const result = await sides[side]();
        if (result.events !== sim.truth[vendor])
          throw new Error(
            `${side} ${vendor}: ${result.events} events, expected ${sim.truth[vendor]}`,
          );
        rate[side].push(result.events / result.seconds);
        cpu[side].push(result.cpuSeconds);
      }
    }
    const line = (b, a) =>
      `${Math.round(m(rate[b]))} → ${Math.round(m(rate[a]))}/s (×${(m(rate[a]) / m(rate[b])).toFixed(2)}), ` +
      `CPU ${m(cpu[b]).toFixed(2)} → ${m(cpu[a]).toFixed(2)} s, ` +
      `CPU ratio ${(m(cpu[b]) / m(cpu.bare)).toFixed(2)}× → ${(m(cpu[a]) / m(cpu.bare)).toFixed(2)}×`;
    log(
      `${vendor} (${events} events, ${runs} runs; bare ${Math.round(m(rate.bare))}/s, CPU ${m(cpu.bare).toFixed(2)} s)\n` +
        `  NDJSON:         ${line('before', 'after')}\n` +
        `  not serialized: ${line('beforeOnly', 'afterOnly')}`,
    );
  }
} finally {
  await sim.stop();
}
