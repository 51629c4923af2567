import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  treeshake: true,
  // import.meta.url (used to find the shipped font) also works in the CommonJS build.
  shims: true,
  // @aug/internal is private and source-only: bundle it so the published files never import it.
  noExternal: [/^@aug\/internal/],
});
