import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, Flags } from '@oclif/core';
import { simulatorSources } from '../simulator-config.js';

export default class Demo extends Command {
  static summary =
    'Run the main job against the embedded vendor simulator: fetch every source and summarize.';

  static description = `Starts the local simulator of the Kore.ai and UiPath audit APIs, writes a temporary config
pointing at it, and runs \`auditlogs fetch --summary\` over the last 30 days. With a real config,
the same fetch command talks to the real vendors.`;

  static examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --count 20000',
  ];

  static flags = {
    count: Flags.integer({
      summary: 'Records the simulator generates per source.',
      default: 2000,
      min: 1,
    }),
    seed: Flags.string({ summary: 'Seed of the simulated data.', default: 'demo' }),
    samples: Flags.integer({ summary: 'Sample events to show per source.', default: 2, min: 0 }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Demo);
    const { startSimulator, VENDORS } = await import('@auditrelay/simulator');
    // Every vendor over the 30 days the demo reads (the unified API's organization and tenant
    // events share its count; the demo reads the organization's).
    const end = Date.now();
    const sim = await startSimulator({
      seed: flags.seed,
      data: Object.fromEntries(
        VENDORS.map((v) => [v, { count: flags.count, start: end - 30 * 86_400_000, end }]),
      ),
    });
    const dir = await mkdtemp(join(tmpdir(), 'auditrelay-demo-'));
    try {
      const configPath = join(dir, 'auditrelay.config.json');
      await writeFile(configPath, JSON.stringify({ sources: simulatorSources(sim) }, null, 2));
      this.log(`Simulator at ${sim.url}; config ${configPath}\n`);
      await this.config.runCommand('auditlogs:fetch', [
        '--config',
        configPath,
        '--from',
        '30d',
        '--summary',
        '--samples',
        String(flags.samples),
      ]);
    } finally {
      await sim.close();
      await rm(dir, { recursive: true, force: true });
    }
  }
}
