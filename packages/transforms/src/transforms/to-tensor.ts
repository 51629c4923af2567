import * as tf from '@tensorflow/tfjs-core';
import type { Image } from '../image.js';
import { toTensor } from '../kernels/to-tensor.js';
import type { BatchTransform, TransformSpec } from '../transform.js';
import { checkBatch } from '../batch/check.js';
import { applyToImages } from '../sample/apply-sample.js';
import { isSampleInput } from '../sample/sample-tree.js';
import type { Rng } from '../rng.js';

/**
 * Converts a uint8 image (0..255) to float32 in [0, 1] (torchvision `ToTensor`). aug keeps HWC
 * (torchvision gives CHW) because TensorFlow.js is channels-last.
 *
 * @example
 * ```ts
 * const x = new ToTensor().apply(img); // Float32Array data in [0, 1]
 * ```
 */
export class ToTensor implements BatchTransform {
  /**
   * Rebuilds a `ToTensor` from the `options` of its `toJSON()` spec (what `transformFromJSON` calls).
   * @example `const same = ToTensor.fromJSON(spec.options ?? {})`
   */
  static fromJSON(): ToTensor {
    return new ToTensor();
  }

  apply(img: Image, rng?: Rng): Image;
  apply<T extends object>(sample: T, rng?: Rng): T;
  apply(input: object, rng?: Rng): object {
    if (isSampleInput(input)) return applyToImages(input, rng, 'ToTensor', (im, r) => this.apply(im, r));
    const img = input as Image;
    return toTensor(img);
  }

  /** Divides an NHWC batch holding 0..255 values (float32 or int32) by 255, giving float32 in [0, 1]. */
  applyBatch(x: tf.Tensor4D): tf.Tensor4D {
    checkBatch(x, 'ToTensor');
    return tf.tidy(() => tf.div(tf.cast(x, 'float32'), 255) as tf.Tensor4D);
  }

  toJSON(): TransformSpec {
    return { type: 'ToTensor' };
  }
}
