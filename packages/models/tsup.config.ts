import { defineConfig } from 'tsup';
import { browserBuild } from '../../scripts/tsup-browser.mjs';
import { nodeBuild } from '../../tsup.shared.mjs';

export default defineConfig([
  nodeBuild(),
  // dist/browser.js (the `browser` export condition): src/index.ts with src/*.browser.ts in place of the
  // Node-only modules (saveModel/loadModel go to tfjs's URL handlers: indexeddb://, downloads://, http(s)://).
  browserBuild(),
]);
