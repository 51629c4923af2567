import type { Image } from './image.js';
import type { Rng } from './rng.js';

/** JSON-safe values, for serialised transform options. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * A transform turned into plain data (`transform.toJSON()`), so a pipeline can be shipped to worker
 * threads and rebuilt there with `transformFromJSON(spec)`.
 *
 * @example
 * ```ts
 * const spec: TransformSpec = { type: 'RandomHorizontalFlip', options: { p: 0.5 } };
 * ```
 */
export interface TransformSpec {
  type: string;
  options?: { [key: string]: JsonValue };
  transforms?: TransformSpec[];
}

/**
 * What every transform class implements: `apply` one image with the given generator (random
 * transforms draw their parameters from it once per call), and `toJSON` for worker threads.
 *
 * @example
 * ```ts
 * const out = new RandomHorizontalFlip().apply(img, createRng(0));
 * ```
 */
export interface Transform {
  apply(img: Image, rng?: Rng): Image;
  toJSON(): TransformSpec;
}
