import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'backstage-backend',
    include: ['src/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 120_000,
  },
});
