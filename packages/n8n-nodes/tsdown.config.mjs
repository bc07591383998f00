// Runs after `n8n-node build` (tsc + icons): re-bundles each node and credential into one CommonJS
// file with @auditrelay/core and its zod inlined, so the package has no runtime dependencies. Only
// n8n-workflow and node:crypto stay external. zod is bundled, not left to n8n: an undeclared
// `require('zod/v4')` resolves to whatever zod n8n or another community package brings.
import { rm } from 'node:fs/promises';
import { defineConfig } from 'tsdown';

const entries = [
  'nodes/AuditRelay/AuditRelay.node',
  'nodes/AuditRelayTrigger/AuditRelayTrigger.node',
  'credentials/KoreAiXoApi.credentials',
  'credentials/KoreAiForWorkApi.credentials',
  'credentials/UiPathOAuth2Api.credentials',
];

export default defineConfig({
  entry: Object.fromEntries(entries.map((name) => [name, `${name}.ts`])),
  outDir: 'dist',
  format: 'cjs',
  platform: 'node',
  target: 'node22',
  clean: false,
  dts: false,
  sourcemap: false,
  outExtensions: () => ({ js: '.js' }),
  deps: {
    neverBundle: [/^n8n-workflow(\/|$)/, 'crypto', 'node:crypto'],
    alwaysBundle: [/^@auditrelay\//],
    // The core's own dependencies; anything else showing up in the bundle fails the build.
    onlyBundle: [
      'zod',
      'jose',
      '@noble/hashes',
      'html-to-text',
      'htmlparser2',
      'domelementtype',
      'domhandler',
      'dom-serializer',
      'entities',
      'deepmerge-ts',
      'selderee',
      '@selderee/plugin-htmlparser2',
      'parseley',
      'peberminta',
      'leac',
    ],
  },
  outputOptions: { chunkFileNames: 'shared/auditrelay-[hash].js' },
  plugins: [
    {
      // The community-package scanner refuses `new Function` and `globalThis` anywhere in the
      // bundle. zod uses the first only to probe whether it may compile parsers to code: answer
      // no, as its `jitless` mode does (every schema still parses, without eval). It keeps its
      // config and schema registry on `globalThis`: give the bundle its own object instead, which
      // also keeps another package's zod settings (a global post-processor) out of ours.
      name: 'zod-without-eval-or-globals',
      transform(code, id) {
        if (!/[\\/]zod[\\/]v4[\\/]core[\\/](util|core|registries)\.js$/.test(id)) return null;
        if (id.endsWith('util.js')) {
          const probe = /const F = Function;\s*new F\(""\);\s*return true;/;
          if (!probe.test(code)) throw new Error(`zod's eval probe changed in ${id}`);
          return code.replace(probe, 'return false;');
        }
        return `const zodBundleGlobals = {};\n${code.replaceAll('globalThis', 'zodBundleGlobals')}`;
      },
    },
    {
      // html-to-text warns on the console when an input exceeds its 16 MB limit; n8n nodes must
      // not write to the console, so that one warning is dropped (the truncation still happens).
      name: 'html-to-text-without-console',
      transform(code, id) {
        if (!/[\\/]html-to-text[\\/]/.test(id) || !code.includes('console.warn(')) return null;
        return code.replaceAll('console.warn(', '((..._ignored) => undefined)(');
      },
    },
  ],
  hooks: {
    // tsc's per-file output of the shared helpers is now inside the bundles.
    'build:done': () => rm('dist/nodes/shared', { recursive: true, force: true }),
  },
});
