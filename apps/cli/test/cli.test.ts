import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type Simulator, type VendorId } from '@auditrelay/simulator';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulatorSources } from '../src/simulator-config.js';
import {
  baseEnv,
  expectOnlyCompleteReports,
  runCli,
  startCli,
  transcript,
  waitFor,
} from './helpers.js';

const HOUR = 3_600_000;
const now = Date.now();
const span = { start: now - 4 * 24 * HOUR, end: now - HOUR };
const FROM = new Date(span.start).toISOString();
const TO = new Date(span.end).toISOString();
const CANARIES = {
  XO_SECRET: `canary-xo-${Math.random().toString(36).slice(2)}-secret`,
  AI4W_KEY: `canary-ai4w-${Math.random().toString(36).slice(2)}-key`,
  UIPATH_SECRET: `canary-uipath-${Math.random().toString(36).slice(2)}-secret`,
};
const SOURCES: Array<[string, VendorId]> = [
  ['kore-xo', 'kore-xo-admin-console'],
  ['kore-ai4w', 'kore-ai-for-work'],
  ['uipath-pm', 'uipath-platform-audit'],
  ['uipath-orch', 'uipath-orchestrator-odata'],
  ['uipath-unified', 'uipath-unified-audit'],
];

let sim: Simulator;
let dir: string;
let configPath: string;
const env = () =>
  baseEnv({
    ...CANARIES,
    AUDITRELAY_CONFIG: configPath,
    XDG_STATE_HOME: join(dir, 'state'),
    AUDITRELAY_DATA_DIR: join(dir, 'data'),
  });

beforeAll(async () => {
  sim = await startSimulator({
    seed: 'cli-tests',
    data: Object.fromEntries(SOURCES.map(([, vendor]) => [vendor, { count: 300, ...span }])),
    credentials: {
      koreXo: { clientSecret: CANARIES.XO_SECRET },
      aiForWork: { apiKey: CANARIES.AI4W_KEY },
      uipath: { clientSecret: CANARIES.UIPATH_SECRET },
    },
    behavior: { aiForWork: { hardCap: 100 } },
    rateLimits: { 'kore-xo-admin-console': false },
  });
  dir = await mkdtemp(join(tmpdir(), 'auditrelay-cli-'));
  configPath = join(dir, 'auditrelay.config.yaml');
  const sources = simulatorSources(sim, {
    'kore-xo': { pageSize: 50, lagSeconds: 0 },
    'kore-ai4w': { responseCap: 100, windowMinutes: 720, lagSeconds: 0 },
    'uipath-pm': { pageSize: 50, lagSeconds: 0 },
    'uipath-orch': { pageSize: 50, lagSeconds: 0 },
    'uipath-unified': { pageSize: 50, lagSeconds: 0 },
  });
  // Secrets come from env vars, as users are told to do.
  (sources[0]!.credentials as Record<string, unknown>).clientSecret = { env: 'XO_SECRET' };
  (sources[1]!.credentials as Record<string, unknown>).apiKey = 'env:AI4W_KEY';
  (sources[2]!.credentials as Record<string, unknown>).clientSecret = { env: 'UIPATH_SECRET' };
  (sources[3]!.credentials as Record<string, unknown>).clientSecret = { env: 'UIPATH_SECRET' };
  (sources[4]!.credentials as Record<string, unknown>).clientSecret = 'env:UIPATH_SECRET';
  const { stringify } = await import('yaml');
  await writeFile(configPath, stringify({ sources }));
});

afterAll(async () => {
  await sim?.close();
});

const truth = (vendor: VendorId, from = FROM, to = TO) =>
  sim.groundTruthOfSource(vendor, { from, to });
const ndjson = (text: string) =>
  text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe('auditlogs fetch (real binary)', () => {
  it.each(SOURCES)('%s: every format returns exactly the ground truth', async (id, vendor) => {
    const expected = truth(vendor);
    const range = ['--source', id, '--from', FROM, '--to', TO];

    const lines = await runCli(['auditlogs', 'fetch', ...range, '--format', 'ndjson'], {
      env: env(),
    });
    expectOnlyCompleteReports(lines.stderr);
    expect(lines.code).toBe(0);
    const events = ndjson(lines.stdout);
    expect(events.map((e) => JSON.stringify(e.raw)).sort()).toEqual(
      expected.map((r) => JSON.stringify(r)).sort(),
    );

    const raw = await runCli(['auditlogs', 'fetch', ...range, '--format', 'ndjson', '--raw'], {
      env: env(),
    });
    expect(
      ndjson(raw.stdout)
        .map((r) => JSON.stringify(r))
        .sort(),
    ).toEqual(expected.map((r) => JSON.stringify(r)).sort());

    const json = await runCli(['auditlogs', 'fetch', ...range, '--format', 'json'], { env: env() });
    expect((JSON.parse(json.stdout) as unknown[]).length).toBe(expected.length);

    const csv = await runCli(['auditlogs', 'fetch', ...range, '--format', 'csv'], { env: env() });
    const rows = parseCsv<Record<string, string>>(csv.stdout, { columns: true });
    expect(rows).toHaveLength(expected.length);
    expect(new Set(rows.map((r) => r.dedupeKey)).size).toBe(expected.length);
    expect(Object.keys(rows[0]!)).toEqual(
      expect.arrayContaining([
        'occurredAt',
        'sourceId',
        'eventId',
        'actorEmail',
        'action',
        'category',
        'description',
      ]),
    );

    const table = await runCli(['auditlogs', 'fetch', ...range, '--format', 'table'], {
      env: env(),
    });
    const tableLines = table.stdout.trimEnd().split('\n');
    expect(tableLines[0]).toMatch(/^TIME \(UTC\)\s+SOURCE\s+ACTOR\s+ACTION\s+CATEGORY/);
    expect(tableLines).toHaveLength(expected.length + 1);

    const ocsf = await runCli(['auditlogs', 'fetch', ...range, '--format', 'ocsf'], { env: env() });
    const ocsfEvents = ndjson(ocsf.stdout);
    expect(ocsfEvents).toHaveLength(expected.length);
    expect(
      ocsfEvents.every(
        (e) =>
          typeof e.class_uid === 'number' &&
          (e.metadata as { version: string }).version === '1.8.0',
      ),
    ).toBe(true);
    const ecs = await runCli(['auditlogs', 'fetch', ...range, '--format', 'ecs'], { env: env() });
    expect(
      ndjson(ecs.stdout).every(
        (e) =>
          typeof e['@timestamp'] === 'string' &&
          Array.isArray((e.event as { category: unknown }).category),
      ),
    ).toBe(true);

    const file = join(dir, `${id}.ndjson`);
    const toFile = await runCli(
      ['auditlogs', 'fetch', ...range, '--format', 'ndjson', '--output', file],
      { env: env() },
    );
    expect(toFile.code).toBe(0);
    expect(ndjson(await readFile(file, 'utf8'))).toHaveLength(expected.length);
  });

  it('fetches every configured source at once, with --limit and a summary', async () => {
    const all = await runCli(
      ['auditlogs', 'fetch', '--from', FROM, '--to', TO, '--format', 'ndjson'],
      { env: env() },
    );
    const total = SOURCES.reduce((sum, [, vendor]) => sum + truth(vendor).length, 0);
    expect(ndjson(all.stdout)).toHaveLength(total);
    const limited = await runCli(
      ['auditlogs', 'fetch', '--from', FROM, '--to', TO, '--format', 'ndjson', '--limit', '7'],
      { env: env() },
    );
    expect(ndjson(limited.stdout)).toHaveLength(7);
    const summary = await runCli(['auditlogs', 'fetch', '--from', FROM, '--to', TO, '--summary'], {
      env: env(),
    });
    expect(summary.code).toBe(0);
    for (const [id] of SOURCES)
      expect(summary.stdout).toMatch(new RegExp(`${id}\\s+\\S+\\s+\\d+\\s+[\\d.]+\\s+ok`));
    expect(summary.stdout).toContain('Top categories');
    expect(summary.stdout).toContain('Sample events');
  });

  it('filters AI for Work by entity and action', async () => {
    const result = await runCli(
      [
        'auditlogs',
        'fetch',
        '--source',
        'kore-ai4w',
        '--from',
        FROM,
        '--to',
        TO,
        '--entity',
        'role',
        '--action',
        'update',
        '--format',
        'ndjson',
      ],
      { env: env() },
    );
    const events = ndjson(result.stdout);
    const expected = truth('kore-ai-for-work').filter(
      (r) =>
        (r as { entity: string }).entity === 'role' &&
        (r as { action: string }).action === 'update',
    );
    expect(events).toHaveLength(expected.length);
    expect(events.every((e) => e.category === 'role' && e.action === 'update')).toBe(true);
  });

  it('exits 0 when piped into head -1', async () => {
    const { spawn } = await import('node:child_process');
    const { BIN } = await import('./helpers.js');
    // Asynchronous: the simulator runs in this process and must keep answering.
    const child = spawn(
      'bash',
      [
        '-o',
        'pipefail',
        '-c',
        `"${process.execPath}" "${BIN}" auditlogs fetch --from ${FROM} --to ${TO} --format ndjson | head -1`,
      ],
      { env: env() },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    transcript.push(stdout, stderr);
    expect(status).toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(1);
    expect(stderr).not.toMatch(/Warning|Error/);
  });
});

describe('errors and exit codes', () => {
  it('bad flags are usage errors (2) that name the flag', async () => {
    const badFormat = await runCli(
      ['auditlogs', 'fetch', '--format', 'xml', '--from', FROM, '--to', TO],
      { env: env() },
    );
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toMatch(
      /--format: unknown format "xml" \(available: table, json, ndjson, csv, ocsf, ecs\)/,
    );
    const badTime = await runCli(['auditlogs', 'fetch', '--from', 'yesterday-ish'], { env: env() });
    expect(badTime.code).toBe(2);
    expect(badTime.stderr).toContain('--from: expected an ISO-8601 date or time');
    const inverted = await runCli(['auditlogs', 'fetch', '--from', TO, '--to', FROM], {
      env: env(),
    });
    expect(inverted.code).toBe(2);
    expect(inverted.stderr).toContain('is after --to');
    const unknownFlag = await runCli(['auditlogs', 'fetch', '--frobnicate'], { env: env() });
    expect(unknownFlag.code).toBe(2);
    expect(unknownFlag.stderr).toContain('--frobnicate');
  });

  it('bad config is exit 3 naming the file, the source and the field', async () => {
    const badConfig = join(dir, 'bad.yaml');
    await writeFile(
      badConfig,
      `sources:\n  - id: ok-one\n    type: kore-ai-for-work\n    baseUrl: ${sim.baseUrls['kore-ai-for-work']}\n    credentials: { apiKey: env:AI4W_KEY }\n  - id: broken\n    type: kore-xo-admin-console\n    baseUrl: ${sim.baseUrls['kore-xo-admin-console']}\n    credentials: { clientId: x, clientSecret: env:NOT_SET_ANYWHERE }\n    options: { pageSize: 500 }\n`,
    );
    const result = await runCli(['auditlogs', 'fetch', '--config', badConfig], { env: env() });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(
      `${badConfig}: sources[1] (id "broken").credentials.clientSecret: environment variable NOT_SET_ANYWHERE is not set`,
    );
    expect(result.stderr).toContain(`${badConfig}: sources[1] (id "broken").options.pageSize:`);
    const missing = await runCli(['auditlogs', 'fetch', '--config', join(dir, 'nope.yaml')], {
      env: env(),
    });
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('Config file not found');
    const unknownSource = await runCli(['auditlogs', 'fetch', '--source', 'nope'], { env: env() });
    expect(unknownSource.code).toBe(3);
    expect(unknownSource.stderr).toContain('Unknown source "nope"');
  });

  it('bad credentials are exit 4 with a hint; --json errors carry only name, message, code, exitCode', async () => {
    const result = await runCli(
      ['auditlogs', 'fetch', '--source', 'kore-ai4w', '--from', FROM, '--to', TO],
      { env: { ...env(), AI4W_KEY: 'wrong-key-value' } },
    );
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('Check the credentials');
    const json = await runCli(
      ['auditlogs', 'fetch', '--source', 'uipath-pm', '--from', FROM, '--json'],
      { env: { ...env(), UIPATH_SECRET: 'wrong-secret-value' } },
    );
    expect(json.code).toBe(4);
    // The envelope keeps what was read (nothing) and the report beside the error.
    const body = JSON.parse(json.stdout) as {
      events: unknown[];
      completeness: Array<{ status: string }>;
      error: Record<string, unknown>;
    };
    expect(Object.keys(body)).toEqual(['events', 'completeness', 'error']);
    expect(body.events).toEqual([]);
    expect(body.completeness.map((report) => report.status)).toEqual(['failed']);
    expect(Object.keys(body.error).sort()).toEqual(['code', 'exitCode', 'message', 'name']);
    expect(body.error).toMatchObject({ code: 'AUTH_FAILED', exitCode: 4 });
    const parseError = await runCli(['auditlogs', 'fetch', '--limit', 'lots', '--json'], {
      env: env(),
    });
    expect(parseError.code).toBe(2);
    const parsed = JSON.parse(parseError.stdout) as { error: Record<string, unknown> };
    expect(Object.keys(parsed.error).sort()).toEqual(['code', 'exitCode', 'message', 'name']);
    expect(parseError.stdout).not.toContain('lots');
  });
});

describe('auditlogs sources', () => {
  it('lists sources and checks each connection with a verdict', async () => {
    const list = await runCli(['auditlogs', 'sources'], { env: env() });
    expect(list.code).toBe(0);
    for (const [id] of SOURCES) expect(list.stdout).toContain(id);
    const checked = await runCli(['auditlogs', 'sources', '--check', '--json'], { env: env() });
    expect(checked.code).toBe(0);
    const verdicts = JSON.parse(checked.stdout) as Array<{ id: string; check: { ok: boolean } }>;
    expect(verdicts.map((v) => [v.id, v.check.ok])).toEqual(SOURCES.map(([id]) => [id, true]));
    const oneBad = await runCli(['auditlogs', 'sources', '--check'], {
      env: { ...env(), AI4W_KEY: 'revoked-key-value' },
    });
    expect(oneBad.code).toBe(8);
    expect(oneBad.stdout).toMatch(/kore-ai4w\s+kore-ai-for-work\s+FAILED/);
    expect(oneBad.stdout).toMatch(/kore-xo\s+kore-xo-admin-console\s+ok/);
  });
});

describe('auditlogs download', () => {
  it('writes the vendor CSV to a file, or normalized NDJSON', async () => {
    const file = join(dir, 'download.csv');
    const csv = await runCli(
      ['auditlogs', 'download', '--source', 'uipath-pm', '--size', '40', '--output', file],
      { env: env() },
    );
    expect(csv.code).toBe(0);
    const rows = parseCsv<Record<string, string>>(await readFile(file, 'utf8'), { columns: true });
    expect(rows).toHaveLength(40);
    const events = await runCli(
      ['auditlogs', 'download', '--source', 'uipath-pm', '--size', '40', '--format', 'ndjson'],
      { env: env() },
    );
    expect(ndjson(events.stdout)).toHaveLength(40);
    const wrong = await runCli(['auditlogs', 'download', '--source', 'kore-xo'], { env: env() });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('has no download endpoint');
  });
});

describe('auditlogs tail', () => {
  it('prints only new events across appended records and resumes after Ctrl-C', async () => {
    const state = join(dir, 'tail-state.json');
    const from = new Date(Date.now() - 2 * HOUR).toISOString();
    const args = [
      'auditlogs',
      'tail',
      '--source',
      'kore-xo',
      '--source',
      'uipath-orch',
      '--interval',
      '1',
      '--state',
      state,
      '--from',
      from,
    ];
    const first = startCli(args, { env: env() });
    const baseline =
      truth('kore-xo-admin-console', from, new Date().toISOString()).length +
      truth('uipath-orchestrator-odata', from, new Date().toISOString()).length;
    await waitFor(() => ndjson(first.output.stdout).length >= baseline, 20_000, 'initial events');
    sim.append('kore-xo-admin-console', 4);
    sim.append('uipath-orchestrator-odata', 3);
    await waitFor(
      () => ndjson(first.output.stdout).length >= baseline + 7,
      20_000,
      'appended events',
    );
    first.child.kill('SIGINT');
    expect((await first.exited).code).toBe(0);
    sim.append('kore-xo-admin-console', 2);
    const second = startCli([...args, '--once'], { env: env() });
    expect((await second.exited).code).toBe(0);
    const all = [...ndjson(first.output.stdout), ...ndjson(second.output.stdout)];
    const end = new Date().toISOString();
    const expected = [
      ...truth('kore-xo-admin-console', from, end),
      ...truth('uipath-orchestrator-odata', from, end),
    ];
    expect(all.map((e) => JSON.stringify(e.raw)).sort()).toEqual(
      expected.map((r) => JSON.stringify(r)).sort(),
    );
    expect(ndjson(second.output.stdout)).toHaveLength(2);
  });

  it('loses nothing when killed with SIGKILL while records keep arriving', async () => {
    const state = join(dir, 'kill-state.json');
    const out = join(dir, 'kill-output.ndjson');
    const from = new Date(Date.now() - 30 * 60_000).toISOString();
    const args = [
      'auditlogs',
      'tail',
      '--source',
      'uipath-pm',
      '--interval',
      '1',
      '--state',
      state,
      '--output',
      out,
      '--from',
      from,
    ];
    sim.autoAppend('uipath-platform-audit', { everyRequests: 1, count: 2 });
    try {
      for (let round = 0; round < 4; round++) {
        const run = startCli(args, { env: env() });
        await new Promise((resolve) => setTimeout(resolve, 700 + Math.floor(Math.random() * 900)));
        run.child.kill('SIGKILL');
        await run.exited;
      }
    } finally {
      sim.autoAppend('uipath-platform-audit', false);
    }
    const final = startCli([...args, '--once'], { env: env() });
    expect((await final.exited).code).toBe(0);
    const events = ndjson(await readFile(out, 'utf8'));
    const expected = truth('uipath-platform-audit', from, new Date().toISOString()).map((r) =>
      JSON.stringify(r),
    );
    const got = events.map((e) => JSON.stringify(e.raw));
    expect(new Set(got)).toEqual(new Set(expected));
    // Only an unacknowledged batch (one page of 50) can repeat per kill.
    expect(got.length - new Set(got).size).toBeLessThanOrEqual(4 * 50);
  });
});

describe('secrets', () => {
  it('no canary secret appeared in any stdout or stderr of any run above', () => {
    expect(transcript.length).toBeGreaterThan(20);
    const everything = transcript.join('\n');
    for (const canary of Object.values(CANARIES)) expect(everything).not.toContain(canary);
  });
});
