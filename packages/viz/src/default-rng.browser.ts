// The browser build's default rng: a page that bundles @aug/viz bundles @aug/transforms with it.
import { createRng, type Rng } from '@aug/transforms';

/** `createRng(0)` from `@aug/transforms`. */
export function defaultRng(): Rng {
  return createRng(0);
}
