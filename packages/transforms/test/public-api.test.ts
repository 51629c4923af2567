// The package exports exactly what its README's API section documents: the root entry and the
// `functional` subpath, runtime values and type-only names.
import { describePublicApi } from '@aug/test-utils';
import { describe, expect, it } from 'vitest';

describePublicApi(new URL('..', import.meta.url), {
  '.': { load: () => import('../src/index.js'), source: 'src/index.ts' },
  './functional': { load: () => import('../src/functional.js'), source: 'src/functional.ts' },
});

describe('the root `functional` namespace', () => {
  it('is the subpath', async () => {
    const [root, sub] = await Promise.all([import('../src/index.js'), import('../src/functional.js')]);
    expect(Object.keys(root.functional).sort()).toEqual(Object.keys(sub).sort());
    for (const name of Object.keys(sub)) expect(root.functional[name as keyof typeof sub]).toBe(sub[name as keyof typeof sub]);
  });
});
