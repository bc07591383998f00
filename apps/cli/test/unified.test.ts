// The UiPath unified audit source through the real CLI binary against the simulator: both scopes,
// filters by name, the CSV download and the live API's retention.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulatorSourceConfig, startSimulator, type Simulator } from '@auditrelay/simulator';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseEnv, runCli, transcript } from './helpers.js';

const DAY = 86_400_000;
const now = Date.now();
const FROM = new Date(now - 20 * DAY).toISOString();
const TO = new Date(now - DAY).toISOString();
const SECRET = `canary-unified-${Math.random().toString(36).slice(2)}-secret`;

interface UnifiedRecord {
  id: string;
  eventSource: string;
  eventType: string;
  tenantName: string | null;
}

let sim: Simulator;
let dir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  sim = await startSimulator({
    seed: 'cli-unified',
    data: { 'uipath-unified-audit': { count: 900, start: now - 120 * DAY, end: now - DAY / 2 } },
    credentials: { uipath: { clientSecret: SECRET } },
  });
  dir = await mkdtemp(join(tmpdir(), 'auditrelay-unified-'));
  const config = (id: string, scope: 'organization' | 'tenant') => {
    const source = simulatorSourceConfig(sim, 'uipath-unified-audit', {
      id,
      options: { scope, pageSize: 40, lagSeconds: 0 },
    });
    return { ...source, credentials: { ...source.credentials, clientSecret: 'env:UIPATH_SECRET' } };
  };
  const { stringify } = await import('yaml');
  const configPath = join(dir, 'auditrelay.config.yaml');
  await writeFile(
    configPath,
    stringify({
      sources: [config('unified-org', 'organization'), config('unified-tenant', 'tenant')],
    }),
  );
  env = baseEnv({
    UIPATH_SECRET: SECRET,
    AUDITRELAY_CONFIG: configPath,
    XDG_STATE_HOME: join(dir, 'state'),
    AUDITRELAY_DATA_DIR: join(dir, 'data'),
  });
});

afterAll(async () => {
  await sim?.close();
  // The client secret never reached any output of any run.
  expect(transcript.join('\n')).not.toContain(SECRET);
});

const truth = (scope: 'organization' | 'tenant', from = FROM, to = TO) =>
  sim.groundTruth('uipath-unified-audit', { scope, from, to }) as UnifiedRecord[];
const ids = (stdout: string) =>
  stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { id: string }).id)
    .sort();

describe('uipath-unified-audit in the CLI', () => {
  it('is listed by `sources --types` and checked by `sources --check`', async () => {
    const types = await runCli(['auditlogs', 'sources', '--types'], { env });
    expect(types.stdout).toContain('uipath-unified-audit');
    const check = await runCli(['auditlogs', 'sources', '--check'], { env });
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(/unified-org\s+uipath-unified-audit\s+ok/);
    expect(check.stdout).toMatch(/unified-tenant\s+uipath-unified-audit\s+ok/);
  });

  it.each(['organization', 'tenant'] as const)(
    'fetches exactly the %s-level events of a range, with a complete report',
    async (scope) => {
      const id = scope === 'organization' ? 'unified-org' : 'unified-tenant';
      const run = await runCli(
        ['auditlogs', 'fetch', '--source', id, '--from', FROM, '--to', TO, '--format', 'ndjson'],
        { env },
      );
      expect(run.code, run.stderr).toBe(0);
      const want = truth(scope);
      expect(want.length).toBeGreaterThan(50);
      expect(ids(run.stdout)).toEqual(want.map((r) => r.id).sort());
      expect(run.stderr).toContain(`completeness: uipath-unified-audit "${id}": complete;`);
      expect(run.stderr).not.toContain('note:');
    },
  );

  it('filters by service and event type names (--event-source, --event-type)', async () => {
    const run = await runCli(
      [
        'auditlogs',
        'fetch',
        '--source',
        'unified-tenant',
        '--from',
        FROM,
        '--to',
        TO,
        '--event-source',
        'orchestrator',
        '--event-type',
        'Started job,Stopped job',
        '--format',
        'ndjson',
      ],
      { env },
    );
    expect(run.code, run.stderr).toBe(0);
    const want = truth('tenant').filter(
      (r) =>
        r.eventSource === 'Orchestrator' && ['Started job', 'Stopped job'].includes(r.eventType),
    );
    expect(want.length).toBeGreaterThan(5);
    expect(ids(run.stdout)).toEqual(want.map((r) => r.id).sort());
  });

  it('says which names exist when a filter names an unknown service (exit 2)', async () => {
    const run = await runCli(
      [
        'auditlogs',
        'fetch',
        '--source',
        'unified-org',
        '--from',
        FROM,
        '--event-source',
        'Orchestrator',
      ],
      { env },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('eventSource "Orchestrator"');
    expect(run.stderr).toContain('Governance, Identity, Organization management');
    expect(run.stderr).toContain('options.scope "tenant"');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('says the live API keeps 90 days when a range reaches further back', async () => {
    const from = new Date(now - 110 * DAY).toISOString();
    const run = await runCli(
      [
        'auditlogs',
        'fetch',
        '--source',
        'unified-org',
        '--from',
        from,
        '--to',
        TO,
        '--format',
        'ndjson',
      ],
      { env },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(ids(run.stdout)).toEqual(
      truth('organization', from)
        .map((r) => r.id)
        .sort(),
    );
    expect(run.stderr).toContain('the live API keeps 90 days');
  });

  it('downloads the window as the vendor CSV, or as normalized events', async () => {
    const file = join(dir, 'orchestrator.csv');
    const args = [
      '--source',
      'unified-tenant',
      '--from',
      FROM,
      '--to',
      TO,
      '--event-source',
      'Orchestrator',
    ];
    const csv = await runCli(['auditlogs', 'download', ...args, '--output', file], { env });
    expect(csv.code, csv.stderr).toBe(0);
    const rows = parseCsv<Record<string, string>>(await readFile(file, 'utf8'), { columns: true });
    const want = truth('tenant').filter((r) => r.eventSource === 'Orchestrator');
    expect(rows.map((row) => row['Id']).sort()).toEqual(want.map((r) => r.id).sort());
    const events = await runCli(['auditlogs', 'download', ...args, '--format', 'ndjson'], { env });
    expect(events.code, events.stderr).toBe(0);
    expect(ids(events.stdout)).toEqual(want.map((r) => r.id).sort());
  });
});
