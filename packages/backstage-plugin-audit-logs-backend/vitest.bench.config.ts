import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'backstage-plugin-audit-logs-backend-bench',
    include: ['bench/**/*.bench-test.ts'],
    globals: true,
    setupFiles: ['./src/__testing__/setup.ts'],
    testTimeout: 600_000,
    hookTimeout: 120_000,
  },
});
