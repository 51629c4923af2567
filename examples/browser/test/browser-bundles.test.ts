// Every @aug package bundles for a browser: esbuild (vite's own) with platform 'browser' resolves each
// package through its `browser` export condition, and the graph holds no Node built-in (fs, path, os,
// module, crypto, worker_threads...), no native addon (onnxruntime-node, resvg) and no file I/O.
// tfjs packages stay external: they are the page's own choice (and browser-ready themselves).
import { builtinModules, createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_DIR } from './harness.js';

/** The part of esbuild's API used here (esbuild is vite's dependency, not this package's: no types here). */
interface PluginBuild {
  onResolve(options: { filter: RegExp }, callback: (args: { path: string }) => undefined): void;
}
interface Esbuild {
  build(options: Record<string, unknown>): Promise<{ metafile: { inputs: Record<string, unknown> }; outputFiles: { contents: Uint8Array }[] }>;
}
const esbuild = createRequire(createRequire(import.meta.url).resolve('vite'))('esbuild') as Esbuild;
const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

async function bundle(pkg: string): Promise<{ inputs: string[]; imports: string[]; bytes: number }> {
  const seen: string[] = [];
  const result = await esbuild.build({
    stdin: { contents: `export * from '${pkg}';`, resolveDir: EXAMPLE_DIR, loader: 'js' },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    metafile: true,
    logLevel: 'silent',
    external: ['@tensorflow/*'],
    plugins: [
      {
        name: 'record-imports',
        setup(build: PluginBuild) {
          build.onResolve({ filter: /.*/ }, (args) => {
            seen.push(args.path);
            return undefined;
          });
        },
      },
    ],
  });
  return { inputs: Object.keys(result.metafile.inputs), imports: seen, bytes: result.outputFiles[0]!.contents.length };
}

describe('browser bundles of the @aug packages', () => {
  for (const pkg of ['@aug/transforms', '@aug/data', '@aug/models', '@aug/backend', '@aug/train', '@aug/train/backend', '@aug/viz']) {
    it(`${pkg}: bundles for platform 'browser' with no Node built-in`, async () => {
      const { inputs, imports, bytes } = await bundle(pkg);
      expect(imports.filter((s) => BUILTINS.has(s))).toEqual([]);
      expect(imports.filter((s) => /onnxruntime-node|@resvg|pngjs|^webgpu$|tfjs-node/.test(s))).toEqual([]);
      expect(bytes).toBeGreaterThan(1000);
      if (pkg !== '@aug/transforms') {
        // resolved through the `browser` condition: the package's dist/browser*.js, never its Node entry
        const own = inputs.filter((f) => f.includes(`packages/${pkg.split('/')[1]}/dist/`));
        expect(own.some((f) => /dist\/browser(-backend)?\.js$/.test(f))).toBe(true);
        expect(own.some((f) => /dist\/index\.(c?js)$/.test(f))).toBe(false);
      }
    });
  }
});
