import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: ['src/server.ts', 'src/demo.ts'],
  outDir: 'dist/server',
  format: ['esm'],
  dts: false,
  platform: 'node',
  target: 'node22',
  sourcemap: true,
  clean: true,
});
