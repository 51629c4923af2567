// The package exports exactly what its README's API section documents: the root entry and the
// `functional` subpath, runtime values and type-only names.
import { readFileSync } from 'node:fs';
import { documentedApi, exportedTypes } from '@aug/test-utils';
import { describe, expect, it } from 'vitest';

const read = (file: string): string => readFileSync(new URL(`../${file}`, import.meta.url), 'utf8');

describe('public API', () => {
  const api = documentedApi(read('README.md'));

  it('documents the two entry points the package has', () => {
    expect([...api.keys()].sort()).toEqual(['.', './functional']);
    expect(Object.keys(JSON.parse(read('package.json')).exports)).toEqual(['.', './functional', './package.json']);
  });

  it('the root exports exactly the documented values and types', async () => {
    const entry = await import('../src/index.js');
    expect(Object.keys(entry).sort()).toEqual(api.get('.')!.values);
    expect(exportedTypes(read('src/index.ts'))).toEqual(api.get('.')!.types);
  });

  it('@aug/transforms/functional exports exactly the documented kernels and types', async () => {
    const entry = await import('../src/functional.js');
    expect(Object.keys(entry).sort()).toEqual(api.get('./functional')!.values);
    expect(exportedTypes(read('src/functional.ts'))).toEqual(api.get('./functional')!.types);
  });

  it('the root `functional` namespace is the subpath', async () => {
    const [root, sub] = await Promise.all([import('../src/index.js'), import('../src/functional.js')]);
    expect(Object.keys(root.functional).sort()).toEqual(Object.keys(sub).sort());
    for (const name of Object.keys(sub)) expect(root.functional[name as keyof typeof sub]).toBe(sub[name as keyof typeof sub]);
  });
});
