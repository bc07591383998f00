import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'backstage-plugin-audit-logs-node',
    include: ['src/**/*.test.ts'],
  },
});
