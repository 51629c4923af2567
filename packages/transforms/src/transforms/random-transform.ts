import type * as tf from '@tensorflow/tfjs-core';
import type { Image } from '../image.js';
import { assertImage } from '../image.js';
import type { Rng } from '../rng.js';
import type { Transform, TransformSpec } from '../transform.js';
import { checkBatch } from '../batch/check.js';
import { checkRng } from '../validate.js';
import { applyGeometric, applyToImages } from '../sample/apply-sample.js';
import type { FlatSample } from '../sample/sample-tree.js';
import { isSampleInput } from '../sample/sample-tree.js';
import type { TargetGeometry } from '../sample/target-geometry.js';

/**
 * torchvision v2's `Transform.forward` for the random transforms, in one place: `apply` checks the generator
 * and the image, draws the call's parameters once (`makeParams`, torchvision's `make_params`; a `null` draw
 * leaves the input as it is) and transforms with them (`transformImage`; `geometry` for targets).
 *
 * - Geometric transforms (those with `geometry`) check the generator first, then send images and samples alike
 *   through `applyGeometric`: the parameters are drawn from the size all entries share, and targets move too.
 * - Pixel transforms send a sample through `applyToImages` (the first image's draws replayed for the others,
 *   targets passed through), which checks the generator per image.
 *
 * `applyBatch`, where a class has one, is `checkBatchInput`, its own checks, `drawBatch`, then the batched op.
 *
 * @example
 * ```ts
 * class RandomBrightness extends RandomTransform<number> {
 *   protected readonly type = 'RandomBrightness';
 *   protected makeParams(rng: Rng): number { return uniform(rng, 0.5, 1.5); }
 *   protected transformImage(img: Image, factor: number): Image { return adjustBrightness(img, factor); }
 *   toJSON(): TransformSpec { return { type: this.type }; }
 * }
 * ```
 */
export abstract class RandomTransform<P> implements Transform {
  /** The class name, for errors. */
  protected abstract readonly type: string;

  /**
   * The draws of one call, in torchvision's order; `null` leaves the input as it is. `size` is `[height, width]`;
   * `source` is the image (pixel transforms) or the flattened sample (geometric ones), absent in `drawBatch`.
   */
  protected abstract makeParams(rng: Rng, size: [number, number], source?: Image | FlatSample): P;

  /** The image operation for drawn parameters (never `null`). */
  protected abstract transformImage(img: Image, params: P): Image;

  /** How drawn parameters move targets on a `size` canvas: set by the geometric transforms only. */
  protected geometry?(params: P, size: [number, number]): TargetGeometry;

  abstract toJSON(): TransformSpec;

  /**
   * Transforms `img`, or every image (and, for geometric transforms, every target) of a sample, with one draw
   * of parameters from `rng`; a `null` draw returns the input itself (images are never mutated).
   */
  apply(img: Image, rng?: Rng): Image;
  apply<T extends object>(sample: T, rng?: Rng): T;
  apply(input: object, rng?: Rng): object {
    const sample = isSampleInput(input);
    const geometry = this.geometry?.bind(this);
    if (geometry === undefined && sample) return applyToImages(input, rng, this.type, (im, r) => this.apply(im, r));
    checkRng(rng, this.type);
    if (!sample) assertImage(input as Image);
    if (geometry === undefined) {
      const img = input as Image;
      const params = this.makeParams(rng, [img.height, img.width], img);
      return params === null ? img : this.transformImage(img, params);
    }
    return applyGeometric(input, this.type, (size, flat) => {
      const params = this.makeParams(rng, size, flat);
      return params === null ? null : { image: (im) => this.transformImage(im, params), geometry: geometry(params, size) };
    });
  }

  /** `applyBatch`'s first checks: the generator, then the batch (an NHWC float tensor). */
  protected checkBatchInput(x: tf.Tensor4D, rng: Rng | undefined): asserts rng is Rng {
    checkRng(rng, this.type);
    checkBatch(x, this.type);
  }

  /** One `makeParams` per sample of `x`, in sample order: the draws `apply` on each sample in turn would make. */
  protected drawBatch(x: tf.Tensor4D, rng: Rng): P[] {
    const size: [number, number] = [x.shape[1], x.shape[2]];
    return Array.from({ length: x.shape[0] }, () => this.makeParams(rng, size));
  }
}

/**
 * torchvision v2's `_RandomApplyTransform`: a random transform applied with probability `p`. Its draws start
 * with the gate, one draw `rng.next() < p`; a miss leaves the input as it is and draws nothing more.
 *
 * @example
 * ```ts
 * class RandomInvertLike extends RandomApplyTransform {
 *   readonly p = 0.5;
 *   protected readonly type = 'RandomInvertLike';
 *   protected makeAppliedParams(): true { return true; }
 *   protected transformImage(img: Image): Image { return invert(img); }
 *   toJSON(): TransformSpec { return { type: this.type, options: { p: this.p } }; }
 * }
 * ```
 */
export abstract class RandomApplyTransform<P = true> extends RandomTransform<P | null> {
  abstract readonly p: number;

  protected makeParams(rng: Rng, size: [number, number], source?: Image | FlatSample): P | null {
    return rng.next() < this.p ? this.makeAppliedParams(rng, size, source) : null;
  }

  /** The draws after the gate fired (as `makeParams`). */
  protected abstract makeAppliedParams(rng: Rng, size: [number, number], source?: Image | FlatSample): P;
}
