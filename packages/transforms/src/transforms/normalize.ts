import type { JsonValue } from '../transform.js';
import { describeValue } from '@aug/internal';
import * as tf from '@tensorflow/tfjs-core';
import type { Image } from '../image.js';
import { checkStd, normalize, perChannel } from '../kernels/normalize.js';
import type { BatchTransform, TransformSpec } from '../transform.js';
import { checkBatch } from '../batch/check.js';
import { applyToImages } from '../sample/apply-sample.js';
import { isSampleInput } from '../sample/sample-tree.js';
import type { Rng } from '../rng.js';

/**
 * Standardises each channel, `(x - mean) / std` (torchvision `Normalize`), on float images.
 *
 * @example
 * ```ts
 * const t = new Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225]);
 * const x = t.apply(new ToTensor().apply(img));
 * ```
 */
export class Normalize implements BatchTransform {
  /**
   * Rebuilds a `Normalize` from the `options` of its `toJSON()` spec (what `transformFromJSON` calls).
   * @example `const same = Normalize.fromJSON(spec.options ?? {})`
   */
  static fromJSON(options: { [key: string]: JsonValue }): Normalize {
    type Args = ConstructorParameters<typeof Normalize>;
    const { mean, std } = options;
    return new Normalize(mean as Args[0], std as Args[1]);
  }

  readonly mean: number[];
  readonly std: number[];

  constructor(mean: number | readonly number[], std: number | readonly number[]) {
    const m = typeof mean === 'number' ? [mean] : mean;
    const s = typeof std === 'number' ? [std] : std;
    if (!Array.isArray(m) || m.length === 0) throw new TypeError(`mean must be a number or an array of numbers, got ${describeValue(mean)}`);
    if (!Array.isArray(s) || s.length === 0) throw new TypeError(`std must be a number or an array of numbers, got ${describeValue(std)}`);
    this.mean = perChannel(m, m.length, 'mean');
    this.std = perChannel(s, s.length, 'std');
    checkStd(this.std);
  }

  apply(img: Image, rng?: Rng): Image;
  apply<T extends object>(sample: T, rng?: Rng): T;
  apply(input: object, rng?: Rng): object {
    if (isSampleInput(input)) return applyToImages(input, rng, 'Normalize', (im, r) => this.apply(im, r));
    const img = input as Image;
    return normalize(img, this.mean, this.std);
  }

  /** Standardises the channels (last axis) of an NHWC float32 batch. */
  applyBatch(x: tf.Tensor4D): tf.Tensor4D {
    checkBatch(x, 'Normalize');
    const c = x.shape[3];
    const mean = perChannel(this.mean, c, 'mean');
    const std = perChannel(this.std, c, 'std');
    return tf.tidy(() => tf.div(tf.sub(tf.cast(x, 'float32'), tf.tensor1d(mean)), tf.tensor1d(std)) as tf.Tensor4D);
  }

  toJSON(): TransformSpec {
    return { type: 'Normalize', options: { mean: [...this.mean], std: [...this.std] } };
  }
}
