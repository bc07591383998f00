import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'oclif-plugin',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // oclif writes straight to process.stdout; vitest must not intercept console output.
    disableConsoleIntercept: true,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
