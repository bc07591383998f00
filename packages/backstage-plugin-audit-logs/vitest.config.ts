import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'backstage-plugin-audit-logs',
    include: ['src/**/*.test.{ts,tsx}'],
    environment: 'happy-dom',
  },
});
