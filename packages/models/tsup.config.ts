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
    // @aug/internal is private and source-only: bundle it so the published files never import it.
    noExternal: [/^@aug\/internal/],
  },
  // dist/browser.js (the `browser` export condition): src/index.ts with src/*.browser.ts in place of the
  // Node-only modules (saveModel/loadModel go to tfjs's URL handlers: indexeddb://, downloads://, http(s)://).
  browserBuild(),
]);
