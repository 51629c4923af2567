// The package exports exactly what its README's API section documents.
import { describePublicApi } from '@aug/test-utils';

describePublicApi(new URL('..', import.meta.url), { '.': { load: () => import('../src/index.js'), source: 'src/index.ts' } });
