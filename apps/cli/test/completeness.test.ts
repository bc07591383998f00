// Completeness through the real binary: every fetch says on stderr (and inside --json) how it
// showed nothing was missing; a read that cannot show it exits 9 keeping what it wrote; probe
// measures a tenant that makes other choices than the docs' and --write keeps what it measured.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type Simulator } from '@auditrelay/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulatorSources } from '../src/simulator-config.js';
import { baseEnv, runCli } from './helpers.js';

const HOUR = 3_600_000;
const now = Date.now();
const span = { start: now - 4 * 24 * HOUR, end: now - HOUR };
const FROM = new Date(span.start).toISOString();
const TO = new Date(span.end).toISOString();

let sim: Simulator;
let dir: string;
let configPath: string;
const env = () => baseEnv({ AUDITRELAY_CONFIG: configPath, XDG_STATE_HOME: join(dir, 'state') });

beforeAll(async () => {
  // A tenant that caps Kore XO pages at 37 and sorts them newest first, and cuts AI for Work
  // answers at 137: choices the vendors' docs leave open.
  sim = await startSimulator({
    seed: 'cli-completeness',
    data: {
      'kore-xo-admin-console': { count: 400, ...span },
      'kore-ai-for-work': { count: 400, ...span },
    },
    profile: { koreXo: { maxSize: 37, sort: 'time-desc' }, aiForWork: { hardCap: 137 } },
    rateLimits: { 'kore-xo-admin-console': false },
  });
  dir = await mkdtemp(join(tmpdir(), 'auditrelay-cli-completeness-'));
  configPath = join(dir, 'auditrelay.config.yaml');
  const [xo, ai4w] = simulatorSources(sim);
  const { stringify } = await import('yaml');
  await writeFile(
    configPath,
    `# kept as written by --write\n${stringify({ sources: [xo, ai4w] })}`,
  );
});

afterAll(async () => {
  await sim?.close();
});

describe('completeness', () => {
  it('prints how each read was shown complete, and puts it inside --json', async () => {
    const result = await runCli(
      ['auditlogs', 'fetch', '--from', FROM, '--to', TO, '--format', 'ndjson'],
      {
        env: env(),
      },
    );
    expect(result.code).toBe(0);
    const truth =
      sim.groundTruth('kore-xo-admin-console', { from: FROM, to: TO }).length +
      sim.groundTruth('kore-ai-for-work', { from: FROM, to: TO }).length;
    expect(result.stdout.trim().split('\n')).toHaveLength(truth);
    const lines = result.stderr.split('\n').filter((line) => line.startsWith('completeness: '));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/kore-xo-admin-console "kore-xo": complete; \d+ delivered/);
    expect(lines[1]).toMatch(/kore-ai-for-work "kore-ai4w": complete; .*split-below-cap/);

    const json = await runCli(['auditlogs', 'fetch', '--from', FROM, '--to', TO, '--json'], {
      env: env(),
    });
    expect(json.code).toBe(0);
    const document = JSON.parse(json.stdout) as {
      events: unknown[];
      completeness: Array<{ status: string; delivered: number; windows: unknown[] }>;
    };
    expect(document.events).toHaveLength(truth);
    expect(document.completeness.map((r) => r.status)).toEqual(['complete', 'complete']);
    expect(document.completeness.reduce((sum, r) => sum + r.delivered, 0)).toBe(truth);
  });

  it('exits 9 when a read cannot be shown complete, keeping what it wrote', async () => {
    // More AI for Work logs in one millisecond than the API ever answers: no split can read them.
    const at = span.start - 10 * HOUR;
    // Five earlier logs the read delivers before it meets the millisecond it cannot read.
    sim.append('kore-ai-for-work', 5, { at: at - 30 * 60_000 });
    sim.append('kore-ai-for-work', 150, { at });
    const from = new Date(at - HOUR).toISOString();
    const to = new Date(at + HOUR).toISOString();
    const plain = await runCli(
      [
        'auditlogs',
        'fetch',
        '--source',
        'kore-ai4w',
        '--from',
        from,
        '--to',
        to,
        '--format',
        'ndjson',
      ],
      { env: env() },
    );
    expect(plain.code).toBe(9);
    expect(plain.stdout.trim().split('\n')).toHaveLength(5);
    expect(plain.stderr).toMatch(/completeness: kore-ai-for-work "kore-ai4w": incomplete/);
    expect(plain.stderr).toMatch(/cannot show that the read of .* is complete/);
    const json = await runCli(
      ['auditlogs', 'fetch', '--source', 'kore-ai4w', '--from', from, '--to', to, '--json'],
      { env: env() },
    );
    expect(json.code).toBe(9);
    // One JSON document: what was read, the report, and the error.
    const document = JSON.parse(json.stdout) as {
      completeness: Array<{ status: string }>;
      error: { code: string; exitCode: number };
    };
    expect(document.completeness[0]!.status).toBe('incomplete');
    expect(document.error).toMatchObject({ code: 'INCOMPLETE', exitCode: 9 });
  });

  it('probe measures the tenant and --write keeps the measured values in the config', async () => {
    const result = await runCli(
      ['auditlogs', 'probe', '--source', 'kore-xo', '--source', 'kore-ai4w', '--write'],
      { env: env() },
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/kore-xo-admin-console "kore-xo"/);
    expect(result.stdout).toMatch(/page-cap +37 /);
    expect(result.stdout).toMatch(/sort +descending /);
    expect(result.stdout).toMatch(/response-cap +137 /);
    const written = await readFile(configPath, 'utf8');
    expect(written).toMatch(/^# kept as written by --write/);
    const { parse } = await import('yaml');
    const sources = (
      parse(written) as { sources: Array<{ id: string; options: Record<string, unknown> }> }
    ).sources;
    expect(sources.find((s) => s.id === 'kore-xo')!.options.pageSize).toBe(37);
    expect(sources.find((s) => s.id === 'kore-ai4w')!.options.responseCap).toBe(137);
    const json = await runCli(['auditlogs', 'probe', '--source', 'kore-ai4w', '--json'], {
      env: env(),
    });
    const reports = JSON.parse(json.stdout) as Array<{
      findings: Array<{ name: string; value: unknown }>;
    }>;
    expect(reports[0]!.findings.find((f) => f.name === 'response-cap')!.value).toBe(137);
  });
});
