// Crash-resume and hostile input for the real binary: kill -9 `tail` 50 times while records keep
// arriving, and fuzz flags and config files (clear errors, documented exit codes, no stack traces).
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type Simulator } from '@auditrelay/simulator';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulatorSources } from '../src/simulator-config.js';
import { baseEnv, runCli, sleep, startCli } from './helpers.js';

const HOUR = 3_600_000;
const DOCUMENTED_EXIT_CODES = new Set([0, 2, 3, 4, 5, 6, 7, 8]);
let sim: Simulator;
let dir: string;
let configPath: string;
const env = () => baseEnv({ AUDITRELAY_CONFIG: configPath, XDG_STATE_HOME: join(dir, 'state') });

beforeAll(async () => {
  const now = Date.now();
  sim = await startSimulator({
    seed: 'cli-reliability',
    data: {
      'kore-xo-admin-console': { count: 200, start: now - 6 * HOUR, end: now - 60_000 },
      'uipath-orchestrator-odata': { count: 200, start: now - 6 * HOUR, end: now - 60_000 },
      'kore-ai-for-work': { count: 50, start: now - 6 * HOUR, end: now - 60_000 },
      'uipath-platform-audit': { count: 50, start: now - 6 * HOUR, end: now - 60_000 },
    },
    rateLimits: { 'kore-xo-admin-console': false },
  });
  dir = await mkdtemp(join(tmpdir(), 'auditrelay-rel-'));
  configPath = join(dir, 'auditrelay.config.json');
  const options = { pageSize: 25, lagSeconds: 0 };
  await writeFile(
    configPath,
    JSON.stringify({
      sources: simulatorSources(sim, { 'kore-xo': options, 'uipath-orch': options }),
    }),
  );
});
afterAll(() => sim?.close());

describe('tail under kill -9', () => {
  it('50 kills while records arrive: the union of outputs is the ground truth; repeats only from unacknowledged batches', async () => {
    const state = join(dir, 'crash-state.json');
    const out = join(dir, 'crash.ndjson');
    const from = new Date(Date.now() - 7 * HOUR).toISOString();
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
      '--output',
      out,
      '--from',
      from,
    ];
    const random = fc.sample(fc.integer({ min: 150, max: 900 }), { numRuns: 50, seed: 42 });
    sim.autoAppend('kore-xo-admin-console', { everyRequests: 1, count: 2 });
    sim.autoAppend('uipath-orchestrator-odata', { everyRequests: 1, count: 2, lateByMs: 5_000 });
    try {
      for (const wait of random) {
        const run = startCli(args, { env: env() });
        await sleep(wait);
        run.child.kill('SIGKILL');
        await run.exited;
      }
    } finally {
      sim.autoAppend('kore-xo-admin-console', false);
      sim.autoAppend('uipath-orchestrator-odata', false);
    }
    const final = startCli([...args, '--once'], { env: env() });
    expect((await final.exited).code).toBe(0);
    const got = (await readFile(out, 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.stringify((JSON.parse(line) as { raw: unknown }).raw));
    const end = new Date().toISOString();
    const expected = [
      ...sim.groundTruth('kore-xo-admin-console', { from, to: end }),
      ...sim.groundTruth('uipath-orchestrator-odata', { from, to: end }),
    ].map((r) => JSON.stringify(r));
    const gotSet = new Set(got);
    expect(expected.filter((key) => !gotSet.has(key))).toEqual([]);
    expect([...gotSet].filter((key) => !expected.includes(key))).toEqual([]);
    // A kill between writing a batch and saving the state repeats at most that batch (25 events).
    expect(got.length - gotSet.size).toBeLessThanOrEqual(50 * 25);
  }, 300_000);
});

const FLAG_VOCABULARY: string[][] = [
  ['--from', '24h'],
  ['--from', 'yesterday'],
  ['--from', '2026-02-30'],
  ['--to', 'now'],
  ['--to', '1d'],
  ['--format', 'ndjson'],
  ['--format', 'csv'],
  ['--format', 'xml'],
  ['--format'],
  ['--limit', '3'],
  ['--limit', '-1'],
  ['--limit', 'many'],
  ['--raw'],
  ['--json'],
  ['--source', 'kore-xo'],
  ['--source', 'nope'],
  ['--source', 'id=x'],
  ['--source', 'type=kore-ai-for-work,=oops'],
  // A literal secret on the command line is refused (usage), never echoed.
  ['--source', 'id=lit,type=kore-ai-for-work,baseUrl=https://h,credentials.apiKey=fuzz-literal'],
  ['--source', 'id=kore-xo,options.deadlineSeconds=0.5'],
  ['--source', 'id=kore-xo,options.proxy=ftp://nope'],
  ['--filter', 'entity=role'],
  ['--filter', 'broken'],
  ['--entity', 'role'],
  ['--concurrency', '0'],
  ['--concurrency', '3'],
  ['--config', '/does/not/exist.yaml'],
  ['--interval', 'x'],
  ['--size', '5'],
  ['--check'],
  ['--types'],
  ['--bogus'],
  ['--samples', '2'],
  ['--summary'],
];

describe('fuzzed command lines', () => {
  it('always end with a documented exit code and a clear message, never a stack trace', async () => {
    const argv = fc.tuple(
      fc.constantFrom('fetch', 'sources', 'tail', 'download'),
      fc.array(fc.constantFrom(...FLAG_VOCABULARY), { maxLength: 4 }),
    );
    await fc.assert(
      fc.asyncProperty(argv, async ([command, flags]) => {
        const args = [
          'auditlogs',
          command,
          ...flags.flat(),
          ...(command === 'tail' ? ['--once', '--state', join(dir, 'fuzz-state.json')] : []),
        ];
        if (command === 'fetch' && !flags.some(([flag]) => flag === '--limit'))
          args.push('--limit', '5');
        const result = await runCli(args, { env: env(), timeoutMs: 30_000 });
        expect(
          DOCUMENTED_EXIT_CODES.has(result.code ?? -1),
          `${args.join(' ')} → ${result.code}\n${result.stderr}`,
        ).toBe(true);
        expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
        expect(result.stdout + result.stderr).not.toContain('fuzz-literal');
        if (result.code !== 0) {
          const json = args.includes('--json');
          const message = json
            ? (
                JSON.parse(result.stdout.trim().split('\n').at(-1)!) as {
                  error?: { message: string };
                }
              ).error?.message
            : result.stderr;
          expect(message, args.join(' ')).toBeTruthy();
        }
      }),
      { numRuns: 40, seed: 7 },
    );
  }, 300_000);
});

describe('fuzzed config files', () => {
  it('are rejected with exit 3 naming the file, never a stack trace', async () => {
    const valid = simulatorSources(sim)[0]!;
    const mutation = fc.oneof(
      fc.constant('sources: [ {id: x, type: kore-xo-admin-console'),
      fc.constant('[]'),
      fc.constant('sources: 12'),
      fc.constant('sources:\n  - 42'),
      fc.constant('sourcez: []'),
      // A UiPath token URL in plain http off loopback would carry the client secret in clear.
      fc.constant(
        JSON.stringify({
          sources: [
            {
              ...simulatorSources(sim)[2],
              options: {
                ...(simulatorSources(sim)[2]!.options as object),
                tokenUrl: 'http://identity.example.com/connect/token',
              },
            },
          ],
        }),
      ),
      fc.constantFrom('id', 'type', 'baseUrl', 'credentials').map((key) => {
        const copy: Record<string, unknown> = { ...valid };
        delete copy[key];
        return JSON.stringify({ sources: [copy] });
      }),
      fc
        .record({
          key: fc.constantFrom('id', 'type', 'baseUrl', 'credentials', 'options'),
          value: fc.oneof(fc.integer(), fc.string(), fc.constant(null), fc.array(fc.integer())),
        })
        .map(({ key, value }) => JSON.stringify({ sources: [{ ...valid, [key]: value }] })),
      fc
        .record({
          field: fc.constantFrom(
            'pageSize',
            'lagSeconds',
            'maxPages',
            'timeoutSeconds',
            'deadlineSeconds',
            'maxDownloadMegabytes',
            'proxy',
            'caFile',
            'unknownOption',
          ),
          value: fc.oneof(fc.constant(-1), fc.constant('ten'), fc.constant(1e12)),
        })
        .map(({ field, value }) =>
          JSON.stringify({ sources: [{ ...valid, options: { [field]: value } }] }),
        ),
    );
    let index = 0;
    await fc.assert(
      fc.asyncProperty(mutation, async (text) => {
        const file = join(
          dir,
          `fuzz-${index++}.${text.trimStart().startsWith('{') ? 'json' : 'yaml'}`,
        );
        await writeFile(file, text);
        const result = await runCli(['auditlogs', 'fetch', '--config', file, '--limit', '1'], {
          env: env(),
        });
        expect(result.code, `${text}\n${result.stderr}`).toBe(3);
        expect(result.stderr).toContain(file);
        expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
      }),
      { numRuns: 30, seed: 11 },
    );
  }, 300_000);
});
