import { describeValue } from '@aug/internal';
import type { Image } from '../image.js';
import { inverseAffineMatrix, rotate } from '../kernels/affine.js';
import type { GridInterpolation } from '../kernels/grid-sample.js';
import type { Rng } from '../rng.js';
import { uniform } from '../rng.js';
import * as tf from '@tensorflow/tfjs-core';
import type { BatchTransform, JsonValue, TransformSpec } from '../transform.js';
import { floatCopy } from '../batch/check.js';
import { affineToProjective, warpBatch } from '../batch/warp.js';
import { perChannel } from '../kernels/normalize.js';
import { checkCenter, checkOptions } from '../validate.js';
import { checkFillOption, gridInterpolation, setupAngle } from './geometric-options.js';
import { rotateGeometry } from '../sample/geometries.js';
import type { TargetGeometry } from '../sample/target-geometry.js';
import { RandomTransform } from './random-transform.js';

/** Options of {@link RandomRotation}, torchvision's argument names. */
export interface RandomRotationOptions {
  /** Default `'nearest'`. */
  interpolation?: GridInterpolation;
  /** Grow the output to hold the rotated image. Default false. */
  expand?: boolean;
  /** Centre `[x, y]` in pixels. Default the image centre. */
  center?: [number, number];
  /** Fill for outside pixels, in the image's range (a number or one per channel). Default 0. */
  fill?: number | number[];
}

/**
 * Rotates by a uniform random angle in `degrees` (torchvision `RandomRotation`): a number `d` means
 * `[-d, d]`.
 *
 * @example
 * ```ts
 * const t = new RandomRotation(15);
 * const out = t.apply(img, createRng(0));
 * ```
 */
export class RandomRotation extends RandomTransform<number> implements BatchTransform {
  /**
   * Rebuilds a `RandomRotation` from the `options` of its `toJSON()` spec (what `transformFromJSON` calls).
   * @example `const same = RandomRotation.fromJSON(spec.options ?? {})`
   */
  static fromJSON(options: { [key: string]: JsonValue }): RandomRotation {
    type Args = ConstructorParameters<typeof RandomRotation>;
    const { degrees, ...rest } = options;
    return new RandomRotation(degrees as Args[0], rest as Args[1]);
  }

  protected readonly type = 'RandomRotation';
  readonly degrees: [number, number];
  readonly interpolation: GridInterpolation;
  readonly expand: boolean;
  readonly center: [number, number] | null;
  readonly fill: number | number[];

  constructor(degrees: number | [number, number], options?: RandomRotationOptions) {
    super();
    const o = checkOptions(options, ['interpolation', 'expand', 'center', 'fill'], 'RandomRotation');
    this.degrees = setupAngle(degrees, 'degrees') as [number, number];
    this.interpolation = gridInterpolation(o.interpolation, 'nearest');
    this.expand = o.expand ?? false;
    if (typeof this.expand !== 'boolean') throw new TypeError(`expand must be a boolean, got ${describeValue(this.expand)}`);
    this.center = checkCenter(o.center);
    this.fill = checkFillOption(o.fill ?? 0);
  }

  /**
   * torchvision's `RandomRotation.get_params`: a uniform angle in `[degrees[0], degrees[1]]`.
   * @example `RandomRotation.getParams([-15, 15], rng)`
   */
  static getParams(degrees: [number, number], rng: Rng): number {
    return uniform(rng, degrees[0], degrees[1]);
  }

  protected makeParams(rng: Rng): number {
    return RandomRotation.getParams(this.degrees, rng);
  }

  protected transformImage(img: Image, angle: number): Image {
    return rotate(img, angle, { interpolation: this.interpolation, expand: this.expand, center: this.center ?? undefined, fill: this.fill });
  }

  protected override geometry(angle: number, size: [number, number]): TargetGeometry {
    return rotateGeometry(size, angle, this.expand, this.center);
  }

  /**
   * Rotates each sample of a float batch by its own angle with `tf.image.transform`, with
   * torchvision's fill pass. `expand` changes the size per sample, so it has no batched form.
   */
  applyBatch(x: tf.Tensor4D, rng?: Rng): tf.Tensor4D {
    this.checkBatchInput(x, rng);
    if (this.expand) throw new RangeError('RandomRotation with expand: true gives each sample its own size, so it has no applyBatch; use apply per image');
    const [, h, w, c] = x.shape;
    const fill = perChannel(this.fill, c, 'fill');
    const maps = this.drawBatch(x, rng).map((angle) => {
      const ctr: [number, number] = this.center === null ? [0, 0] : [this.center[0] - w * 0.5, this.center[1] - h * 0.5];
      return affineToProjective(inverseAffineMatrix(ctr, -angle, [0, 0], 1, [0, 0]), w, h, w, h);
    });
    return tf.tidy(() => warpBatch(floatCopy(x), maps, this.interpolation, fill));
  }

  toJSON(): TransformSpec {
    const options: { [k: string]: JsonValue } = {
      degrees: [...this.degrees],
      interpolation: this.interpolation,
      expand: this.expand,
      fill: Array.isArray(this.fill) ? [...this.fill] : this.fill,
    };
    if (this.center !== null) options.center = [...this.center];
    return { type: this.type, options };
  }
}
