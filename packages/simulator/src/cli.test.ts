import { execFileSync, spawn } from 'node:child_process';
import {
  accessSync,
  constants,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { once } from 'node:events';
import { SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { drawProfile, nonDefaultSwitches } from './profiles.js';
import { http } from './testing/helpers.js';

const pkg = fileURLToPath(new URL('..', import.meta.url));
const bin = join(pkg, 'dist', 'cli.mjs');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

beforeAll(() => {
  // The bin is the built file: build when it is missing or older than the sources.
  let stale: boolean;
  try {
    stale = statSync(bin).mtimeMs < newestSource(join(pkg, 'src'));
  } catch {
    stale = true;
  }
  if (stale)
    execFileSync(join(pkg, 'node_modules', '.bin', 'tsdown'), { cwd: pkg, stdio: 'ignore' });
}, 120_000);

function run(args: string[]) {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const firstLine = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      const nl = stdout.indexOf('\n');
      if (nl >= 0) resolve(stdout.slice(0, nl));
    });
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
  });
  return { child, firstLine, output: () => ({ stdout, stderr }) };
}

describe('auditrelay-simulator bin', () => {
  it('is an executable ESM file with a shebang', () => {
    expect(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(() => accessSync(bin, constants.X_OK)).not.toThrow();
  });

  it('starts, prints one JSON line { url, baseUrls, credentials }, serves, logs with --verbose, stops on SIGTERM', async () => {
    const { child, firstLine, output } = run([
      '--seed',
      '7',
      '--count',
      '50',
      '--latency-ms',
      '0',
      '--verbose',
    ]);
    const info = JSON.parse(await firstLine) as {
      url: string;
      baseUrls: Record<string, string>;
      credentials: { aiForWork: { apiKey: string } };
    };
    expect(Object.keys(info)).toEqual(['url', 'baseUrls', 'credentials']);
    expect(info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await http(`${info.baseUrls['kore-ai-for-work']}/api/public/auditlogs`, {
      headers: { auth: info.credentials.aiForWork.apiKey },
    });
    expect(res.json.logs).toHaveLength(50);
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
    expect(output().stderr).toMatch(/GET \/kore-aiforwork\/api\/public\/auditlogs 200/);
    expect(output().stdout.trim().split('\n')).toHaveLength(1);
  });

  it('stays quiet on stderr without --verbose and honours --port', async () => {
    const probe = run([]);
    const port = Number(new URL((JSON.parse(await probe.firstLine) as { url: string }).url).port);
    probe.child.kill('SIGINT');
    await once(probe.child, 'exit');
    const { child, firstLine, output } = run(['--port', String(port)]);
    expect((JSON.parse(await firstLine) as { url: string }).url).toBe(`http://127.0.0.1:${port}`);
    await http(`http://127.0.0.1:${port}/kore-xo/api/public/auditlogs`);
    child.kill('SIGINT');
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
    expect(output().stderr).toBe('');
  });

  it.each([['--bogus'], ['--port', 'eighty'], ['--count', '-5'], ['extra']])(
    'rejects bad flags %j with a clear message and exit code 2',
    async (...args) => {
      const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const [code] = (await once(child, 'exit')) as [number | null];
      expect(code).toBe(2);
      expect(stderr).toMatch(/^auditrelay-simulator: [^\n]+[\s\S]*\n\nUsage: auditrelay-simulator/);
    },
  );

  it('--profile random:<seed> draws the profile and prints its non-default switches', async () => {
    const { child, firstLine } = run(['--count', '5', '--profile', 'random:5']);
    const info = JSON.parse(await firstLine) as { profile: unknown };
    child.kill('SIGTERM');
    await once(child, 'exit');
    expect(info.profile).toEqual(nonDefaultSwitches(drawProfile(5)));
    expect(info.profile).not.toEqual({});
  });

  it('--profile <file.json> applies a behaviour object; documented prints an empty profile', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-profile-'));
    const file = join(dir, 'profile.json');
    writeFileSync(file, JSON.stringify({ koreXo: { maxSize: 37, sort: 'time-desc' } }));
    const { child, firstLine } = run(['--count', '60', '--profile', file]);
    const info = JSON.parse(await firstLine) as {
      baseUrls: Record<string, string>;
      credentials: { koreXo: { clientId: string; clientSecret: string } };
      profile: unknown;
    };
    expect(info.profile).toEqual({ koreXo: { maxSize: 37, sort: 'time-desc' } });
    const { clientId, clientSecret } = info.credentials.koreXo;
    const jwt = await new SignJWT({ appId: clientId })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode(clientSecret));
    const res = await http(
      `${info.baseUrls['kore-xo-admin-console']}/api/public/auditlogs?size=100`,
      {
        headers: { auth: jwt },
      },
    );
    const times = (res.json.auditlogs as Array<{ timestampValue: number }>).map(
      (r) => r.timestampValue,
    );
    expect(times).toHaveLength(37);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    child.kill('SIGTERM');
    await once(child, 'exit');
    const documented = run(['--count', '1', '--profile', 'documented']);
    expect((JSON.parse(await documented.firstLine) as { profile: unknown }).profile).toEqual({});
    documented.child.kill('SIGTERM');
    await once(documented.child, 'exit');
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    [
      ['--profile', '/nonexistent/profile.json'],
      /cannot read "\/nonexistent\/profile.json" \(ENOENT\)/,
    ],
    [['--profile', 'random:'], /cannot read "random:"/],
    [['--profile', '__BAD_JSON__'], /not valid JSON/],
    [['--profile', '__BAD_VALUE__'], /profile.koreXo.sort must be one of "time-asc"/],
  ])('rejects --profile %j with a clear message and exit code 2', async (args, message) => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-profile-'));
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{ nope');
    const wrong = join(dir, 'wrong.json');
    writeFileSync(wrong, JSON.stringify({ koreXo: { sort: 'sideways' } }));
    const argv = args.map((a) => (a === '__BAD_JSON__' ? bad : a === '__BAD_VALUE__' ? wrong : a));
    const child = spawn(process.execPath, [bin, ...argv], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    rmSync(dir, { recursive: true, force: true });
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });

  it('--help prints usage and exits 0', () => {
    expect(execFileSync(process.execPath, [bin, '--help']).toString()).toMatch(
      /^Usage: auditrelay-simulator/,
    );
  });
});
