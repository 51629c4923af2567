// The browser build of a package (tsup config helper): the same src/index.ts, bundled for platform
// 'browser', with every relative import `./x.js` replaced by `./x.browser.ts` where such a file exists
// (the Node-only modules: file I/O, onnxruntime, worker threads, native probes), and any Node built-in
// that still reaches the graph is a build error, so `dist/browser.js` can never import one.
import { existsSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const BUILTINS = new Set(builtinModules.filter((m) => !m.startsWith('_')));
/** Built-ins with a browser shim here (pure name arithmetic only). */
const SHIMS = { path: resolve(dirname(fileURLToPath(import.meta.url)), 'browser-shims/path.mjs') };

/** esbuild plugin: `./x.js` -> `./x.browser.ts` when it exists; `node:path` -> a shim; other Node built-ins are errors. */
export function browserSubstitutes() {
  return {
    name: 'aug-browser-substitutes',
    setup(build) {
      build.onResolve({ filter: /^\.\.?\// }, (args) => {
        const base = resolve(args.resolveDir, args.path).replace(/\.(js|ts)$/, '');
        const alt = `${base}.browser.ts`;
        return existsSync(alt) ? { path: alt } : undefined;
      });
      build.onResolve({ filter: /^[a-z_]/ }, (args) => {
        const name = args.path.replace(/^node:/, '').split('/')[0];
        if (SHIMS[args.path.replace(/^node:/, '')] !== undefined) return { path: SHIMS[args.path.replace(/^node:/, '')] };
        if (args.path.startsWith('node:') || BUILTINS.has(name)) {
          return { errors: [{ text: `the browser build imports the Node built-in '${args.path}' (from ${args.importer}); add a .browser.ts substitute` }] };
        }
        return undefined;
      });
    },
  };
}

/**
 * The tsup options of a package's browser build: `dist/<name>.js` (ESM) from `entry`, platform
 * 'browser', @aug/internal bundled, the package's dependencies external as in the Node build.
 */
export function browserBuild(entry = { browser: 'src/index.ts' }) {
  return {
    entry,
    format: ['esm'],
    platform: 'browser',
    target: 'es2022',
    dts: false,
    sourcemap: true,
    clean: false,
    treeshake: true,
    noExternal: [/^@aug\/internal/],
    // keep `node:` specifiers for the plugin to see (tsup would strip them and mark them external)
    removeNodeProtocol: false,
    esbuildPlugins: [browserSubstitutes()],
  };
}
