// The browser build must not pull Node's built-ins (fs, zlib...), sharp or pngjs into a browser bundle:
// bundle its entry as tsup does (esbuild, platform 'browser') and list every such import it reaches.
import { builtinModules, createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

interface EsbuildLike {
  build(options: Record<string, unknown>): Promise<{ errors: unknown[]; metafile?: { inputs: Record<string, unknown> } }>;
}

const esbuild = createRequire(createRequire(import.meta.url).resolve('tsup'))('esbuild') as EsbuildLike;
const NODE_ONLY = ['sharp', 'pngjs', 'piscina'];
const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

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
          name: 'record-node-imports',
          setup(build: { onResolve(o: { filter: RegExp }, cb: (a: { path: string; importer: string }) => unknown): void }) {
            build.onResolve({ filter: /^[a-z@]/ }, (args) => {
              const nodeOnly = NODE_ONLY.some((m) => args.path === m || args.path.startsWith(`${m}/`));
              if (nodeOnly || BUILTINS.has(args.path) || BUILTINS.has(args.path.split('/')[0]!)) {
                imported.push(`${args.path} (from ${args.importer})`);
                return { path: args.path, external: true };
              }
              return undefined;
            });
          },
        },
      ],
    }).catch((error: { errors?: { text: string }[] }) => ({ errors: error.errors?.map((e) => e.text) ?? [String(error)], metafile: undefined }));
    expect(result.errors).toEqual([]);
    expect(imported).toEqual([]);
    const inputs = Object.keys(result.metafile!.inputs);
    expect(inputs.some((p) => p.endsWith('browser-decoders.ts'))).toBe(true);
    expect(inputs.some((p) => p.endsWith('png-decode.ts'))).toBe(true);
    expect(inputs.some((p) => /node-decoders|sharp-decoder|pure-png|pure-jpeg|read-image|write-image/.test(p))).toBe(false);
  });
});
