import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: ['src/index.ts', 'src/demo.ts'],
  format: ['esm'],
  dts: false,
  platform: 'node',
  target: 'node22',
  sourcemap: true,
  clean: true,
});
