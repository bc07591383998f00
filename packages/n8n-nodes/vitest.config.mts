import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'n8n-nodes',
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
  },
});
