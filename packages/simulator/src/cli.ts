#!/usr/bin/env node
// auditrelay-simulator: run the vendor simulator as a standalone server.

import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { SIMULATED_VENDORS } from './defaults.js';
import { mergeProfile, nonDefaultSwitches } from './profiles.js';
import { startSimulator } from './simulator.js';
import type { ProfileOption, SimulatorOptions } from './types.js';

const USAGE = `Usage: auditrelay-simulator [--port 4010] [--seed 1] [--count N] [--latency-ms N]
                            [--profile documented|random:<seed>|<file.json>] [--verbose]

Starts the Kore.ai + UiPath audit-log simulator on 127.0.0.1 and prints one JSON line
{ url, baseUrls, credentials } to stdout; with --profile also "profile": the switches that
differ from the documented behaviour. Request logs go to stderr with --verbose.

  --port N        port to listen on (default 0 = any free port)
  --seed S        data seed (default 1)
  --count N       records to pre-generate for every vendor (default: per-vendor defaults)
  --latency-ms N  delay added to every request (default 0)
  --profile P     how the servers answer what the vendor docs leave open: documented (default),
                  random:<seed> (every switch drawn from the seed), or a JSON file holding a
                  behavior object, e.g. {"koreXo":{"sort":"time-desc","maxSize":37}}
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

function profileFlag(value: string): ProfileOption {
  if (value === 'documented') return 'documented';
  const random = /^random:(.+)$/.exec(value);
  if (random) {
    const seed = random[1]!;
    return { seed: /^\d+$/.test(seed) ? Number(seed) : seed };
  }
  let text: string;
  try {
    text = readFileSync(value, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    fail(
      `--profile must be documented, random:<seed> or a readable JSON file; cannot read "${value}" (${code})`,
    );
  }
  try {
    return JSON.parse(text) as ProfileOption;
  } catch (error) {
    fail(
      `--profile ${value}: not valid JSON (${error instanceof Error ? error.message : String(error)})`,
    );
  }
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
        profile: { type: 'string' },
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
    options.data = Object.fromEntries(SIMULATED_VENDORS.map((v) => [v, { count }]));
  }
  const latencyMs = intFlag('latency-ms', values['latency-ms']);
  if (latencyMs !== undefined) options.behavior = { latencyMs };
  if (values.profile !== undefined) options.profile = profileFlag(values.profile);
  try {
    mergeProfile(options.profile, options.behavior);
  } catch (error) {
    fail(`--profile ${values.profile}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (values.verbose) options.logger = (line) => process.stderr.write(`${line}\n`);

  const sim = await startSimulator(options);
  process.stdout.write(
    `${JSON.stringify({
      url: sim.url,
      baseUrls: sim.baseUrls,
      credentials: sim.credentials,
      // Only with --profile: without it every switch is documented.
      ...(options.profile === undefined ? {} : { profile: nonDefaultSwitches(sim.behavior) }),
    })}\n`,
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
