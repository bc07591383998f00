#!/usr/bin/env node
// The simulator in its own process, with the options the benchmarks need that its CLI
// (`auditrelay-simulator`) has no flags for: per-vendor record counts and rate limits.
// Usage: node simulator-process.mjs '<SimulatorOptions as JSON>'
// Prints one JSON line { url, baseUrls, credentials, rss } and stops on SIGTERM/SIGINT.
import { startSimulator } from '@auditrelay/simulator';

const options = JSON.parse(process.argv[2] ?? '{}');
const sim = await startSimulator(options);
process.stdout.write(
  `${JSON.stringify({
    url: sim.url,
    baseUrls: sim.baseUrls,
    credentials: sim.credentials,
    rss: process.memoryUsage().rss,
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
