#!/usr/bin/env node
// `pnpm bench [--quick] [--only a,b] [--out <dir>]`: runs the scenarios side by side with their
// baselines and writes the results (JSON) and the report (Markdown). No timing is asserted: a
// missed target is reported, and the exit code is non-zero only when the harness itself breaks.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, freemem, platform, release, totalmem } from 'node:os';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { BENCH_DIR, REPO, log } from './lib.mjs';
import { backstage } from './scenarios/backstage.mjs';
import { backstageScale } from './scenarios/backstage-scale.mjs';
import { memory, startup } from './scenarios/cli.mjs';
import { latency } from './scenarios/latency.mjs';
import { n8n } from './scenarios/n8n.mjs';
import { rateLimit } from './scenarios/rate-limit.mjs';
import { throughput, throughputLatency } from './scenarios/throughput.mjs';
import { renderReport } from './report.mjs';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    out: { type: 'string' },
    // Re-render the Markdown from the last results JSON (after editing bench/findings.md).
    render: { type: 'boolean', default: false },
  },
  allowPositionals: false,
});

const quick = values.quick;
/** Sizes: --quick only proves the harness works; the full run is what docs/benchmarks.md shows. */
const SIZES = quick
  ? {
      throughput: { events: 5_000, runs: 2 },
      'throughput-latency': { events: 2_000, runs: 1 },
      latency: { events: 2_000, runs: 2 },
      'rate-limit': { requests: 70, runs: 1 },
      memory: { sizes: [2_000, 10_000], runs: 1 },
      startup: { runs: 5 },
      backstage: { events: 5_000, queries: 20 },
      'backstage-scale': { pg: 20_000, sqlite: 20_000, pool: 1_000, repeats: 3 },
      n8n: { events: 2_000, runs: 1 },
    }
  : {
      throughput: { events: 200_000, runs: 3 },
      'throughput-latency': { events: 50_000, runs: 3 },
      latency: { events: 20_000, runs: 3 },
      'rate-limit': { requests: 400, runs: 3 },
      memory: { sizes: [100_000, 1_000_000], runs: 3 },
      startup: { runs: 20 },
      backstage: { events: 1_000_000, queries: 100 },
      'backstage-scale': { pg: 5_000_000, sqlite: 1_000_000, pool: 20_000, repeats: 20 },
      n8n: { events: 100_000, runs: 3 },
    };

// Sizes of the Backstage scenarios for a full run on a slower machine, stated in every figure's
// name: AUDIT_LOGS_BENCH_EVENTS (scenario 6) and AUDIT_LOGS_BENCH_SCALE="pg=2000000,sqlite=1000000".
if (process.env.AUDIT_LOGS_BENCH_EVENTS)
  SIZES.backstage.events = Number(process.env.AUDIT_LOGS_BENCH_EVENTS);
for (const pair of process.env.AUDIT_LOGS_BENCH_SCALE?.split(',') ?? []) {
  const [engine, n] = pair.split('=');
  SIZES['backstage-scale'][engine] = Number(n);
}

const SCENARIOS = [
  ['throughput', '1. Throughput', throughput],
  ['throughput-latency', '1b. Throughput at 10 ms/request', throughputLatency],
  ['latency', '2. Latency-bound backfill', latency],
  ['rate-limit', '3. Rate-limit bound', rateLimit],
  ['memory', '4. Memory (CLI)', memory],
  ['startup', '5. Start-up (CLI)', startup],
  ['backstage', '6. Backstage query and ingestion', backstage],
  ['n8n', '7. n8n', n8n],
  ['backstage-scale', '8. Backstage at scale (queries)', backstageScale],
];

const only = values.only?.split(',');
const outDir = values.out ?? (quick ? join(BENCH_DIR, 'results/quick') : join(REPO, 'docs'));

function machine() {
  const cpu = cpus();
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: REPO,
      encoding: 'utf8',
    }).trim();
  } catch {
    // not a git checkout
  }
  return {
    cpu: cpu[0]?.model ?? 'unknown',
    cores: cpu.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    freeMemoryGiB: Math.round(freemem() / 2 ** 30),
    os: `${platform()} ${release()}`,
    node: process.version,
    date: new Date().toISOString(),
    commit,
  };
}

const jsonFile = join(outDir, quick ? 'benchmarks-quick.json' : 'benchmarks.json');
const mdFile = join(outDir, quick ? 'benchmarks-quick.md' : 'benchmarks.md');
// --render and --only start from the last results: --only replaces just the scenarios it names.
const previous =
  (values.render || only) && existsSync(jsonFile)
    ? JSON.parse(readFileSync(jsonFile, 'utf8'))
    : undefined;
const results = previous ?? {
  mode: quick ? 'quick' : 'full',
  machine: machine(),
  sizes: SIZES,
  scenarios: [],
};
if (only && previous) results.scenarios = results.scenarios.filter((s) => !only.includes(s.id));
const order = (scenario) => SCENARIOS.findIndex(([id]) => id === scenario.id);
let broken = false;
/** The repository's prettier (a root dev dependency), so the written files pass `pnpm lint`. */
async function formatted(file, text) {
  try {
    const prettier = await import('prettier');
    const options = (await prettier.resolveConfig(file)) ?? {};
    return await prettier.format(text, { ...options, filepath: file });
  } catch {
    return text;
  }
}
async function save() {
  mkdirSync(outDir, { recursive: true });
  if (!values.render)
    writeFileSync(jsonFile, await formatted(jsonFile, `${JSON.stringify(results, null, 2)}\n`));
  const findings = readFileSync(join(BENCH_DIR, 'findings.md'), 'utf8');
  const report = renderReport(results, { findings, jsonFile: relative(outDir, jsonFile) });
  writeFileSync(mdFile, await formatted(mdFile, report));
}
for (const [id, title, run] of values.render ? [] : SCENARIOS) {
  if (only && !only.includes(id)) continue;
  log(`${title}…`);
  const started = performance.now();
  try {
    const result = await run(SIZES[id]);
    results.scenarios.push({
      id,
      title,
      status: result.skipped ? 'skipped' : 'ok',
      seconds: (performance.now() - started) / 1000,
      ...(previous ? { measuredAt: new Date().toISOString(), sizes: SIZES[id] } : {}),
      ...result,
    });
    results.scenarios.sort((a, b) => order(a) - order(b));
    if (result.skipped) log(`${title}: skipped (${result.skipped})`);
    await save(); // after every scenario, so a long run stopped midway keeps what it measured
  } catch (error) {
    broken = true;
    log(`${title} failed: ${error instanceof Error ? error.stack : String(error)}`);
    results.scenarios.push({
      id,
      title,
      status: 'error',
      error: String(error instanceof Error ? error.message : error),
    });
    await save();
  }
}

await save();
log(`wrote ${relative(REPO, mdFile)} and ${relative(REPO, jsonFile)}`);
process.exitCode = broken ? 1 : 0;
