import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'backstage-plugin-audit-logs',
    include: ['src/**/*.test.{ts,tsx}'],
    environment: 'happy-dom',
    // Typing into Backstage UI fields with user-event takes a few seconds on a busy machine.
    testTimeout: 20_000,
  },
});
