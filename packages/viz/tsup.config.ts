import { defineConfig } from 'tsup';
import { browserBuild } from '../../scripts/tsup-browser.mjs';

export default defineConfig([
  {
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
  },
  // dist/browser.js (the `browser` export condition): src/index.ts with src/*.browser.ts in place of the
  // Node-only modules (file output, the resvg rasteriser, pngjs): figures are SVG strings in a page.
  browserBuild(),
]);
