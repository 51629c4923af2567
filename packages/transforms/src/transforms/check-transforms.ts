import { describeValue } from '@aug/internal';
import type { Transform } from '../transform.js';

/** Checks a list of transforms (anything with `apply` and `toJSON`). */
export function checkTransforms(transforms: unknown, name = 'transforms'): Transform[] {
  if (!Array.isArray(transforms)) throw new TypeError(`${name} must be an array of transforms, got ${describeValue(transforms)}`);
  transforms.forEach((t, i) => {
    if (t === null || typeof t !== 'object' || typeof (t as Transform).apply !== 'function' || typeof (t as Transform).toJSON !== 'function') {
      throw new TypeError(`${name}[${i}] must be a transform with apply(img, rng) and toJSON(), got ${describeValue(t)}`);
    }
  });
  return [...(transforms as Transform[])];
}
