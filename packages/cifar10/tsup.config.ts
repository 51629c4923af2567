import { defineConfig } from 'tsup';

export default defineConfig({
  // The DataLoader (and its worker script) lives in @aug/data, which this package re-exports.
  entry: { index: 'src/index.ts' },
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
