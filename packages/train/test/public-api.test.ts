// The package exports exactly what its README's API section documents; `@aug/train/backend` is
// `@aug/backend` re-exported unchanged.
import { readFileSync } from 'node:fs';
import { documentedApi, exportedTypes } from '@aug/test-utils';
import { describe, expect, it } from 'vitest';

const read = (file: string): string => readFileSync(new URL(`../${file}`, import.meta.url), 'utf8');

describe('public API', () => {
  const api = documentedApi(read('README.md'));

  it('has the main entry and the backend subpath', () => {
    expect([...api.keys()].sort()).toEqual(['.', './backend']);
    expect(Object.keys(JSON.parse(read('package.json')).exports)).toEqual(['.', './backend', './package.json']);
  });

  it('exports exactly the documented values', async () => {
    const entry = await import('../src/index.js');
    expect(Object.keys(entry).sort()).toEqual(api.get('.')!.values);
  });

  it('exports exactly the documented types', () => {
    expect(exportedTypes(read('src/index.ts'))).toEqual(api.get('.')!.types);
  });

  it('re-exports @aug/backend unchanged as @aug/train/backend', async () => {
    const subpath = await import('../src/backend.js');
    const backend = await import('@aug/backend');
    expect(Object.keys(subpath).sort()).toEqual(Object.keys(backend).sort());
    for (const name of Object.keys(backend)) expect((subpath as Record<string, unknown>)[name], name).toBe((backend as Record<string, unknown>)[name]);
    expect(api.get('./backend')).toEqual({ values: [], types: [] });
  });
});
