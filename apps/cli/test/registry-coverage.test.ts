// The CLI covers every source type of the core's registry: its type list, the config example in
// its help, the filter flags, the download's help and the hint for an unknown type are all
// derived, never retyped.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SOURCE_DEFINITIONS, filterFlag } from '@auditrelay/core';
import { VENDORS } from '@auditrelay/simulator';
import { describe, expect, it } from 'vitest';
import { baseEnv, runCli, startCli, waitFor } from './helpers.js';

describe('the CLI covers every registered source type', () => {
  it('lists each type with its description in `sources --types`', async () => {
    const run = await runCli(['auditlogs', 'sources', '--types', '--json'], { env: baseEnv() });
    expect(run.code, run.stderr).toBe(0);
    const builtIn = (JSON.parse(run.stdout) as Array<{ plugin: string }>).filter(
      (entry) => entry.plugin === 'built in',
    );
    expect(builtIn).toEqual(
      SOURCE_DEFINITIONS.map(({ type, description }) => ({
        type,
        description,
        plugin: 'built in',
      })),
    );
  });

  it('shows a config example of each type in `sources --help`', async () => {
    const run = await runCli(['auditlogs', 'sources', '--help'], { env: baseEnv() });
    expect(run.code, run.stderr).toBe(0);
    for (const { type } of SOURCE_DEFINITIONS) expect(run.stdout).toContain(`type: ${type}\n`);
  });

  it('has a flag for each vendor filter in `fetch --help`, named after the types that have it', async () => {
    const run = await runCli(['auditlogs', 'fetch', '--help'], {
      env: baseEnv({ COLUMNS: '400' }),
    });
    expect(run.code, run.stderr).toBe(0);
    const filters = SOURCE_DEFINITIONS.flatMap((definition) =>
      definition.filters.map((filter) => ({ definition, filter })),
    );
    expect(filters.length).toBeGreaterThan(0);
    for (const { definition, filter } of filters) {
      const line = run.stdout.split('\n').find((text) => text.includes(`--${filterFlag(filter)}=`));
      expect(line, `--${filterFlag(filter)}`).toContain(definition.displayName);
    }
  });

  it('names the products with a download, and only those, in `download --help`', async () => {
    const run = await runCli(['auditlogs', 'download', '--help'], {
      env: baseEnv({ COLUMNS: '400' }),
    });
    expect(run.code, run.stderr).toBe(0);
    const summary = run.stdout.split('\n').find((line) => line.startsWith('Download'));
    const downloads = SOURCE_DEFINITIONS.filter(({ capabilities }) => capabilities.download);
    expect(downloads.length).toBeGreaterThan(0);
    for (const { displayName, capabilities } of SOURCE_DEFINITIONS)
      expect(summary?.includes(displayName), displayName).toBe(capabilities.download);
  });

  it('names every type when a config uses an unknown one', async () => {
    const run = await runCli(
      ['auditlogs', 'fetch', '--source', 'id=x,type=acme-audit,baseUrl=https://acme.example'],
      { env: baseEnv() },
    );
    expect(run.code).toBe(3);
    for (const { type } of SOURCE_DEFINITIONS) expect(run.stderr).toContain(type);
  });

  it('writes a source of every simulated vendor, each without lag, in `simulator --write-config`', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'auditrelay-simulator-'));
    const file = join(dir, 'auditrelay.config.json');
    const { child, output, exited } = startCli([
      'simulator',
      '--port',
      '0',
      '--write-config',
      file,
    ]);
    try {
      await waitFor(() => output.stdout.includes('"url"'), 30_000, 'the simulator to start');
      const { sources } = JSON.parse(await readFile(file, 'utf8')) as {
        sources: Array<{ type: string; options: { lagSeconds?: number } }>;
      };
      expect(sources.map(({ type }) => type)).toEqual([...VENDORS]);
      for (const source of sources) expect(source.options.lagSeconds, source.type).toBe(0);
    } finally {
      child.kill('SIGTERM');
      await exited;
      await rm(dir, { recursive: true, force: true });
    }
  });
});
