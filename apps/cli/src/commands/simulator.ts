import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Command, Flags } from '@oclif/core';
import { simulatorSources } from '../simulator-config.js';

/**
 * No lag (the default waits a minute for a vendor's late arrivals): `auditlogs tail` shows what
 * --append-every adds at once.
 */
const withoutLag = (source: Record<string, unknown>) => ({
  ...source,
  options: { ...(source.options as Record<string, unknown>), lagSeconds: 0 },
});

export default class SimulatorCommand extends Command {
  static summary = 'Start the local Kore.ai/UiPath audit API simulator and keep it running.';

  static description = `Serves every simulated vendor's audit API and UiPath's token endpoint on loopback with
deterministic data. --write-config writes a config file whose sources point at it, so any
auditlogs command can be tried without vendor accounts. Stop with Ctrl-C.`;

  static examples = [
    '<%= config.bin %> <%= command.id %> --port 4010 --write-config auditrelay.config.json',
    '<%= config.bin %> <%= command.id %> --count 100000 --append-every 5',
  ];

  static flags = {
    port: Flags.integer({
      char: 'p',
      summary: 'Port on 127.0.0.1 (0 = any free port).',
      default: 4010,
      min: 0,
      max: 65_535,
    }),
    seed: Flags.string({ summary: 'Seed of the simulated data.', default: '1' }),
    count: Flags.integer({ summary: 'Records per source.', min: 1 }),
    'write-config': Flags.string({
      summary: 'Write an auditrelay config file pointing at the simulator.',
    }),
    'append-every': Flags.integer({
      summary:
        'Append a few new records to every source each N seconds (to watch `auditlogs tail`).',
      min: 1,
    }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(SimulatorCommand);
    const { startSimulator, VENDORS } = await import('@auditrelay/simulator');
    const sim = await startSimulator({
      port: flags.port,
      seed: flags.seed,
      ...(flags.count
        ? { data: Object.fromEntries(VENDORS.map((v) => [v, { count: flags.count }])) }
        : {}),
    });
    if (flags['write-config']) {
      const path = resolve(flags['write-config']);
      await writeFile(
        path,
        `${JSON.stringify({ sources: simulatorSources(sim).map(withoutLag) }, null, 2)}\n`,
      );
      this.logToStderr(`Wrote ${path}`);
    }
    this.log(JSON.stringify({ url: sim.url, baseUrls: sim.baseUrls }));
    const timer = flags['append-every']
      ? setInterval(() => {
          for (const vendor of VENDORS) sim.append(vendor, 3);
        }, flags['append-every'] * 1000)
      : undefined;
    await new Promise<void>((done) => {
      process.once('SIGINT', done);
      process.once('SIGTERM', done);
    });
    if (timer) clearInterval(timer);
    await sim.close();
  }
}
