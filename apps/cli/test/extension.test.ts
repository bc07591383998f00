import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawn } from 'node:child_process';
import { startSimulator, type Simulator } from '@auditrelay/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseEnv, runCli, type RunResult } from './helpers.js';

const EXAMPLE_PLUGIN = fileURLToPath(new URL('../../oclif-example-plugin', import.meta.url));
const AUDITLOGS_PLUGIN = fileURLToPath(new URL('../../../packages/oclif-plugin', import.meta.url));
const MINIMAL_HOST_BIN = fileURLToPath(
  new URL('../../minimal-oclif-host/bin/run.js', import.meta.url),
);

let dir: string;
let sim: Simulator;
const env = (extra: Record<string, string> = {}) =>
  baseEnv({
    AUDITRELAY_DATA_DIR: join(dir, 'data'),
    MINIHOST_DATA_DIR: join(dir, 'host-data'),
    OCLIF_DISABLE_LINKED_ESM_WARNING: '1',
    ...extra,
  });

function runHost(args: string[], extra: Record<string, string> = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MINIMAL_HOST_BIN, ...args], {
      env: env(extra),
      cwd: dir,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'auditrelay-ext-'));
  sim = await startSimulator({
    seed: 'extension',
    data: {
      'kore-ai-for-work': {
        count: 120,
        start: Date.now() - 48 * 3_600_000,
        end: Date.now() - 3_600_000,
      },
    },
  });
});
afterAll(() => sim?.close());

describe('an oclif plugin that extends auditlogs', () => {
  it('adds a source type and an output format through the register hook', async () => {
    const link = await runCli(['plugins', 'link', EXAMPLE_PLUGIN, '--no-install'], { env: env() });
    expect(link.code, link.stderr).toBe(0);

    const types = await runCli(['auditlogs', 'sources', '--types', '--json'], { env: env() });
    const list = JSON.parse(types.stdout) as Array<{ type: string; plugin: string }>;
    expect(list).toContainEqual(
      expect.objectContaining({
        type: 'ndjson-file',
        plugin: '@auditrelay-examples/plugin-ndjson-source',
      }),
    );

    // Export events from a built-in source, then replay them through the extension's source.
    const config = join(dir, 'auditrelay.config.json');
    await writeFile(
      config,
      JSON.stringify({
        sources: [
          {
            id: 'ai4w',
            type: 'kore-ai-for-work',
            baseUrl: sim.baseUrls['kore-ai-for-work'],
            credentials: { apiKey: sim.credentials.aiForWork.apiKey },
          },
          { id: 'archive', type: 'ndjson-file', options: { path: 'archive.ndjson' } },
        ],
      }),
    );
    const exported = await runCli(
      [
        'auditlogs',
        'fetch',
        '--config',
        config,
        '--source',
        'ai4w',
        '--from',
        '3d',
        '--format',
        'ndjson',
        '--output',
        join(dir, 'archive.ndjson'),
      ],
      { env: env() },
    );
    expect(exported.code, exported.stderr).toBe(0);
    const archived = (await readFile(join(dir, 'archive.ndjson'), 'utf8')).trim().split('\n');
    expect(archived).toHaveLength(sim.groundTruth('kore-ai-for-work').length);

    const replay = await runCli(
      [
        'auditlogs',
        'fetch',
        '--config',
        config,
        '--source',
        'archive',
        '--from',
        '3d',
        '--format',
        'markdown',
      ],
      { env: env() },
    );
    expect(replay.code, replay.stderr).toBe(0);
    const rows = replay.stdout.trim().split('\n');
    expect(rows[0]).toBe('| Time (UTC) | Source | Actor | Action | Category |');
    expect(rows).toHaveLength(archived.length + 2);

    const badOptions = await runCli(
      ['auditlogs', 'fetch', '--config', config, '--source', 'id=archive,options.path='],
      { env: env() },
    );
    expect(badOptions.code).toBe(3);
    expect(badOptions.stderr).toContain(
      '(id "archive"): options.path: expected the path of an NDJSON file',
    );
  });
});

describe('the plugin inside a foreign oclif CLI', () => {
  it('installs with `plugins link` and runs commands through that host', async () => {
    const link = await runHost(['plugins', 'link', AUDITLOGS_PLUGIN, '--no-install']);
    expect(link.code, link.stderr).toBe(0);
    const inline = `id=ai,type=kore-ai-for-work,baseUrl=${sim.baseUrls['kore-ai-for-work']},credentials.apiKey=env:AI_KEY`;
    const fetched = await runHost(
      ['auditlogs', 'fetch', '--source', inline, '--from', '3d', '--format', 'ndjson'],
      { AI_KEY: sim.credentials.aiForWork.apiKey },
    );
    expect(fetched.code, fetched.stderr).toBe(0);
    expect(fetched.stdout.trim().split('\n')).toHaveLength(
      sim.groundTruth('kore-ai-for-work').length,
    );
    const failing = await runHost(
      ['auditlogs', 'fetch', '--source', inline, '--from', '3d', '--json'],
      { AI_KEY: 'not-the-key' },
    );
    expect(failing.code).toBe(4);
    expect(JSON.parse(failing.stdout)).toMatchObject({
      error: { code: 'AUTH_FAILED', exitCode: 4 },
    });
  });
});
