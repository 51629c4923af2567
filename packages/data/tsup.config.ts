import { defineConfig } from 'tsup';

export default defineConfig({
  // worker: the DataLoader's thread entry, loaded by piscina from dist/worker.js (ESM) at run time.
  entry: { index: 'src/index.ts', worker: 'src/worker.ts' },
  format: ['esm', 'cjs'],
  dts: { entry: { index: 'src/index.ts' } },
  sourcemap: true,
  clean: true,
  target: 'node20',
  treeshake: true,
  shims: true,
  // @aug/internal is private and source-only: bundle it so the published files never import it.
  noExternal: [/^@aug\/internal/],
});
