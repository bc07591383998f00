import { defineConfig } from 'tsdown';

const shared = {
  dts: true,
  platform: 'node',
  target: 'node22',
  sourcemap: true,
} as const;

export default defineConfig([
  // The library: ESM + CJS.
  { ...shared, entry: ['src/index.ts'], format: ['esm', 'cjs'], clean: true },
  // The bin: ESM only; tsdown keeps the shebang and marks dist/cli.mjs executable.
  { ...shared, entry: ['src/cli.ts'], format: ['esm'], dts: false, clean: false },
]);
