import type { JsonValue } from '../transform.js';
import type * as tf from '@tensorflow/tfjs-core';
import type { Image } from '../image.js';
import { hflip, vflip } from '../kernels/flip.js';
import type { Rng } from '../rng.js';
import type { BatchTransform, TransformSpec } from '../transform.js';
import { flipBatch } from '../batch/flip.js';
import { checkOptions, checkProbability } from '../validate.js';
import { hflipGeometry, vflipGeometry } from '../sample/geometries.js';
import type { TargetGeometry } from '../sample/target-geometry.js';
import { RandomApplyTransform } from './random-transform.js';

/** Options of the random flips. */
export interface FlipOptions {
  /** Probability of flipping, in [0, 1]. Default 0.5. */
  p?: number;
}

/**
 * What the two random flips share: one draw per image, `rng.next() < p`, then the kernel or nothing; on a
 * sample, one draw flips every image, box, mask and key point set, or none.
 */
abstract class RandomFlip extends RandomApplyTransform implements BatchTransform {
  readonly p: number;
  protected abstract readonly kernel: (img: Image) => Image;
  /** The NHWC axis the flip reverses: 2 (width) or 1 (height). */
  protected abstract readonly axis: 1 | 2;
  /** How the flip moves targets on a canvas of `size`. */
  protected abstract readonly flipGeometry: (size: [number, number]) => TargetGeometry;

  constructor(options: FlipOptions | number = {}) {
    super();
    this.p = checkProbability(typeof options === 'number' ? options : (checkOptions(options, ['p'], new.target.name).p ?? 0.5));
  }

  /**
   * Whether to flip: one draw, `rng.next() < p` (torchvision's `torch.rand(1) < p`).
   * @example `RandomHorizontalFlip.getParams(0.5, rng) // true or false`
   */
  static getParams(p: number, rng: Rng): boolean {
    return rng.next() < p;
  }

  protected makeAppliedParams(): true {
    return true;
  }

  protected transformImage(img: Image): Image {
    return this.kernel(img);
  }

  protected override geometry(_flip: true, size: [number, number]): TargetGeometry {
    return this.flipGeometry(size);
  }

  /** Flips each sample of an NHWC batch with probability `p`, one draw per sample in order. */
  applyBatch(x: tf.Tensor4D, rng?: Rng): tf.Tensor4D {
    this.checkBatchInput(x, rng);
    return flipBatch(x, this.drawBatch(x, rng).map((q) => q !== null), this.axis);
  }

  toJSON(): TransformSpec {
    return { type: this.type, options: { p: this.p } };
  }
}

/**
 * Flips the image left to right with probability `p` (torchvision `RandomHorizontalFlip`; NHWC axis 2 in
 * `applyBatch`).
 *
 * @example
 * ```ts
 * const t = new RandomHorizontalFlip(); // p = 0.5
 * const out = t.apply(img, createRng(0));
 * ```
 */
export class RandomHorizontalFlip extends RandomFlip {
  /**
   * Rebuilds a `RandomHorizontalFlip` from the `options` of its `toJSON()` spec (what `transformFromJSON` calls).
   * @example `const same = RandomHorizontalFlip.fromJSON(spec.options ?? {})`
   */
  static fromJSON(options: { [key: string]: JsonValue }): RandomHorizontalFlip {
    type Args = ConstructorParameters<typeof RandomHorizontalFlip>;
    return new RandomHorizontalFlip(options as Args[0]);
  }

  protected readonly type = 'RandomHorizontalFlip';
  protected readonly kernel = hflip;
  protected readonly flipGeometry = hflipGeometry;
  protected readonly axis = 2;
}

/**
 * Flips the image top to bottom with probability `p` (torchvision `RandomVerticalFlip`; NHWC axis 1 in
 * `applyBatch`).
 *
 * @example
 * ```ts
 * const out = new RandomVerticalFlip({ p: 0.3 }).apply(img, createRng(0));
 * ```
 */
export class RandomVerticalFlip extends RandomFlip {
  /**
   * Rebuilds a `RandomVerticalFlip` from the `options` of its `toJSON()` spec (what `transformFromJSON` calls).
   * @example `const same = RandomVerticalFlip.fromJSON(spec.options ?? {})`
   */
  static fromJSON(options: { [key: string]: JsonValue }): RandomVerticalFlip {
    type Args = ConstructorParameters<typeof RandomVerticalFlip>;
    return new RandomVerticalFlip(options as Args[0]);
  }

  protected readonly type = 'RandomVerticalFlip';
  protected readonly kernel = vflip;
  protected readonly flipGeometry = vflipGeometry;
  protected readonly axis = 1;
}
