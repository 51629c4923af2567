import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { documentedApi, exportedTypes } from './public-api.js';

/** One entry point of a package: how to import its source, and the file whose type exports count. */
export interface ApiEntryPoint {
  load: () => Promise<object>;
  source: string;
}

/**
 * Registers the "public API" suite of a package: the README's `## API` section documents exactly the
 * entry points `package.json` exports, and each entry exports exactly the documented values and types.
 *
 * @param packageRoot - the package folder (`new URL('..', import.meta.url)` from a test file)
 * @param entries - per subpath (`'.'`, `'./functional'`), its loader and source file
 * @example
 * ```ts
 * describePublicApi(new URL('..', import.meta.url), { '.': { load: () => import('../src/index.js'), source: 'src/index.ts' } });
 * ```
 */
export function describePublicApi(packageRoot: URL, entries: Record<string, ApiEntryPoint>): void {
  const read = (file: string): string => readFileSync(new URL(file, packageRoot), 'utf8');
  describe('public API', () => {
    const api = documentedApi(read('README.md'));
    const subpaths = Object.keys(entries).sort();

    it(`documents exactly the package's entry points (${subpaths.join(', ')})`, () => {
      expect([...api.keys()].sort()).toEqual(subpaths);
      const exported = Object.keys(JSON.parse(read('package.json')).exports as Record<string, unknown>);
      expect(exported.filter((k) => k !== './package.json').sort()).toEqual(subpaths);
    });

    for (const subpath of subpaths) {
      const entry = entries[subpath]!;
      it(`${subpath} exports exactly the documented values and types`, async () => {
        const module = await entry.load();
        expect(Object.keys(module).sort()).toEqual(api.get(subpath)!.values);
        expect(exportedTypes(read(entry.source))).toEqual(api.get(subpath)!.types);
      });
    }
  });
}
