import { defineConfig } from 'tsup';
import { browserBuild } from '../../scripts/tsup-browser.mjs';
import { nodeBuild } from '../../tsup.shared.mjs';

export default defineConfig([
  nodeBuild({ entry: { index: 'src/index.ts', backend: 'src/backend.ts' } }),
  // dist/browser.js and dist/browser-backend.js (the `browser` export conditions): the same entries with
  // src/*.browser.ts in place of the Node-only modules (checkpoints and the metrics log need files).
  browserBuild({ browser: 'src/index.ts', 'browser-backend': 'src/backend.ts' }),
]);
