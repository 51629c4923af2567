import { createRequire } from 'node:module';
import type { Rng } from '@aug/transforms';

/**
 * `createRng(0)` from `@aug/transforms`, loaded only when called: @aug/transforms needs `@tensorflow/tfjs-core`,
 * an optional peer of @aug/viz, so a static import would make every `import '@aug/viz'` need it. Whoever calls
 * this passed an @aug/transforms transform, so both are installed.
 */
export function defaultRng(): Rng {
  const require = createRequire(import.meta.url);
  const transforms = require('@aug/transforms') as typeof import('@aug/transforms');
  return transforms.createRng(0);
}
