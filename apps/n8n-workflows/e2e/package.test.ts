// What n8n users (and n8n's verification scanner) get: the packed tarball of the node package.
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { NODE_PACKAGE_DIR, packNodePackage, runNodePackageBin, scanPackage } from './harness.js';

interface PackageJson {
  name: string;
  license: string;
  files: string[];
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  scripts?: Record<string, string>;
  n8n: { strict: boolean; nodes: string[]; credentials: string[] };
}

let packed: { dir: string; tarball: string };
let manifest: PackageJson;
let files: string[];

async function listFiles(dir: string): Promise<string[]> {
  const { readdir } = await import('node:fs/promises');
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .sort();
}

beforeAll(async () => {
  packed = await packNodePackage();
  manifest = JSON.parse(await readFile(join(packed.dir, 'package.json'), 'utf8')) as PackageJson;
  files = await listFiles(packed.dir);
});

describe('the packed n8n package', () => {
  it('holds only the built nodes, credentials, icons and docs', () => {
    const unexpected = files.filter(
      (file) =>
        !/^dist\/(nodes|credentials|shared|icons)\/[\w./-]+\.(js|json|svg)$/.test(file) &&
        !['package.json', 'README.md', 'LICENSE'].includes(file),
    );
    expect(unexpected).toEqual([]);
    expect(files.filter((file) => /\.(ts|map)$|test/.test(file))).toEqual([]);
    for (const path of [...manifest.n8n.nodes, ...manifest.n8n.credentials]) {
      expect(files).toContain(path);
    }
    expect(files).toEqual(
      expect.arrayContaining([
        'README.md',
        'LICENSE',
        'dist/nodes/AuditRelay/AuditRelay.node.json',
        'dist/nodes/AuditRelayTrigger/AuditRelayTrigger.node.json',
        'dist/icons/auditrelay.svg',
        'dist/icons/auditrelay.dark.svg',
      ]),
    );
  });

  it('declares no runtime dependencies, only n8n-workflow as a peer, strict mode', () => {
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(manifest.peerDependencies).toEqual({ 'n8n-workflow': '*' });
    expect(manifest.n8n.strict).toBe(true);
    expect(manifest.license).toBe('MIT');
    expect(Object.keys(manifest.scripts ?? {})).not.toEqual(
      expect.arrayContaining(['prepare', 'preinstall', 'install', 'postinstall']),
    );
  });

  it('requires nothing at run time but n8n-workflow and crypto (the core and its zod are bundled)', async () => {
    const required = new Set<string>();
    for (const file of files.filter((name) => name.endsWith('.js'))) {
      // The bundles are CommonJS: every import is a require() call (JSDoc examples aside).
      const code = (await readFile(join(packed.dir, file), 'utf8')).replace(
        /\/\*[\s\S]*?\*\//g,
        '',
      );
      for (const match of code.matchAll(/\brequire\((["'])([^"']+)\1\)/g)) {
        if (!match[2]!.startsWith('.')) required.add(match[2]!);
      }
    }
    expect([...required].sort()).toEqual(['crypto', 'n8n-workflow']);
  });

  it("passes the community-package scanner's rules, on the tarball and on the source", async () => {
    // The scanner's two legs: the published tarball's JS and package.json, and the source tree.
    const dist = await scanPackage(packed.dir, ['**/*.js', 'package.json']);
    expect(dist.details ?? dist.message ?? '').toBe('');
    expect(dist.passed).toBe(true);
    const source = await scanPackage(NODE_PACKAGE_DIR, [
      'package.json',
      '{nodes,credentials}/**/*.{js,ts,json}',
    ]);
    expect(source.details ?? source.message ?? '').toBe('');
    expect(source.passed).toBe(true);
  });

  it('n8n-node lint is clean (strict mode, default config)', async () => {
    const result = await runNodePackageBin('n8n-node', ['lint']);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    // n8n-node lint 0.48.3 exits 0 when ESLint cannot be started at all (`error.code ?? 0`); the
    // next test runs ESLint itself.
    expect(result.stdout + result.stderr).not.toMatch(/Oops|Error:/);
  });

  it("ESLint with the package's config reads every node and credential source, with no error", async () => {
    const result = await runNodePackageBin('eslint', ['.', '--format', 'json']);
    const report = JSON.parse(result.stdout) as Array<{
      filePath: string;
      errorCount: number;
      messages: Array<{ ruleId: string | null; message: string }>;
    }>;
    const linted = report.map((file) => relative(NODE_PACKAGE_DIR, file.filePath));
    expect(linted).toEqual(
      expect.arrayContaining([
        'nodes/AuditRelay/AuditRelay.node.ts',
        'nodes/AuditRelayTrigger/AuditRelayTrigger.node.ts',
        'credentials/KoreAiXoApi.credentials.ts',
        'credentials/KoreAiForWorkApi.credentials.ts',
        'credentials/UiPathOAuth2Api.credentials.ts',
      ]),
    );
    const errors = report.flatMap((file) =>
      file.errorCount > 0
        ? file.messages.map((m) => `${file.filePath}: ${m.ruleId} ${m.message}`)
        : [],
    );
    expect(errors).toEqual([]);
  });
});
