// Measured client: @auditrelay/core `fetchEvents` over one source, every event normalized and
// written as NDJSON (with backpressure) to a file. Run as its own process by the harness.
// Usage: node core-fetch.mjs '{"source":{…},"from":…,"to":…,"concurrency":1,"rateLimit":false,"output":"/dev/null"}'
// Prints one JSON line: { events, pages, seconds }.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createSource, fetchEvents } from '@auditrelay/core';

const job = JSON.parse(process.argv[2]);
const started = performance.now();
const source = createSource(
  job.source,
  job.rateLimit === undefined ? {} : { rateLimit: job.rateLimit },
);
const out = createWriteStream(job.output ?? '/dev/null');
let events = 0;
let pages = 0;
for await (const event of fetchEvents(source, {
  from: job.from,
  to: job.to,
  concurrency: job.concurrency ?? 1,
  onPage: () => pages++,
})) {
  events++;
  if (!out.write(`${JSON.stringify(event)}\n`)) await once(out, 'drain');
}
out.end();
await once(out, 'finish');
const seconds = (performance.now() - started) / 1000;
await source.close();
process.stdout.write(`${JSON.stringify({ events, pages, seconds })}\n`);
