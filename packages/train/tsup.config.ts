import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', backend: 'src/backend.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  treeshake: true,
  // @aug/internal is private and source-only: bundle it so the published files never import it.
  noExternal: [/^@aug\/internal/],
});
