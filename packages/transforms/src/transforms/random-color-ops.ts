import { assertInteger, describeValue } from '@aug/internal';
import type { Image } from '../image.js';
import { adjustSharpness } from '../kernels/blur.js';
import { autocontrast } from '../kernels/autocontrast.js';
import { equalize } from '../kernels/equalize.js';
import { invert, posterize, solarize } from '../kernels/point-ops.js';
import type { Rng } from '../rng.js';
import type * as tf from '@tensorflow/tfjs-core';
import type { BatchTransform, JsonValue, TransformSpec } from '../transform.js';
import { autocontrastBatch } from '../batch/autocontrast.js';
import { applyToFlagged } from '../batch/flagged.js';
import { invertBatch, solarizeBatch } from '../batch/point-ops.js';
import { sharpnessBatch } from '../batch/sharpness.js';
import { checkChannels, checkNonNegative, checkNumber, checkOptions, checkProbability } from '../validate.js';
import { RandomApplyTransform } from './random-transform.js';

/** Options of the `p`-gated colour transforms. */
export interface RandomOpOptions {
  /** Probability of applying the operation. Default 0.5. */
  p?: number;
}

/** A kernel (`transformImage`) applied with probability `p`: one draw, `rng.next() < p` (torchvision's `torch.rand(1).item() < p`). */
abstract class RandomOp extends RandomApplyTransform {
  readonly p: number;

  constructor(options: RandomOpOptions | undefined, known: readonly string[], where: string) {
    super();
    const o = checkOptions(options, ['p', ...known], where);
    this.p = checkProbability(o.p ?? 0.5);
  }

  /**
   * Whether to apply: one draw, `rng.next() < p`.
   * @example `RandomInvert.getParams(0.5, rng)`
   */
  static getParams(p: number, rng: Rng): boolean {
    return rng.next() < p;
  }

  protected makeAppliedParams(): true {
    return true;
  }

  protected extra(): { [key: string]: JsonValue } {
    return {};
  }

  /**
   * The batched form shared by the ops that have one: one draw per sample in order (as `apply` on each sample
   * would make), the op on the whole float batch, the flagged samples kept. Batches are float32 in [0, 1].
   */
  protected batch(x: tf.Tensor4D, rng: Rng | undefined, op: (xf: tf.Tensor4D) => tf.Tensor4D): tf.Tensor4D {
    this.checkBatchInput(x, rng);
    checkChannels(x.shape[3], [1, 3], 'x');
    return applyToFlagged(x, this.drawBatch(x, rng).map((q) => q !== null), op);
  }

  toJSON(): TransformSpec {
    return { type: this.type, options: { ...this.extra(), p: this.p } };
  }
}

/**
 * Inverts the colours with probability `p` (torchvision `RandomInvert`).
 * @example
 * ```ts
 * const out = new RandomInvert({ p: 0.2 }).apply(img, createRng(0));
 * ```
 */
export class RandomInvert extends RandomOp implements BatchTransform {
  /**
   * Rebuilds a `RandomInvert` from the `options` of its `toJSON()` spec (what `transformFromJSON` calls).
   * @example `const same = RandomInvert.fromJSON(spec.options ?? {})`
   */
  static fromJSON(options: { [key: string]: JsonValue }): RandomInvert {
    type Args = ConstructorParameters<typeof RandomInvert>;
    return new RandomInvert(options as Args[0]);
  }

  protected readonly type = 'RandomInvert';
  constructor(options?: RandomOpOptions) {
    super(options, [], 'RandomInvert');
  }
  protected transformImage(img: Image): Image {
    return invert(img);
  }
  /** Inverts the drawn samples of a float batch in [0, 1] (`1 - x`). */
  applyBatch(x: tf.Tensor4D, rng?: Rng): tf.Tensor4D {
    return this.batch(x, rng, invertBatch);
  }
}

/**
 * Posterizes to `bits` bits per channel with probability `p` (torchvision `RandomPosterize`); uint8 images.
 * @example
 * ```ts
 * const out = new RandomPosterize(4).apply(u8img, createRng(0));
 * ```
 */
export class RandomPosterize extends RandomOp {
  /**
   * Rebuilds a `RandomPosterize` from the `options` of its `toJSON()` spec (what `transformFromJSON` calls).
   * @example `const same = RandomPosterize.fromJSON(spec.options ?? {})`
   */
  static fromJSON(options: { [key: string]: JsonValue }): RandomPosterize {
    type Args = ConstructorParameters<typeof RandomPosterize>;
    const { bits, ...rest } = options;
    return new RandomPosterize(bits as Args[0], rest as Args[1]);
  }

  protected readonly type = 'RandomPosterize';
  readonly bits: number;
  constructor(bits: number, options?: RandomOpOptions) {
    super(options, [], 'RandomPosterize');
    assertInteger(bits, 'bits');
    if (bits < 0 || bits > 8) throw new RangeError(`bits must be an integer in 0..8, got ${describeValue(bits)}`);
    this.bits = bits;
  }
  protected transformImage(img: Image): Image {
    return posterize(img, this.bits);
  }
  protected override extra(): { [key: string]: JsonValue } {
    return { bits: this.bits };
  }
}

/**
 * Solarizes above `threshold` (in the image's range) with probability `p` (torchvision `RandomSolarize`).
 * @example
 * ```ts
 * const out = new RandomSolarize(128).apply(u8img, createRng(0));
 * ```
 */
export class RandomSolarize extends RandomOp implements BatchTransform {
  /**
   * Rebuilds a `RandomSolarize` from the `options` of its `toJSON()` spec (what `transformFromJSON` calls).
   * @example `const same = RandomSolarize.fromJSON(spec.options ?? {})`
   */
  static fromJSON(options: { [key: string]: JsonValue }): RandomSolarize {
    type Args = ConstructorParameters<typeof RandomSolarize>;
    const { threshold, ...rest } = options;
    return new RandomSolarize(threshold as Args[0], rest as Args[1]);
  }

  protected readonly type = 'RandomSolarize';
  readonly threshold: number;
  constructor(threshold: number, options?: RandomOpOptions) {
    super(options, [], 'RandomSolarize');
    this.threshold = checkNumber(threshold, 'threshold');
  }
  protected transformImage(img: Image): Image {
    return solarize(img, this.threshold);
  }
  /** Solarizes the drawn samples of a float batch in [0, 1] (the threshold must then be at most 1). */
  applyBatch(x: tf.Tensor4D, rng?: Rng): tf.Tensor4D {
    if (this.threshold > 1) throw new RangeError(`threshold must be at most 1 for a float batch in [0, 1], got ${describeValue(this.threshold)}`);
    return this.batch(x, rng, (xf) => solarizeBatch(xf, this.threshold));
  }
  protected override extra(): { [key: string]: JsonValue } {
    return { threshold: this.threshold };
  }
}

/**
 * Adjusts the sharpness by `sharpnessFactor` with probability `p` (torchvision `RandomAdjustSharpness`).
 * @example
 * ```ts
 * const out = new RandomAdjustSharpness(2).apply(img, createRng(0));
 * ```
 */
export class RandomAdjustSharpness extends RandomOp implements BatchTransform {
  /**
   * Rebuilds a `RandomAdjustSharpness` from the `options` of its `toJSON()` spec (what `transformFromJSON` calls).
   * @example `const same = RandomAdjustSharpness.fromJSON(spec.options ?? {})`
   */
  static fromJSON(options: { [key: string]: JsonValue }): RandomAdjustSharpness {
    type Args = ConstructorParameters<typeof RandomAdjustSharpness>;
    const { sharpnessFactor, ...rest } = options;
    return new RandomAdjustSharpness(sharpnessFactor as Args[0], rest as Args[1]);
  }

  protected readonly type = 'RandomAdjustSharpness';
  readonly sharpnessFactor: number;
  constructor(sharpnessFactor: number, options?: RandomOpOptions) {
    super(options, [], 'RandomAdjustSharpness');
    this.sharpnessFactor = checkNonNegative(sharpnessFactor, 'sharpnessFactor');
  }
  protected transformImage(img: Image): Image {
    return adjustSharpness(img, this.sharpnessFactor);
  }
  /** Sharpens the drawn samples: the 3x3 smoothing as one depthwise convolution over the interior, then the blend. */
  applyBatch(x: tf.Tensor4D, rng?: Rng): tf.Tensor4D {
    return this.batch(x, rng, (xf) => sharpnessBatch(xf, this.sharpnessFactor));
  }
  protected override extra(): { [key: string]: JsonValue } {
    return { sharpnessFactor: this.sharpnessFactor };
  }
}

/**
 * Autocontrasts with probability `p` (torchvision `RandomAutocontrast`).
 * @example
 * ```ts
 * const out = new RandomAutocontrast().apply(img, createRng(0));
 * ```
 */
export class RandomAutocontrast extends RandomOp implements BatchTransform {
  /**
   * Rebuilds a `RandomAutocontrast` from the `options` of its `toJSON()` spec (what `transformFromJSON` calls).
   * @example `const same = RandomAutocontrast.fromJSON(spec.options ?? {})`
   */
  static fromJSON(options: { [key: string]: JsonValue }): RandomAutocontrast {
    type Args = ConstructorParameters<typeof RandomAutocontrast>;
    return new RandomAutocontrast(options as Args[0]);
  }

  protected readonly type = 'RandomAutocontrast';
  constructor(options?: RandomOpOptions) {
    super(options, [], 'RandomAutocontrast');
  }
  protected transformImage(img: Image): Image {
    return autocontrast(img);
  }
  /** Autocontrasts the drawn samples, each channel of each sample stretched by its own minimum and maximum. */
  applyBatch(x: tf.Tensor4D, rng?: Rng): tf.Tensor4D {
    return this.batch(x, rng, autocontrastBatch);
  }
}

/**
 * Equalizes the histogram with probability `p` (torchvision `RandomEqualize`); uint8 images.
 * @example
 * ```ts
 * const out = new RandomEqualize().apply(u8img, createRng(0));
 * ```
 */
export class RandomEqualize extends RandomOp {
  /**
   * Rebuilds a `RandomEqualize` from the `options` of its `toJSON()` spec (what `transformFromJSON` calls).
   * @example `const same = RandomEqualize.fromJSON(spec.options ?? {})`
   */
  static fromJSON(options: { [key: string]: JsonValue }): RandomEqualize {
    type Args = ConstructorParameters<typeof RandomEqualize>;
    return new RandomEqualize(options as Args[0]);
  }

  protected readonly type = 'RandomEqualize';
  constructor(options?: RandomOpOptions) {
    super(options, [], 'RandomEqualize');
  }
  protected transformImage(img: Image): Image {
    return equalize(img);
  }
}
