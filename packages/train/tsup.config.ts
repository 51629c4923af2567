import { defineConfig } from 'tsup';
import { browserBuild } from '../../scripts/tsup-browser.mjs';

export default defineConfig([
  {
    entry: { index: 'src/index.ts', backend: 'src/backend.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
    treeshake: true,
    // @aug/internal is private and source-only: bundle it so the published files never import it.
    noExternal: [/^@aug\/internal/],
  },
  // dist/browser.js and dist/browser-backend.js (the `browser` export conditions): the same entries with
  // src/*.browser.ts in place of the Node-only modules (checkpoints and the metrics log need files).
  browserBuild({ browser: 'src/index.ts', 'browser-backend': 'src/backend.ts' }),
]);
