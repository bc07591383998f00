// Runs after `n8n-node build` (tsc + icons): re-bundles each node and credential into one CommonJS
// file with @auditrelay/core inlined, so the package has no runtime dependencies. Only what n8n
// provides stays external: n8n-workflow, zod (the core imports `zod/v4`) and node:crypto.
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
    neverBundle: [/^n8n-workflow(\/|$)/, /^zod(\/|$)/, 'crypto', 'node:crypto'],
    alwaysBundle: [/^@auditrelay\//],
    // The core's own dependencies; anything else showing up in the bundle fails the build.
    onlyBundle: [
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
