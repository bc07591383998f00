#!/usr/bin/env node
// The simulator in its own process, with the options the benchmarks need that its CLI
// (`auditrelay-simulator`) has no flags for: per-vendor record counts and rate limits.
// Usage: node simulator-process.mjs '<SimulatorOptions as JSON>'
// Prints one JSON line { url, baseUrls, credentials, rss } and stops on SIGTERM/SIGINT.
import { startSimulator } from '@auditrelay/simulator';

// `truthRange` ({ from, to }, not a simulator option): the start-up line also gives, per vendor
// with data, how many records the simulator's default source config reads in that range (a scope
// reads part of its vendor's records), so a benchmark checks every side against the truth.
const { truthRange, ...options } = JSON.parse(process.argv[2] ?? '{}');
const sim = await startSimulator(options);
const truth = truthRange
  ? Object.fromEntries(
      Object.keys(options.data ?? {}).map((vendor) => [
        vendor,
        sim.groundTruthOfSource(vendor, truthRange).length,
      ]),
    )
  : undefined;
process.stdout.write(
  `${JSON.stringify({
    url: sim.url,
    baseUrls: sim.baseUrls,
    credentials: sim.credentials,
    rss: process.memoryUsage().rss,
    ...(truth ? { truth } : {}),
  })}\n`,
);
// Rate-limited responses, reported on request (the rate-limit scenario counts 429s).
process.on('message', (message) => {
  if (message === 'stats') {
    const rateLimited = sim.requests.filter((r) => r.rateLimited).length;
    process.send?.({ requests: sim.requests.length, rateLimited });
  }
});
const stop = () => void sim.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
