// The package exports exactly what its README's API section documents.
import { readFileSync } from 'node:fs';
import { documentedApi, exportedTypes } from '@aug/test-utils';
import { describe, expect, it } from 'vitest';

const read = (file: string): string => readFileSync(new URL(`../${file}`, import.meta.url), 'utf8');

describe('public API', () => {
  const api = documentedApi(read('README.md'));

  it('has one entry point', () => {
    expect([...api.keys()]).toEqual(['.']);
    expect(Object.keys(JSON.parse(read('package.json')).exports)).toEqual(['.', './package.json']);
  });

  it('exports exactly the documented values', async () => {
    const entry = await import('../src/index.js');
    expect(Object.keys(entry).sort()).toEqual(api.get('.')!.values);
  });

  it('exports exactly the documented types', () => {
    expect(exportedTypes(read('src/index.ts'))).toEqual(api.get('.')!.types);
  });
});
