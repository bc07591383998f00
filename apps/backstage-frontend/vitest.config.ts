import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'backstage-frontend',
    include: ['src/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    // Each browser test file starts a backend, a simulator and Chromium: one file at a time.
    fileParallelism: false,
    // The page renders what a real backend answers; on a loaded CI machine that can take longer
    // than expect.poll's 1 s default. A wait, not a timing assertion.
    expect: { poll: { timeout: 15_000, interval: 100 } },
  },
});
