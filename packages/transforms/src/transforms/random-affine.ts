import { assertPositiveInteger, describeValue } from '@aug/internal';
import type { Image } from '../image.js';
import { affine, inverseAffineMatrix } from '../kernels/affine.js';
import type { GridInterpolation } from '../kernels/grid-sample.js';
import { roundHalfEven } from '../kernels/pixels.js';
import type { Rng } from '../rng.js';
import { uniform } from '../rng.js';
import * as tf from '@tensorflow/tfjs-core';
import type { BatchTransform, JsonValue, TransformSpec } from '../transform.js';
import { floatCopy } from '../batch/check.js';
import { affineToProjective, warpBatch } from '../batch/warp.js';
import { perChannel } from '../kernels/normalize.js';
import { checkCenter, checkOptions, checkRange } from '../validate.js';
import { checkFillOption, gridInterpolation, setupAngle } from './geometric-options.js';
import { affineGeometry } from '../sample/geometries.js';
import type { TargetGeometry } from '../sample/target-geometry.js';
import { RandomTransform } from './random-transform.js';

/** Options of {@link RandomAffine}, torchvision's argument names. */
export interface RandomAffineOptions {
  /** Maximum fractions `[a, b]` of the width and height to translate by (each in [0, 1]). Default none. */
  translate?: [number, number] | null;
  /** Range `[min, max]` of the scale factor. Default none (1). */
  scale?: [number, number] | null;
  /** Shear in degrees: `s` = x-shear in [-s, s], `[min, max]` for x, or `[xmin, xmax, ymin, ymax]`. Default none. */
  shear?: number | [number, number] | [number, number, number, number] | null;
  /** Default `'nearest'`. */
  interpolation?: GridInterpolation;
  /** Fill for outside pixels, in the image's range. Default 0. */
  fill?: number | number[];
  /** Centre `[x, y]` in pixels. Default the image centre. */
  center?: [number, number] | null;
}

/** The parameters RandomAffine draws (torchvision's `get_params` tuple). */
export interface AffineParams {
  angle: number;
  translations: [number, number];
  scale: number;
  shear: [number, number];
}

/**
 * A random affine transform keeping the centre invariant (torchvision `RandomAffine`): rotation in
 * `degrees`, translation, scale and shear ranges.
 *
 * @example
 * ```ts
 * const t = new RandomAffine(10, { translate: [0.1, 0.1], scale: [0.9, 1.1], shear: 5 });
 * const out = t.apply(img, createRng(0));
 * ```
 */
export class RandomAffine extends RandomTransform<AffineParams> implements BatchTransform {
  /**
   * Rebuilds a `RandomAffine` from the `options` of its `toJSON()` spec (what `transformFromJSON` calls).
   * @example `const same = RandomAffine.fromJSON(spec.options ?? {})`
   */
  static fromJSON(options: { [key: string]: JsonValue }): RandomAffine {
    type Args = ConstructorParameters<typeof RandomAffine>;
    const { degrees, ...rest } = options;
    return new RandomAffine(degrees as Args[0], rest as Args[1]);
  }

  protected readonly type = 'RandomAffine';
  readonly degrees: [number, number];
  readonly translate: [number, number] | null;
  readonly scale: [number, number] | null;
  readonly shear: number[] | null;
  readonly interpolation: GridInterpolation;
  readonly fill: number | number[];
  readonly center: [number, number] | null;

  constructor(degrees: number | [number, number], options?: RandomAffineOptions) {
    super();
    const o = checkOptions(options, ['translate', 'scale', 'shear', 'interpolation', 'fill', 'center'], 'RandomAffine');
    this.degrees = setupAngle(degrees, 'degrees') as [number, number];
    if (o.translate === undefined || o.translate === null) this.translate = null;
    else {
      const t: unknown = o.translate;
      if (!Array.isArray(t) || t.length !== 2 || !t.every((v) => typeof v === 'number' && Number.isFinite(v))) {
        throw new TypeError(`translate must be [a, b] (fractions of the width and height), got ${describeValue(t)}`);
      }
      if (t.some((v: number) => v < 0 || v > 1)) throw new RangeError(`translate values should be between 0 and 1, got ${describeValue(t)}`);
      this.translate = [t[0] as number, t[1] as number];
    }
    this.scale = o.scale === undefined || o.scale === null ? null : checkRange(o.scale, 'scale', true);
    this.shear = o.shear === undefined || o.shear === null ? null : setupAngle(o.shear, 'shear', [2, 4]);
    this.interpolation = gridInterpolation(o.interpolation, 'nearest');
    this.fill = checkFillOption(o.fill ?? 0);
    this.center = checkCenter(o.center);
  }

  /**
   * torchvision's `RandomAffine.get_params`: a uniform angle, translations rounded (Python `round`) from
   * uniform draws in `±translate * size`, a uniform scale, uniform x (and y, with 4 values) shear.
   * `imgSize` is `[width, height]`, as torchvision.
   *
   * @example
   * ```ts
   * const p = RandomAffine.getParams([-10, 10], [0.1, 0.1], [0.9, 1.1], [-5, 5], [32, 32], rng);
   * ```
   */
  static getParams(
    degrees: [number, number],
    translate: [number, number] | null,
    scaleRanges: [number, number] | null,
    shears: readonly number[] | null,
    imgSize: [number, number],
    rng: Rng,
  ): AffineParams {
    assertPositiveInteger(imgSize[0], 'imgSize[0]');
    assertPositiveInteger(imgSize[1], 'imgSize[1]');
    const angle = uniform(rng, degrees[0], degrees[1]);
    let translations: [number, number] = [0, 0];
    if (translate !== null) {
      const maxDx = translate[0] * imgSize[0];
      const maxDy = translate[1] * imgSize[1];
      const tx = roundHalfEven(uniform(rng, -maxDx, maxDx));
      const ty = roundHalfEven(uniform(rng, -maxDy, maxDy));
      translations = [tx + 0, ty + 0];
    }
    const scale = scaleRanges !== null ? uniform(rng, scaleRanges[0], scaleRanges[1]) : 1;
    let shearX = 0;
    let shearY = 0;
    if (shears !== null) {
      shearX = uniform(rng, shears[0]!, shears[1]!);
      if (shears.length === 4) shearY = uniform(rng, shears[2]!, shears[3]!);
    }
    return { angle, translations, scale, shear: [shearX, shearY] };
  }

  protected makeParams(rng: Rng, [h, w]: [number, number]): AffineParams {
    return RandomAffine.getParams(this.degrees, this.translate, this.scale, this.shear, [w, h], rng);
  }

  protected transformImage(img: Image, p: AffineParams): Image {
    return affine(img, p.angle, p.translations, p.scale, p.shear, { interpolation: this.interpolation, fill: this.fill, center: this.center ?? undefined });
  }

  protected override geometry(p: AffineParams, size: [number, number]): TargetGeometry {
    return affineGeometry(size, p.angle, p.translations, p.scale, p.shear, this.center);
  }

  /** Applies each sample's own affine map to a float batch with `tf.image.transform`. */
  applyBatch(x: tf.Tensor4D, rng?: Rng): tf.Tensor4D {
    this.checkBatchInput(x, rng);
    const [, h, w, c] = x.shape;
    const fill = perChannel(this.fill, c, 'fill');
    const maps = this.drawBatch(x, rng).map((p) => {
      const ctr: [number, number] = this.center === null ? [0, 0] : [this.center[0] - w * 0.5, this.center[1] - h * 0.5];
      return affineToProjective(inverseAffineMatrix(ctr, p.angle, p.translations, p.scale, p.shear), w, h, w, h);
    });
    return tf.tidy(() => warpBatch(floatCopy(x), maps, this.interpolation, fill));
  }

  toJSON(): TransformSpec {
    const options: { [k: string]: JsonValue } = {
      interpolation: this.interpolation,
      fill: Array.isArray(this.fill) ? [...this.fill] : this.fill,
      degrees: [...this.degrees],
    };
    if (this.translate !== null) options.translate = [...this.translate];
    if (this.scale !== null) options.scale = [...this.scale];
    if (this.shear !== null) options.shear = [...this.shear];
    if (this.center !== null) options.center = [...this.center];
    return { type: this.type, options };
  }
}
