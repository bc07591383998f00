import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'backstage-frontend',
    include: ['src/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    // Each browser test file starts a backend, a simulator and Chromium: one file at a time.
    fileParallelism: false,
  },
});
