// The browser build must not pull Node's built-ins (fs, zlib...), sharp or pngjs into a browser bundle:
// bundle its entry as tsup does (esbuild, platform 'browser', the shared *.browser.ts substitutes plugin,
// which turns any Node built-in into a build error) and list what reached the graph.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { browserSubstitutes } from '../../../scripts/tsup-browser.mjs';

interface EsbuildLike {
  build(options: Record<string, unknown>): Promise<{ errors: unknown[]; metafile?: { inputs: Record<string, unknown> } }>;
}

const esbuild = createRequire(createRequire(import.meta.url).resolve('tsup'))('esbuild') as EsbuildLike;
const NODE_ONLY = ['sharp', 'pngjs', 'piscina'];

describe('browser build', () => {
  it('src/browser.ts bundles for the browser without Node built-ins, sharp or pngjs', async () => {
    const imported: string[] = [];
    const result = await esbuild.build({
      entryPoints: [join(import.meta.dirname, '..', 'src', 'browser.ts')],
      bundle: true,
      write: false,
      metafile: true,
      platform: 'browser',
      format: 'esm',
      logLevel: 'silent',
      plugins: [
        {
          name: 'record-node-only-packages',
          setup(build: { onResolve(o: { filter: RegExp }, cb: (a: { path: string; importer: string }) => unknown): void }) {
            build.onResolve({ filter: /^[a-z@]/ }, (args) => {
              if (NODE_ONLY.some((m) => args.path === m || args.path.startsWith(`${m}/`))) {
                imported.push(`${args.path} (from ${args.importer})`);
                return { path: args.path, external: true };
              }
              return undefined;
            });
          },
        },
        browserSubstitutes(),
      ],
    }).catch((error: { errors?: { text: string }[] }) => ({ errors: error.errors?.map((e) => e.text) ?? [String(error)], metafile: undefined }));
    expect(result.errors).toEqual([]);
    expect(imported).toEqual([]);
    const inputs = Object.keys(result.metafile!.inputs);
    expect(inputs.some((p) => p.endsWith('platform-decoders.browser.ts'))).toBe(true);
    expect(inputs.some((p) => /node-decoders|sharp-decoder|pure-png|pure-jpeg|read-image|write-image/.test(p))).toBe(false);
  });
});
