#!/usr/bin/env node
// auditrelay-simulator: run the vendor simulator as a standalone server.

import { parseArgs } from 'node:util';
import { startSimulator } from './simulator.js';
import type { SimulatorOptions } from './types.js';
import { VENDORS } from './defaults.js';

const USAGE = `Usage: auditrelay-simulator [--port 4010] [--seed 1] [--count N] [--latency-ms N] [--verbose]

Starts the Kore.ai + UiPath audit-log simulator on 127.0.0.1 and prints one JSON line
{ url, baseUrls, credentials } to stdout. Request logs go to stderr with --verbose.

  --port N        port to listen on (default 0 = any free port)
  --seed S        data seed (default 1)
  --count N       records to pre-generate for every vendor (default: per-vendor defaults)
  --latency-ms N  delay added to every request (default 0)
  --verbose       log every request to stderr
  --help          show this help`;

function fail(message: string): never {
  process.stderr.write(`auditrelay-simulator: ${message}\n\n${USAGE}\n`);
  process.exit(2);
}

function intFlag(
  name: string,
  value: string | undefined,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) > max)
    fail(`--${name} must be a whole number (0..${max}), got "${value}"`);
  return Number(value);
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        seed: { type: 'string' },
        count: { type: 'string' },
        'latency-ms': { type: 'string' },
        verbose: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const options: SimulatorOptions = {};
  const port = intFlag('port', values.port, 65535);
  if (port !== undefined) options.port = port;
  if (values.seed !== undefined)
    options.seed = /^\d+$/.test(values.seed) ? Number(values.seed) : values.seed;
  const count = intFlag('count', values.count);
  if (count !== undefined) {
    options.data = Object.fromEntries(VENDORS.map((v) => [v, { count }]));
  }
  const latencyMs = intFlag('latency-ms', values['latency-ms']);
  if (latencyMs !== undefined) options.behavior = { latencyMs };
  if (values.verbose) options.logger = (line) => process.stderr.write(`${line}\n`);

  const sim = await startSimulator(options);
  process.stdout.write(
    `${JSON.stringify({ url: sim.url, baseUrls: sim.baseUrls, credentials: sim.credentials })}\n`,
  );
  const stop = (): void => {
    void sim.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `auditrelay-simulator: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
