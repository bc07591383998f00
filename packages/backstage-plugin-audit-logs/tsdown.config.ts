import { defineConfig } from 'tsdown';

// ESM for browsers (Backstage apps bundle it); react, react-router and @backstage/* stay external.
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'],
  dts: true,
  platform: 'browser',
  target: 'es2022',
  sourcemap: true,
  clean: true,
});
