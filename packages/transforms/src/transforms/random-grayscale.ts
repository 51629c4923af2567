import type { JsonValue } from '../transform.js';
import type * as tf from '@tensorflow/tfjs-core';
import type { Image } from '../image.js';
import { rgbToGrayscale } from '../kernels/color.js';
import type { Rng } from '../rng.js';
import type { BatchTransform, TransformSpec } from '../transform.js';
import { perPixel } from '../batch/broadcast.js';
import { checkBatch } from '../batch/check.js';
import { applyToFlagged } from '../batch/flagged.js';
import { grayBatch } from '../batch/color.js';
import { checkChannels, checkOptions, checkProbability, checkRng } from '../validate.js';
import { applyToImages } from '../sample/apply-sample.js';
import { isSampleInput } from '../sample/sample-tree.js';

/**
 * Converts to grayscale with probability `p`, keeping the number of channels (torchvision `RandomGrayscale`).
 *
 * @example
 * ```ts
 * const out = new RandomGrayscale({ p: 0.2 }).apply(img, createRng(0));
 * ```
 */
export class RandomGrayscale implements BatchTransform {
  /**
   * Rebuilds a `RandomGrayscale` from the `options` of its `toJSON()` spec (what `transformFromJSON` calls).
   * @example `const same = RandomGrayscale.fromJSON(spec.options ?? {})`
   */
  static fromJSON(options: { [key: string]: JsonValue }): RandomGrayscale {
    type Args = ConstructorParameters<typeof RandomGrayscale>;
    return new RandomGrayscale(options as Args[0]);
  }

  readonly p: number;

  constructor(options: { p?: number } | number = {}) {
    this.p = checkProbability(typeof options === 'number' ? options : (checkOptions(options, ['p'], 'RandomGrayscale').p ?? 0.1));
  }

  /**
   * Whether to convert: one draw, `rng.next() < p`.
   * @example `RandomGrayscale.getParams(0.1, rng)`
   */
  static getParams(p: number, rng: Rng): boolean {
    return rng.next() < p;
  }

  apply(img: Image, rng?: Rng): Image;
  apply<T extends object>(sample: T, rng?: Rng): T;
  apply(input: object, rng?: Rng): object {
    if (isSampleInput(input)) return applyToImages(input, rng, 'RandomGrayscale', (im, r) => this.apply(im, r));
    const img = input as Image;
    checkRng(rng, 'RandomGrayscale');
    if (!RandomGrayscale.getParams(this.p, rng)) return img;
    checkChannels(img.channels, [1, 3]);
    return rgbToGrayscale(img, img.channels as 1 | 3);
  }

  /** Converts each sample of an NHWC batch with probability `p` (grey repeated over the 3 channels). */
  applyBatch(x: tf.Tensor4D, rng?: Rng): tf.Tensor4D {
    checkRng(rng, 'RandomGrayscale');
    checkBatch(x, 'RandomGrayscale');
    const [n, , , c] = x.shape;
    checkChannels(c, [1, 3], 'x');
    const flags = Array.from({ length: n }, () => RandomGrayscale.getParams(this.p, rng));
    return applyToFlagged(x, c === 1 ? flags.map(() => false) : flags, (xf) => perPixel(grayBatch(xf), 3));
  }

  toJSON(): TransformSpec {
    return { type: 'RandomGrayscale', options: { p: this.p } };
  }
}
