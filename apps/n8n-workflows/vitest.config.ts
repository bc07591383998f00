import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'n8n-workflows',
    include: ['e2e/**/*.test.ts'],
    // A real n8n: each CLI call takes a few seconds.
    testTimeout: 240_000,
    hookTimeout: 240_000,
  },
});
