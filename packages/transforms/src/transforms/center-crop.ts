import type { JsonValue } from '../transform.js';
import type * as tf from '@tensorflow/tfjs-core';
import type { Image } from '../image.js';
import { centerCrop } from '../kernels/crop.js';
import type { BatchTransform, TransformSpec } from '../transform.js';
import { checkBatch } from '../batch/check.js';
import { centerCropBatch } from '../batch/center-crop.js';
import { checkSize } from '../validate.js';
import { applyGeometric } from '../sample/apply-sample.js';
import { centerCropGeometry } from '../sample/geometries.js';
import { isSampleInput } from '../sample/sample-tree.js';
import type { Rng } from '../rng.js';

/**
 * Crops the centre (torchvision `CenterCrop`), zero-padding images smaller than the crop.
 *
 * @example
 * ```ts
 * const out = new CenterCrop(24).apply(img);
 * ```
 */
export class CenterCrop implements BatchTransform {
  /**
   * Rebuilds a `CenterCrop` from the `options` of its `toJSON()` spec (what `transformFromJSON` calls).
   * @example `const same = CenterCrop.fromJSON(spec.options ?? {})`
   */
  static fromJSON(options: { [key: string]: JsonValue }): CenterCrop {
    type Args = ConstructorParameters<typeof CenterCrop>;
    const { size } = options;
    return new CenterCrop(size as Args[0]);
  }

  readonly size: [number, number];

  constructor(size: number | [number] | [number, number]) {
    this.size = checkSize(size);
  }

  apply(img: Image, rng?: Rng): Image;
  apply<T extends object>(sample: T, rng?: Rng): T;
  apply(input: object): object {
    if (isSampleInput(input)) {
      return applyGeometric(input, 'CenterCrop', (size) => ({ image: (im) => centerCrop(im, this.size), geometry: centerCropGeometry(size, this.size) }));
    }
    return centerCrop(input as Image, this.size);
  }

  /** Centre-crops an NHWC batch (padding with zeros first where it is smaller than the crop). */
  applyBatch(x: tf.Tensor4D): tf.Tensor4D {
    checkBatch(x, 'CenterCrop');
    return centerCropBatch(x, this.size);
  }

  toJSON(): TransformSpec {
    return { type: 'CenterCrop', options: { size: [...this.size] } };
  }
}
