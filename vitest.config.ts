import { defineConfig } from 'vitest/config';

// One vitest run covers every workspace package: each package with tests has its own
// vitest.config.ts naming its project.
export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*'],
  },
});
