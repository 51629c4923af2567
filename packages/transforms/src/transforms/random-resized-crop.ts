import type { JsonValue } from '../transform.js';
import { assertPositiveInteger, describeValue } from '@aug/internal';
import * as tf from '@tensorflow/tfjs-core';
import type { Image } from '../image.js';
import { roundHalfEven } from '../kernels/pixels.js';
import type { Interpolation } from '../kernels/resize.js';
import { checkInterpolation, resizedCrop } from '../kernels/resize.js';
import type { Rng } from '../rng.js';
import { randint, uniform } from '../rng.js';
import type { BatchTransform, TransformSpec } from '../transform.js';
import type { CropBox } from '../crop-box.js';
import { floatCopy } from '../batch/check.js';
import { cropAndResizeBatch } from '../batch/resample.js';
import { checkOptions, checkRange, checkSize } from '../validate.js';
import { resizedCropGeometry } from '../sample/geometries.js';
import type { TargetGeometry } from '../sample/target-geometry.js';
import { RandomTransform } from './random-transform.js';

/** Options of {@link RandomResizedCrop}, torchvision's argument names. */
export interface RandomResizedCropOptions {
  /** Range of the crop's area as a fraction of the image's. Default [0.08, 1]. */
  scale?: [number, number];
  /** Range of the crop's aspect ratio (width / height), sampled log-uniformly. Default [3/4, 4/3]. */
  ratio?: [number, number];
  /** Default `'bilinear'`; also `'nearest'` and `'bicubic'`. */
  interpolation?: Interpolation;
  /** Default `false`: torchvision 0.14's tensor behaviour (its `antialias=None`). */
  antialias?: boolean;
}

/**
 * Crops a random box of random area and aspect ratio and resizes it to `size` (torchvision
 * `RandomResizedCrop`), the classic ImageNet/d2l augmentation.
 *
 * @example
 * ```ts
 * const t = new RandomResizedCrop([32, 32], { scale: [0.1, 1], ratio: [0.5, 2] });
 * const out = t.apply(img, createRng(0));
 * ```
 */
export class RandomResizedCrop extends RandomTransform<CropBox> implements BatchTransform {
  /**
   * Rebuilds a `RandomResizedCrop` from the `options` of its `toJSON()` spec (what `transformFromJSON` calls).
   * @example `const same = RandomResizedCrop.fromJSON(spec.options ?? {})`
   */
  static fromJSON(options: { [key: string]: JsonValue }): RandomResizedCrop {
    type Args = ConstructorParameters<typeof RandomResizedCrop>;
    const { size, ...rest } = options;
    return new RandomResizedCrop(size as Args[0], rest as Args[1]);
  }

  protected readonly type = 'RandomResizedCrop';
  readonly size: [number, number];
  readonly scale: [number, number];
  readonly ratio: [number, number];
  readonly interpolation: Interpolation;
  readonly antialias: boolean;

  constructor(size: number | [number] | [number, number], options?: RandomResizedCropOptions) {
    super();
    options = checkOptions(options, ['scale', 'ratio', 'interpolation', 'antialias'], 'RandomResizedCrop');
    this.size = checkSize(size);
    this.scale = checkRange(options.scale ?? [0.08, 1], 'scale', true);
    this.ratio = checkRange(options.ratio ?? [3 / 4, 4 / 3], 'ratio', true);
    this.interpolation = checkInterpolation(options.interpolation ?? 'bilinear');
    this.antialias = options.antialias ?? false;
    if (typeof this.antialias !== 'boolean') throw new TypeError(`antialias must be a boolean, got ${describeValue(this.antialias)}`);
  }

  /**
   * torchvision's `RandomResizedCrop.get_params`: up to 10 tries of a uniform area fraction in `scale` and
   * a log-uniform aspect ratio in `ratio`, rounded (Python `round`) to a width and height; the first that
   * fits gives a uniform position. Otherwise a centre crop clamped to the ratio range.
   *
   * @example
   * ```ts
   * const { top, left, height, width } = RandomResizedCrop.getParams(32, 32, [0.1, 1], [0.5, 2], rng);
   * ```
   */
  static getParams(height: number, width: number, scale: [number, number], ratio: [number, number], rng: Rng): CropBox {
    assertPositiveInteger(height, 'height');
    assertPositiveInteger(width, 'width');
    checkRange(scale, 'scale', true);
    checkRange(ratio, 'ratio', true);
    const area = height * width;
    const logLo = Math.log(ratio[0]);
    const logHi = Math.log(ratio[1]);
    for (let attempt = 0; attempt < 10; attempt++) {
      const targetArea = area * uniform(rng, scale[0], scale[1]);
      const aspect = Math.exp(uniform(rng, logLo, logHi));
      const w = roundHalfEven(Math.sqrt(targetArea * aspect));
      const h = roundHalfEven(Math.sqrt(targetArea / aspect));
      if (w > 0 && w <= width && h > 0 && h <= height) {
        const top = randint(rng, 0, height - h + 1);
        const left = randint(rng, 0, width - w + 1);
        return { top, left, height: h, width: w };
      }
    }
    const inRatio = width / height;
    let w: number;
    let h: number;
    if (inRatio < Math.min(...ratio)) {
      w = width;
      h = roundHalfEven(w / Math.min(...ratio));
    } else if (inRatio > Math.max(...ratio)) {
      h = height;
      w = roundHalfEven(h * Math.max(...ratio));
    } else {
      w = width;
      h = height;
    }
    return { top: Math.floor((height - h) / 2), left: Math.floor((width - w) / 2), height: h, width: w };
  }

  protected makeParams(rng: Rng, [h, w]: [number, number]): CropBox {
    return RandomResizedCrop.getParams(h, w, this.scale, this.ratio, rng);
  }

  protected transformImage(img: Image, b: CropBox): Image {
    return resizedCrop(img, b.top, b.left, b.height, b.width, this.size, { interpolation: this.interpolation, antialias: this.antialias });
  }

  protected override geometry(b: CropBox): TargetGeometry {
    return resizedCropGeometry(b.top, b.left, b.height, b.width, this.size);
  }

  /**
   * Crops one random box per sample and resizes all to `size` in one vectorised crop-and-resize (per-sample
   * row and column gathers with the per-image kernel's weights).
   */
  applyBatch(x: tf.Tensor4D, rng?: Rng): tf.Tensor4D {
    this.checkBatchInput(x, rng);
    const boxes = this.drawBatch(x, rng);
    return tf.tidy(() => cropAndResizeBatch(floatCopy(x), boxes, this.size, this.interpolation, this.antialias));
  }

  toJSON(): TransformSpec {
    return {
      type: this.type,
      options: { size: [...this.size], scale: [...this.scale], ratio: [...this.ratio], interpolation: this.interpolation, antialias: this.antialias },
    };
  }
}
