// Measured client: @auditrelay/core `fetchEvents` over one source, every event normalized and
// written as NDJSON (in 64 KiB chunks, with backpressure) to a file. Run as its own process by the harness.
// Usage: node core-fetch.mjs '{"source":{…},"from":…,"to":…,"concurrency":1,"rateLimit":false,"output":"/dev/null"}'
// Prints one JSON line: { events, pages, seconds, cpuSeconds }.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
const job = JSON.parse(process.argv[2]);
// `coreModule`: another build of the core (a before/after comparison, see bench/src/ab-core.mjs).
const { createSource, fetchEvents } = await import(job.coreModule ?? '@auditrelay/core');
const started = performance.now();
const source = createSource(
  job.source,
  job.rateLimit === undefined ? {} : { rateLimit: job.rateLimit },
);
// A 1 MiB buffer: the file system writes on its own thread while the next page is processed,
// instead of the client pausing for every 64 KiB chunk to drain.
// `output: 'none'` counts the events without serializing them (the core's own cost alone).
const serialize = job.output !== 'none';
const out = createWriteStream(serialize ? (job.output ?? '/dev/null') : '/dev/null', {
  highWaterMark: 1 << 20,
});
let events = 0;
let pages = 0;
const stream = fetchEvents(source, {
  from: job.from,
  to: job.to,
  concurrency: job.concurrency ?? 1,
  onPage: () => pages++,
});
// Lines are handed to the stream in chunks of about 64 KiB, not one write per event.
let chunk = '';
const flush = async () => {
  const full = !out.write(chunk);
  chunk = '';
  if (full) await once(out, 'drain');
};
if (stream.batches) {
  // A page of events at a time, as the CLI and the n8n node take them.
  for await (const batch of stream.batches()) {
    events += batch.length;
    if (!serialize) continue;
    for (const event of batch) chunk += `${JSON.stringify(event)}\n`;
    if (chunk.length >= 65_536) await flush();
  }
} else {
  // A core from before `batches()`: one event at a time.
  for await (const event of stream) {
    events++;
    if (!serialize) continue;
    chunk += `${JSON.stringify(event)}\n`;
    if (chunk.length >= 65_536) await flush();
  }
}
out.end(chunk);
await once(out, 'finish');
const seconds = (performance.now() - started) / 1000;
await source.close();
// CPU seconds of this process (user + system): what the client itself spent, whatever else ran.
const cpu = process.cpuUsage();
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
process.stdout.write(`${JSON.stringify({ events, pages, seconds, cpuSeconds })}\n`);
