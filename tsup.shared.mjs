// The Node build every published package shares (each tsup.config.ts calls nodeBuild, and browserBuild
// from scripts/tsup-browser.mjs where the package has a browser build): ESM + CJS for Node 20 with
// declarations and source maps, and @aug/internal bundled in (it is private and source-only, so the
// published files must never import it).

/**
 * A package's Node build (tsup options).
 *
 * @param {object} [options]
 * @param {Record<string, string>} [options.entry] entries (default `{ index: 'src/index.ts' }`)
 * @param {boolean | { entry: Record<string, string> }} [options.dts] declarations (default true: every entry)
 * @param {boolean} [options.shims] tsup's import.meta.url / __dirname shims (default false)
 * @returns {import('tsup').Options}
 * @example
 * // packages/transforms/tsup.config.ts
 * import { defineConfig } from 'tsup';
 * import { nodeBuild } from '../../tsup.shared.mjs';
 * export default defineConfig([nodeBuild({ entry: { index: 'src/index.ts', functional: 'src/functional.ts' } })]);
 */
export function nodeBuild({ entry = { index: 'src/index.ts' }, dts = true, shims = false } = {}) {
  return {
    entry,
    format: ['esm', 'cjs'],
    // @aug/internal/types holds the public types several packages share: copied into the declarations
    // (every other @aug/internal import stays out of them).
    dts: dts === false ? false : { ...(dts === true ? {} : dts), resolve: [/^@aug\/internal\/types$/] },
    sourcemap: true,
    clean: true,
    target: 'node20',
    treeshake: true,
    ...(shims ? { shims: true } : {}),
    noExternal: [/^@aug\/internal/],
  };
}
