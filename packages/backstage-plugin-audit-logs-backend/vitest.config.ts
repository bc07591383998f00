import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'backstage-plugin-audit-logs-backend',
    include: ['src/**/*.test.ts'],
    // backend-test-utils registers its own afterAll cleanups only when globals exist, and its
    // `.mock()` helpers call `jest.fn()`: the setup file maps `jest` to `vi`.
    globals: true,
    setupFiles: ['./src/__testing__/setup.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
