import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'backstage-plugin-audit-logs-common',
    include: ['src/**/*.test.ts'],
  },
});
