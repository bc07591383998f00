import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { collect } from '../testing.js';
import { DOWNLOAD_PARSERS, parseDownloadCsv } from './download-parsers.js';
import { SOURCE_DEFINITIONS } from './registry.js';

const csv = (text: string): AsyncIterable<Uint8Array> =>
  (async function* () {
    yield await Promise.resolve(new TextEncoder().encode(text));
  })();

/**
 * Every module the portable entry loads, following value imports (`import type` is erased) and
 * lazy `import()`s, and the packages they name.
 */
function reachableFrom(entry: string): { modules: Set<string>; packages: Set<string> } {
  const modules = new Set<string>();
  const packages = new Set<string>();
  const pending = [entry];
  for (let file = pending.pop(); file; file = pending.pop()) {
    if (modules.has(file)) continue;
    modules.add(file);
    const code = readFileSync(file, 'utf8');
    const specifiers = [
      ...[...code.matchAll(/^(?:import|export)(?!\s+type\b)[^'";]*?from\s+'([^']+)'/gm)].map(
        (match) => match[1]!,
      ),
      ...[...code.matchAll(/\bimport\('([^']+)'\)/g)].map((match) => match[1]!),
    ];
    for (const specifier of specifiers) {
      if (specifier.startsWith('.'))
        pending.push(resolve(dirname(file), specifier.replace(/\.js$/, '.ts')));
      else packages.add(specifier);
    }
  }
  return { modules, packages };
}

describe('CSV download parsers', () => {
  it('has one for every type whose definition has a download, and none for the others', () => {
    expect(DOWNLOAD_PARSERS.map(({ type }) => type).sort()).toEqual(
      SOURCE_DEFINITIONS.filter(({ capabilities }) => capabilities.download)
        .map(({ type }) => type)
        .sort(),
    );
  });

  it.each(SOURCE_DEFINITIONS.map(({ type, capabilities }) => [type, capabilities.download]))(
    '%s (download: %s): parseDownloadCsv parses its rows or refuses the type',
    async (type, download) => {
      const source = { type, id: 'src' };
      if (download)
        await expect(collect(parseDownloadCsv(csv('id\n'), source))).resolves.toEqual([]);
      else
        expect(() => parseDownloadCsv(csv('id\n'), source)).toThrow(
          expect.objectContaining({ code: 'INPUT_INVALID' }),
        );
    },
  );

  it('stay out of the portable entry, which the n8n nodes bundle without csv-parse', () => {
    const portable = fileURLToPath(new URL('../portable.ts', import.meta.url));
    const { modules, packages } = reachableFrom(portable);
    expect(modules.size).toBeGreaterThan(20);
    expect([...packages]).not.toContain('csv-parse');
    expect([...modules].filter((file) => /download-(csv|parsers)\.ts$/.test(file))).toEqual([]);
    // The Node entry does load them, so the walk would see them.
    const node = reachableFrom(fileURLToPath(new URL('../index.ts', import.meta.url)));
    expect([...node.packages]).toContain('csv-parse');
  });
});
