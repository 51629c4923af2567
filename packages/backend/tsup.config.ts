import { defineConfig } from 'tsup';
import { browserBuild } from '../../scripts/tsup-browser.mjs';
import { nodeBuild } from '../../tsup.shared.mjs';

export default defineConfig([
  nodeBuild(),
  // dist/browser.js (the `browser` export condition): src/index.ts with the Node-only modules replaced
  // by their src/*.browser.ts substitutes (no file I/O, onnxruntime, worker threads or native probes).
  browserBuild(),
]);
