import type { JsonValue } from '../transform.js';
import type { Image } from '../image.js';
import type { Rng } from '../rng.js';
import type { BoundingBoxes } from '../targets/bounding-boxes.js';
import { clampBoundingBoxes } from '../targets/formats.js';
import type { Transform, TransformSpec } from '../transform.js';
import { flattenSample, isSampleInput } from '../sample/sample-tree.js';
import { checkOptions } from '../validate.js';

/**
 * Applies `fn` to every `BoundingBoxes` leaf of `input` (an image or a sample); everything else passes through.
 * @example `mapBoxLeaves(sample, clampBoundingBoxes)`
 */
export function mapBoxLeaves<T>(input: T, fn: (b: BoundingBoxes) => BoundingBoxes): T {
  if (!isSampleInput(input)) return input;
  const flat = flattenSample(input);
  return flat.unflatten(flat.leaves.map((l) => (l.kind === 'boundingBoxes' ? fn(l.value as BoundingBoxes) : l.value))) as T;
}

/**
 * Clamps every set of bounding boxes of a sample to its canvas (torchvision v2 `ClampBoundingBoxes`); images,
 * masks and everything else pass through unchanged.
 *
 * @example
 * ```ts
 * const out = new ClampBoundingBoxes().apply({ image, boxes });
 * ```
 */
export class ClampBoundingBoxes implements Transform {
  /**
   * Rebuilds a `ClampBoundingBoxes` from the `options` of its `toJSON()` spec (what `transformFromJSON` calls).
   * @example `const same = ClampBoundingBoxes.fromJSON(spec.options ?? {})`
   */
  static fromJSON(options: { [key: string]: JsonValue }): ClampBoundingBoxes {
    type Args = ConstructorParameters<typeof ClampBoundingBoxes>;
    return new ClampBoundingBoxes(options as Args[0]);
  }

  constructor(options?: Record<string, never>) {
    checkOptions(options, [], 'ClampBoundingBoxes');
  }

  apply(img: Image, rng?: Rng): Image;
  apply<T extends object>(sample: T, rng?: Rng): T;
  apply(input: object): object {
    return mapBoxLeaves(input, clampBoundingBoxes);
  }

  toJSON(): TransformSpec {
    return { type: 'ClampBoundingBoxes' };
  }
}
