import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// Builds the harness page into dist/web (served by src/server.ts).
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  logLevel: 'warn',
  // Backstage packages expect the Backstage CLI's bundler, which provides `global`
  // (core-app-api's fetch API reads `global.fetch`).
  define: { global: 'globalThis' },
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
});
