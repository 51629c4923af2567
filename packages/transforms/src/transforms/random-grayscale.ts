import type { JsonValue } from '../transform.js';
import type * as tf from '@tensorflow/tfjs-core';
import type { Image } from '../image.js';
import { rgbToGrayscale } from '../kernels/color.js';
import type { Rng } from '../rng.js';
import type { BatchTransform, TransformSpec } from '../transform.js';
import { perPixel } from '../batch/broadcast.js';
import { applyToFlagged } from '../batch/flagged.js';
import { grayBatch } from '../batch/color.js';
import { checkChannels, checkOptions, checkProbability } from '../validate.js';
import { RandomApplyTransform } from './random-transform.js';

/**
 * Converts to grayscale with probability `p`, keeping the number of channels (torchvision `RandomGrayscale`).
 *
 * @example
 * ```ts
 * const out = new RandomGrayscale({ p: 0.2 }).apply(img, createRng(0));
 * ```
 */
export class RandomGrayscale extends RandomApplyTransform implements BatchTransform {
  /**
   * Rebuilds a `RandomGrayscale` from the `options` of its `toJSON()` spec (what `transformFromJSON` calls).
   * @example `const same = RandomGrayscale.fromJSON(spec.options ?? {})`
   */
  static fromJSON(options: { [key: string]: JsonValue }): RandomGrayscale {
    type Args = ConstructorParameters<typeof RandomGrayscale>;
    return new RandomGrayscale(options as Args[0]);
  }

  protected readonly type = 'RandomGrayscale';
  readonly p: number;

  constructor(options: { p?: number } | number = {}) {
    super();
    this.p = checkProbability(typeof options === 'number' ? options : (checkOptions(options, ['p'], 'RandomGrayscale').p ?? 0.1));
  }

  /**
   * Whether to convert: one draw, `rng.next() < p`.
   * @example `RandomGrayscale.getParams(0.1, rng)`
   */
  static getParams(p: number, rng: Rng): boolean {
    return rng.next() < p;
  }

  protected makeAppliedParams(): true {
    return true;
  }

  protected transformImage(img: Image): Image {
    checkChannels(img.channels, [1, 3]);
    return rgbToGrayscale(img, img.channels as 1 | 3);
  }

  /** Converts each sample of an NHWC batch with probability `p` (grey repeated over the 3 channels). */
  applyBatch(x: tf.Tensor4D, rng?: Rng): tf.Tensor4D {
    this.checkBatchInput(x, rng);
    const c = x.shape[3];
    checkChannels(c, [1, 3], 'x');
    const flags = this.drawBatch(x, rng).map((q) => q !== null);
    return applyToFlagged(x, c === 1 ? flags.map(() => false) : flags, (xf) => perPixel(grayBatch(xf), 3));
  }

  toJSON(): TransformSpec {
    return { type: this.type, options: { p: this.p } };
  }
}
