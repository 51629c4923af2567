import { defineConfig } from 'tsup';
import { nodeBuild } from '../../tsup.shared.mjs';

export default defineConfig([
  nodeBuild({
    // worker: the DataLoader's thread entry, loaded by piscina from dist/worker.js (ESM) at run time.
    entry: { index: 'src/index.ts', worker: 'src/worker.ts' },
    // browser's types are built here too: a dts step of its own raced this config's clean.
    dts: { entry: { index: 'src/index.ts', browser: 'src/browser.ts' } },
    shims: true,
  }),
  {
    // dist/browser.js (the `browser` export condition): src/browser.ts, image decoding with the browser's
    // decoders (io/*.browser.ts) and the errors; no Node built-ins (test/io-browser-bundle.test.ts).
    entry: { browser: 'src/browser.ts' },
    format: ['esm'],
    platform: 'browser',
    target: 'es2022',
    dts: false,
    sourcemap: true,
    clean: false,
    treeshake: true,
    noExternal: [/^@aug\/internal/],
  },
]);
