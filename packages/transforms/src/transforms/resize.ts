import type { JsonValue } from '../transform.js';
import { assertPositiveInteger, describeValue } from '@aug/internal';
import * as tf from '@tensorflow/tfjs-core';
import type { Image } from '../image.js';
import { assertImage } from '../image.js';
import type { Interpolation } from '../kernels/resize.js';
import { checkInterpolation, resize } from '../kernels/resize.js';
import { computeResizedOutputSize } from '../kernels/resized-output-size.js';
import type { BatchTransform, TransformSpec } from '../transform.js';
import { checkBatch, floatCopy } from '../batch/check.js';
import { cropAndResizeBatch } from '../batch/resample.js';
import { checkOptions } from '../validate.js';
import { applyGeometric } from '../sample/apply-sample.js';
import { resizeGeometry } from '../sample/geometries.js';
import { isSampleInput } from '../sample/sample-tree.js';
import type { Rng } from '../rng.js';

/** Options of {@link Resize}, torchvision's argument names. */
export interface ResizeTransformOptions {
  /** Default `'bilinear'`. */
  interpolation?: Interpolation;
  /** With a single-number size: the longer edge is capped at this (torchvision `max_size`). */
  maxSize?: number;
  /** Default `false`: torchvision 0.14's tensor behaviour (`antialias=None` warns and means `False`). */
  antialias?: boolean;
}

/**
 * Resizes to `size` (torchvision `Resize`): `[height, width]` exactly, or a single number `s` (or `[s]`)
 * to make the shorter edge `s` keeping the aspect ratio.
 *
 * @example
 * ```ts
 * const t = new Resize(224); // shorter edge -> 224
 * const u = new Resize([64, 64], { antialias: true });
 * ```
 */
export class Resize implements BatchTransform {
  /**
   * Rebuilds a `Resize` from the `options` of its `toJSON()` spec (what `transformFromJSON` calls).
   * @example `const same = Resize.fromJSON(spec.options ?? {})`
   */
  static fromJSON(options: { [key: string]: JsonValue }): Resize {
    type Args = ConstructorParameters<typeof Resize>;
    const { size, ...rest } = options;
    return new Resize(size as Args[0], rest as Args[1]);
  }

  readonly size: number[];
  readonly interpolation: Interpolation;
  readonly maxSize: number | undefined;
  readonly antialias: boolean;

  constructor(size: number | [number] | [number, number], options?: ResizeTransformOptions) {
    options = checkOptions(options, ['interpolation', 'maxSize', 'antialias'], 'Resize');
    const s = typeof size === 'number' ? [size] : size;
    if (!Array.isArray(s) || (s.length !== 1 && s.length !== 2)) throw new TypeError(`size must be a number, [s] or [height, width], got ${describeValue(size)}`);
    s.forEach((v) => assertPositiveInteger(v, 'size'));
    this.size = [...s];
    this.interpolation = checkInterpolation(options.interpolation ?? 'bilinear');
    if (options.maxSize !== undefined) {
      assertPositiveInteger(options.maxSize, 'maxSize');
      if (this.size.length !== 1) throw new RangeError(`maxSize is only allowed when size is a single number (the smaller edge), got size ${describeValue(size)}`);
    }
    this.maxSize = options.maxSize;
    this.antialias = options.antialias ?? false;
  }

  /** The output `[height, width]` for an input of `height` x `width`. */
  outputSize(height: number, width: number): [number, number] {
    return computeResizedOutputSize(height, width, this.size, this.maxSize);
  }

  apply(img: Image, rng?: Rng): Image;
  apply<T extends object>(sample: T, rng?: Rng): T;
  apply(input: object): object {
    if (isSampleInput(input)) {
      return applyGeometric(input, 'Resize', ([h, w]) => {
        const size = this.outputSize(h, w);
        return { image: (im) => resize(im, size, { interpolation: this.interpolation, antialias: this.antialias }), geometry: resizeGeometry([h, w], size) };
      });
    }
    const img = input as Image;
    assertImage(img);
    const size = this.outputSize(img.height, img.width);
    return resize(img, size, { interpolation: this.interpolation, antialias: this.antialias });
  }

  /** Resizes every sample of an NHWC batch with the per-image kernel's weights. */
  applyBatch(x: tf.Tensor4D): tf.Tensor4D {
    checkBatch(x, 'Resize');
    const [n, h, w] = x.shape;
    const size = this.outputSize(h, w);
    const boxes = Array.from({ length: n }, () => ({ top: 0, left: 0, height: h, width: w }));
    return tf.tidy(() => {
      const xf = floatCopy(x);
      return size[0] === h && size[1] === w ? xf : cropAndResizeBatch(xf, boxes, size, this.interpolation, this.antialias);
    });
  }

  toJSON(): TransformSpec {
    const options: { [k: string]: number[] | string | boolean | number } = { size: [...this.size], interpolation: this.interpolation, antialias: this.antialias };
    if (this.maxSize !== undefined) options.maxSize = this.maxSize;
    return { type: 'Resize', options };
  }
}
