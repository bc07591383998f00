// What the CLI leaves on disk and where it takes its config from, through the real binary: state
// and output files readable by their owner only, a working-directory config that shadows the
// user's is announced, secrets are refused on the command line, downloads are capped.
import { mkdir, mkdtemp, readdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type Simulator } from '@auditrelay/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { simulatorSources } from '../src/simulator-config.js';
import { baseEnv, runCli } from './helpers.js';

const HOUR = 3_600_000;
const now = Date.now();
const span = { start: now - 6 * HOUR, end: now - HOUR };
const LITERAL = `canary-literal-${Math.random().toString(36).slice(2)}`;
let sim: Simulator;
let dir: string;
let config: string;

beforeAll(async () => {
  sim = await startSimulator({
    seed: 'cli-files',
    data: {
      'kore-ai-for-work': { count: 20, ...span },
      'uipath-platform-audit': { count: 200, ...span },
    },
  });
  dir = await mkdtemp(join(tmpdir(), 'auditrelay-cli-files-'));
  config = join(dir, 'auditrelay.config.yaml');
  const sources = simulatorSources(sim, { 'kore-ai4w': { lagSeconds: 0 } }).filter(
    (s) => s.id === 'kore-ai4w' || s.id === 'uipath-pm',
  );
  await writeFile(config, stringify({ sources }));
});
afterAll(() => sim?.close());

const mode = async (path: string) => (await stat(path)).mode & 0o777;

describe('files the CLI writes (real binary)', () => {
  it('tail state files are 0600, their folder 0700, and no temp file is left', async () => {
    const stateDir = join(dir, 'state-new');
    const state = join(stateDir, 'tail.json');
    const result = await runCli(
      ['auditlogs', 'tail', '--source', 'kore-ai4w', '--once', '--state', state, '--from', '6h'],
      { env: baseEnv({ AUDITRELAY_CONFIG: config }) },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(await mode(state)).toBe(0o600);
    expect(await mode(stateDir)).toBe(0o700);
    expect((await readdir(stateDir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('--output files of fetch, tail and download are created 0600', async () => {
    const env = baseEnv({ AUDITRELAY_CONFIG: config });
    const fetched = join(dir, 'fetched.ndjson');
    const tailed = join(dir, 'tailed.ndjson');
    const downloaded = join(dir, 'downloaded.csv');
    for (const args of [
      ['fetch', '--source', 'kore-ai4w', '--from', '6h', '--output', fetched],
      [
        'tail',
        '--source',
        'kore-ai4w',
        '--once',
        '--state',
        join(dir, 's.json'),
        '--output',
        tailed,
      ],
      ['download', '--source', 'uipath-pm', '--size', '5', '--output', downloaded],
    ]) {
      const result = await runCli(['auditlogs', ...args], { env });
      expect(result.code, result.stderr).toBe(0);
    }
    for (const file of [fetched, tailed, downloaded]) expect(await mode(file)).toBe(0o600);
  });

  it('download stops at the source’s maxDownloadMegabytes with a clear error', async () => {
    const result = await runCli(
      [
        'auditlogs',
        'download',
        '--source',
        'id=uipath-pm,options.maxDownloadMegabytes=0.001',
        '--size',
        '200',
        '--output',
        join(dir, 'capped.csv'),
      ],
      { env: baseEnv({ AUDITRELAY_CONFIG: config }) },
    );
    expect(result.code).toBe(7);
    expect(result.stderr).toMatch(/over the 1048-byte limit \(options\.maxDownloadMegabytes\)/);
  });
});

describe('where the config comes from (real binary)', () => {
  it('warns when a working-directory config shadows the user’s own', async () => {
    const home = join(dir, 'xdg');
    await mkdir(join(home, 'auditrelay'), { recursive: true });
    await writeFile(join(home, 'auditrelay', 'config.yaml'), 'sources: []\n');
    const project = join(dir, 'project');
    await mkdir(project, { recursive: true });
    await writeFile(join(project, 'auditrelay.config.yaml'), stringify({ sources: [] }));
    const shadowed = await runCli(['auditlogs', 'sources'], {
      cwd: project,
      env: baseEnv({ XDG_CONFIG_HOME: home }),
    });
    expect(shadowed.stderr).toContain(
      `Warning: using ${join(project, 'auditrelay.config.yaml')} from the working directory; it shadows your config ${join(home, 'auditrelay', 'config.yaml')}.`,
    );
    // Chosen explicitly, or nothing to shadow: no warning.
    const explicit = await runCli(['auditlogs', 'sources', '--config', 'auditrelay.config.yaml'], {
      cwd: project,
      env: baseEnv({ XDG_CONFIG_HOME: home }),
    });
    expect(explicit.stderr).not.toContain('Warning');
    const alone = await runCli(['auditlogs', 'sources'], {
      cwd: project,
      env: baseEnv({ XDG_CONFIG_HOME: join(dir, 'no-such-xdg') }),
    });
    expect(alone.stderr).not.toContain('Warning');
  });

  it('refuses a literal secret in --source credentials, without repeating it', async () => {
    for (const json of [[], ['--json']]) {
      const result = await runCli(
        [
          'auditlogs',
          'fetch',
          '--source',
          `id=inline,type=kore-ai-for-work,baseUrl=${sim.baseUrls['kore-ai-for-work']},credentials.apiKey=${LITERAL}`,
          '--from',
          '1h',
          ...json,
        ],
        { env: baseEnv() },
      );
      expect(result.code).toBe(2);
      expect(result.stdout + result.stderr).toMatch(
        /--source: credentials\.apiKey must reference an environment variable \(credentials\.apiKey=env:NAME\)/,
      );
      expect(result.stdout + result.stderr).not.toContain(LITERAL);
    }
    // The env: form still works.
    const ok = await runCli(
      [
        'auditlogs',
        'fetch',
        '--source',
        `id=inline,type=kore-ai-for-work,baseUrl=${sim.baseUrls['kore-ai-for-work']},credentials.apiKey=env:THE_KEY,options.lagSeconds=0`,
        '--from',
        '6h',
        '--format',
        'ndjson',
      ],
      { env: baseEnv({ THE_KEY: sim.credentials.aiForWork.apiKey }) },
    );
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout.trim().split('\n').length).toBeGreaterThan(0);
  });
});
