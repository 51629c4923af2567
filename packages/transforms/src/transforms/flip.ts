import * as tf from '@tensorflow/tfjs-core';
import type { Image } from '../image.js';
import { hflip, vflip } from '../kernels/flip.js';
import type { Rng } from '../rng.js';
import type { BatchTransform, TransformSpec } from '../transform.js';
import { sampleMask } from '../batch/broadcast.js';
import { checkBatch, floatCopy } from '../batch/check.js';
import { checkProbability, checkRng } from '../validate.js';

/** Options of the random flips. @example `new RandomHorizontalFlip({ p: 0.3 })` */
export interface FlipOptions {
  /** Probability of flipping, in [0, 1]. Default 0.5. */
  p?: number;
}

/** Flips the flagged samples along height (axis 1) or width (axis 2), with `flipLeftRight` and a mask. */
function flipBatch(x: tf.Tensor4D, flags: boolean[], axis: 1 | 2): tf.Tensor4D {
  return tf.tidy(() => {
    const [n, h, w, c] = x.shape;
    const xf = floatCopy(x);
    if (!flags.some(Boolean)) return xf;
    // A vertical flip is a left-right flip of the [N, 1, H, W*C] view.
    const flipped =
      axis === 2 ? tf.image.flipLeftRight(xf) : tf.reshape(tf.image.flipLeftRight(tf.reshape(xf, [n, 1, h, w * c])), [n, h, w, c]);
    return tf.where(sampleMask(flags, x.shape), flipped, xf) as tf.Tensor4D;
  });
}

/**
 * Flips the image left to right with probability `p` (torchvision `RandomHorizontalFlip`).
 *
 * @example
 * ```ts
 * const t = new RandomHorizontalFlip(); // p = 0.5
 * const out = t.apply(img, createRng(0));
 * ```
 */
export class RandomHorizontalFlip implements BatchTransform {
  readonly p: number;

  constructor(options: FlipOptions | number = {}) {
    this.p = checkProbability(typeof options === 'number' ? options : (options.p ?? 0.5));
  }

  /**
   * Whether to flip: one draw, `rng.next() < p` (torchvision's `torch.rand(1) < p`).
   * @example `RandomHorizontalFlip.getParams(0.5, rng) // true or false`
   */
  static getParams(p: number, rng: Rng): boolean {
    return rng.next() < p;
  }

  /** Flips `img` or returns it as is (the same object: images are never mutated). */
  apply(img: Image, rng?: Rng): Image {
    checkRng(rng, 'RandomHorizontalFlip');
    return RandomHorizontalFlip.getParams(this.p, rng!) ? hflip(img) : img;
  }

  /** Flips each sample of an NHWC batch (tfjs axis 2 = width) with probability `p`. */
  applyBatch(x: tf.Tensor4D, rng?: Rng): tf.Tensor4D {
    checkRng(rng, 'RandomHorizontalFlip');
    checkBatch(x, 'RandomHorizontalFlip');
    const flags = Array.from({ length: x.shape[0] }, () => RandomHorizontalFlip.getParams(this.p, rng!));
    return flipBatch(x, flags, 2);
  }

  toJSON(): TransformSpec {
    return { type: 'RandomHorizontalFlip', options: { p: this.p } };
  }
}

/**
 * Flips the image top to bottom with probability `p` (torchvision `RandomVerticalFlip`).
 *
 * @example
 * ```ts
 * const out = new RandomVerticalFlip({ p: 0.3 }).apply(img, createRng(0));
 * ```
 */
export class RandomVerticalFlip implements BatchTransform {
  readonly p: number;

  constructor(options: FlipOptions | number = {}) {
    this.p = checkProbability(typeof options === 'number' ? options : (options.p ?? 0.5));
  }

  /**
   * Whether to flip: one draw, `rng.next() < p`.
   * @example `RandomVerticalFlip.getParams(0.5, rng)`
   */
  static getParams(p: number, rng: Rng): boolean {
    return rng.next() < p;
  }

  apply(img: Image, rng?: Rng): Image {
    checkRng(rng, 'RandomVerticalFlip');
    return RandomVerticalFlip.getParams(this.p, rng!) ? vflip(img) : img;
  }

  /** Flips each sample of an NHWC batch (tfjs axis 1 = height) with probability `p`. */
  applyBatch(x: tf.Tensor4D, rng?: Rng): tf.Tensor4D {
    checkRng(rng, 'RandomVerticalFlip');
    checkBatch(x, 'RandomVerticalFlip');
    const flags = Array.from({ length: x.shape[0] }, () => RandomVerticalFlip.getParams(this.p, rng!));
    return flipBatch(x, flags, 1);
  }

  toJSON(): TransformSpec {
    return { type: 'RandomVerticalFlip', options: { p: this.p } };
  }
}
