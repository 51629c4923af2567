// The kit's app/main.mjs.xz: ONE esbuild bundle of scripts/device/app (aug's packages, tfjs core/layers,
// tfjs-backend-webgpu, the `webgpu` package's JS), with @resvg/resvg-js loaded lazily beside it.
import { rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { mib, ROOT, say, TEMPLATES, xzFile } from './common.mjs';

/**
 * @aug/viz imports `{ Resvg }` from '@resvg/resvg-js' at the top, which loads resvg's native binary
 * when the bundle starts. This stand-in loads the real package (copied into app/node_modules) at the
 * first `new Resvg(...)`, so a binary that cannot load on the device costs the curves PNG only, not
 * every step.
 */
const lazyResvg = {
  name: 'aug-lazy-resvg',
  setup(b) {
    b.onResolve({ filter: /^@resvg\/resvg-js$/ }, (args) =>
      args.namespace === 'aug-lazy-resvg' ? { path: args.path, external: true } : { path: 'lazy', namespace: 'aug-lazy-resvg' },
    );
    b.onLoad({ filter: /.*/, namespace: 'aug-lazy-resvg' }, () => ({
      loader: 'js',
      contents: `import { createRequire } from 'node:module';
let real;
const load = () => (real ??= createRequire(import.meta.url)('@resvg/resvg-js'));
export class Resvg { constructor(...args) { return new (load().Resvg)(...args); } }
export const render = (...args) => load().render(...args);
export const renderAsync = (...args) => load().renderAsync(...args);
`,
    }));
  },
};

export async function bundle(stage) {
  const req = createRequire(join(ROOT, 'package.json'));
  const esbuildPath = createRequire(req.resolve('tsup/package.json')).resolve('esbuild');
  const esbuild = await import(esbuildPath);
  const outfile = join(stage, 'app', 'main.mjs');
  const result = await esbuild.build({
    entryPoints: [join(TEMPLATES, 'app', 'main.mjs')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // The workspace packages are not linked at the root: resolve them the way @aug/backend, @aug/train
    // and the example do (their node_modules hold @aug/*, tfjs, webgpu and tfjs-backend-webgpu).
    nodePaths: [join(ROOT, 'packages', 'backend', 'node_modules'), join(ROOT, 'packages', 'train', 'node_modules'), join(ROOT, 'examples', 'train-with-data-aug', 'node_modules')],
    // Native or unused optional backends stay out; @resvg/resvg-js is copied beside the bundle and
    // loaded lazily (lazyResvg), so only drawing the PNG needs its binary.
    plugins: [lazyResvg],
    external: ['@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-backend-wasm', 'onnxruntime-node'],
    banner: { js: "import { createRequire as __augKitRequire } from 'node:module'; const require = __augKitRequire(import.meta.url);" },
    logLevel: 'error',
    metafile: true,
    legalComments: 'none',
  });
  const inputs = Object.keys(result.metafile.inputs);
  const cores = new Set(inputs.filter((p) => p.includes('tfjs-core/dist/index')).map((p) => p.replace(/\/dist\/.*/, '')));
  if (cores.size > 1) throw new Error(`the bundle holds ${cores.size} copies of @tensorflow/tfjs-core (${[...cores].join(', ')}); one version must be used`);
  if (!inputs.some((p) => p.includes('webgpu@') && p.endsWith('index.js'))) throw new Error('the bundle does not contain the webgpu package');
  const bytes = statSync(outfile).size;
  xzFile(outfile, `${outfile}.xz`);
  rmSync(outfile);
  say(`bundle app/main.mjs: ${mib(bytes)} from ${inputs.length} modules (xz ${mib(statSync(`${outfile}.xz`).size)})`);
}
