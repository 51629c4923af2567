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
 * torchvision v2's `Transform.forward` for the random transforms: on an image, `apply` checks the generator and
 * the image, draws the call's parameters once (`makeParams`; `null` leaves the input as it is) and transforms
 * with them. A sample goes to `applyGeometric` for geometric transforms (those with `geometry`: the generator
 * checked first, parameters drawn from the size all entries share, targets moved too), else to `applyToImages`
 * (one draw replayed for every image, targets passed; the generator checked per image). `applyBatch`, where a
 * class has one: `checkBatchInput`, its own checks, `drawBatch`, the batched op.
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
  /** The draws of one call (`source`: the image, or a geometric transform's flattened sample; none in `drawBatch`). */
  protected abstract makeParams(rng: Rng, size: [number, number], source?: Image | FlatSample): P;
  protected abstract transformImage(img: Image, params: P): Image;
  /** How the drawn parameters move targets on a `size` canvas (geometric transforms only). */
  protected geometry?(params: P, size: [number, number]): TargetGeometry;
  abstract toJSON(): TransformSpec;

  /** Transforms `img`, or a sample, with one draw of parameters from `rng` (images are never mutated). */
  apply(img: Image, rng?: Rng): Image;
  apply<T extends object>(sample: T, rng?: Rng): T;
  apply(input: object, rng?: Rng): object {
    if (isSampleInput(input)) {
      const geometry = this.geometry?.bind(this);
      if (geometry === undefined) return applyToImages(input, rng, this.type, (im, r) => this.apply(im, r));
      checkRng(rng, this.type);
      return applyGeometric(input, this.type, (size, flat) => {
        const params = this.makeParams(rng, size, flat);
        return params === null ? null : { image: (im) => this.transformImage(im, params), geometry: geometry(params, size) };
      });
    }
    checkRng(rng, this.type);
    const img = input as Image;
    assertImage(img);
    const params = this.makeParams(rng, [img.height, img.width], img);
    return params === null ? img : this.transformImage(img, params);
  }

  /** `applyBatch`'s first checks: the generator, then the batch. */
  protected checkBatchInput(x: tf.Tensor4D, rng: Rng | undefined): asserts rng is Rng {
    checkRng(rng, this.type);
    checkBatch(x, this.type);
  }

  /** One `makeParams` per sample, in sample order: the draws of `apply` on each sample in turn. */
  protected drawBatch(x: tf.Tensor4D, rng: Rng): P[] {
    return Array.from({ length: x.shape[0] }, () => this.makeParams(rng, [x.shape[1], x.shape[2]]));
  }
}

/**
 * torchvision v2's `_RandomApplyTransform`: applied with probability `p`. The draws start with the gate,
 * `rng.next() < p`; a miss leaves the input as it is and draws nothing more.
 * @example `class RandomInvert extends RandomApplyTransform { ... protected makeAppliedParams(): true { return true; } }`
 */
export abstract class RandomApplyTransform<P = true> extends RandomTransform<P | null> {
  abstract readonly p: number;

  protected makeParams(rng: Rng, size: [number, number], source?: Image | FlatSample): P | null {
    return rng.next() < this.p ? this.makeAppliedParams(rng, size, source) : null;
  }

  /** The draws after the gate fired. */
  protected abstract makeAppliedParams(rng: Rng, size: [number, number], source?: Image | FlatSample): P;
}
