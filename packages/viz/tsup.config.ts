import { defineConfig } from 'tsup';
import { browserBuild } from '../../scripts/tsup-browser.mjs';
import { nodeBuild } from '../../tsup.shared.mjs';

export default defineConfig([
  // shims: import.meta.url (used to find the shipped font) also works in the CommonJS build.
  nodeBuild({ shims: true }),
  // dist/browser.js (the `browser` export condition): src/index.ts with src/*.browser.ts in place of the
  // Node-only modules (file output, the resvg rasteriser, pngjs): figures are SVG strings in a page.
  browserBuild(),
]);
