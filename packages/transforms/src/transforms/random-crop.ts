import { assertPositiveInteger, describeValue } from '@aug/internal';
import type * as tf from '@tensorflow/tfjs-core';
import type { Image } from '../image.js';
import { crop } from '../kernels/crop.js';
import type { PaddingMode } from '../kernels/pad.js';
import { checkPaddingMode, pad, parsePadding } from '../kernels/pad.js';
import type { Rng } from '../rng.js';
import { randint } from '../rng.js';
import type { BatchTransform, JsonValue, TransformSpec } from '../transform.js';
import { padCropBatch, paddedIndex } from '../batch/pad-crop.js';
import { checkOptions, checkSize } from '../validate.js';
import type { CropBox } from '../crop-box.js';
import { cropGeometry, padGeometry } from '../sample/geometries.js';
import type { TargetGeometry } from '../sample/target-geometry.js';
import { composeGeometry } from '../sample/target-geometry.js';
import { RandomTransform } from './random-transform.js';

/** Options of {@link RandomCrop}, torchvision's argument names. */
export interface RandomCropOptions {
  /** Padding applied first: one number, `[leftRight, topBottom]` or `[left, top, right, bottom]`. */
  padding?: number | [number] | [number, number] | [number, number, number, number];
  /** Pad (on both sides, as torchvision) when the image is smaller than the crop. Default false. */
  padIfNeeded?: boolean;
  /** Constant fill, in the image's range (0..255 uint8, [0, 1] float), or one per channel. Default 0. */
  fill?: number | number[];
  /** Default `'constant'`. (`mode` is accepted as an alias.) */
  paddingMode?: PaddingMode;
  /** Alias of `paddingMode`. */
  mode?: PaddingMode;
}

/**
 * Crops a random `size` box (torchvision `RandomCrop`), after optional padding.
 *
 * @example
 * ```ts
 * const t = new RandomCrop(32, { padding: 4, paddingMode: 'reflect' }); // the CIFAR classic
 * const out = t.apply(img, createRng(0));
 * ```
 */
export class RandomCrop extends RandomTransform<CropBox> implements BatchTransform {
  /**
   * Rebuilds a `RandomCrop` from the `options` of its `toJSON()` spec (what `transformFromJSON` calls).
   * @example `const same = RandomCrop.fromJSON(spec.options ?? {})`
   */
  static fromJSON(options: { [key: string]: JsonValue }): RandomCrop {
    type Args = ConstructorParameters<typeof RandomCrop>;
    const { size, ...rest } = options;
    return new RandomCrop(size as Args[0], rest as Args[1]);
  }

  protected readonly type = 'RandomCrop';
  readonly size: [number, number];
  readonly padding: [number, number, number, number] | null;
  readonly padIfNeeded: boolean;
  readonly fill: number | number[];
  readonly paddingMode: PaddingMode;

  constructor(size: number | [number] | [number, number], options?: RandomCropOptions) {
    super();
    options = checkOptions(options, ['padding', 'padIfNeeded', 'fill', 'paddingMode', 'mode'], 'RandomCrop');
    this.size = checkSize(size);
    this.padding = options.padding === undefined || options.padding === null ? null : parsePadding(options.padding);
    this.padIfNeeded = options.padIfNeeded ?? false;
    if (typeof this.padIfNeeded !== 'boolean') throw new TypeError(`padIfNeeded must be a boolean, got ${describeValue(this.padIfNeeded)}`);
    const fill = options.fill ?? 0;
    if (!(typeof fill === 'number' && Number.isFinite(fill)) && !(Array.isArray(fill) && fill.every((v) => typeof v === 'number' && Number.isFinite(v)))) {
      throw new TypeError(`fill must be a number or one number per channel, got ${describeValue(fill)}`);
    }
    this.fill = Array.isArray(fill) ? [...fill] : fill;
    this.paddingMode = checkPaddingMode(options.paddingMode ?? options.mode ?? 'constant', 'paddingMode');
  }

  /**
   * torchvision's `RandomCrop.get_params` for an image of `height` x `width`: a uniform position of the
   * `outputSize` box (no draw when the sizes are equal).
   *
   * @example
   * ```ts
   * const { top, left } = RandomCrop.getParams(40, 40, [32, 32], rng);
   * ```
   */
  static getParams(height: number, width: number, outputSize: [number, number], rng: Rng): CropBox {
    assertPositiveInteger(height, 'height');
    assertPositiveInteger(width, 'width');
    const [th, tw] = outputSize;
    if (height < th || width < tw) {
      throw new RangeError(`Required crop size ${describeValue(outputSize)} is larger than the input image size ${describeValue([height, width])}; use padding or padIfNeeded`);
    }
    if (width === tw && height === th) return { top: 0, left: 0, height, width };
    const top = randint(rng, 0, height - th + 1);
    const left = randint(rng, 0, width - tw + 1);
    return { top, left, height: th, width: tw };
  }

  /** The padding `[left, top, right, bottom]` steps applied to a `height` x `width` input, as torchvision's forward. */
  private paddings(height: number, width: number): [number, number, number, number][] {
    const steps: [number, number, number, number][] = [];
    let h = height;
    let w = width;
    if (this.padding !== null) {
      steps.push(this.padding);
      w += this.padding[0] + this.padding[2];
      h += this.padding[1] + this.padding[3];
    }
    if (this.padIfNeeded && w < this.size[1]) {
      const d = this.size[1] - w;
      steps.push([d, 0, d, 0]);
      w += 2 * d;
    }
    if (this.padIfNeeded && h < this.size[0]) {
      const d = this.size[0] - h;
      steps.push([0, d, 0, d]);
      h += 2 * d;
    }
    return steps;
  }

  /** The box, drawn on the padded size. */
  protected makeParams(rng: Rng, [h, w]: [number, number]): CropBox {
    const [ph, pw] = this.paddings(h, w).reduce(([y, x], [l, t, r, b]) => [y + t + b, x + l + r], [h, w]);
    return RandomCrop.getParams(ph, pw, this.size, rng);
  }

  protected transformImage(img: Image, b: CropBox): Image {
    let out = img;
    for (const p of this.paddings(img.height, img.width)) out = pad(out, p, { fill: this.fill, mode: this.paddingMode });
    return crop(out, b.top, b.left, b.height, b.width);
  }

  /** The padding steps, then the crop (composed left to right). */
  protected override geometry(b: CropBox, [h, w]: [number, number]): TargetGeometry {
    const steps: TargetGeometry[] = [];
    for (const p of this.paddings(h, w)) {
      const [ph, pw] = steps.at(-1)?.canvas ?? [h, w];
      steps.push(padGeometry([ph, pw], p, this.paddingMode));
    }
    return [...steps, cropGeometry(b.top, b.left, b.height, b.width)].reduce(composeGeometry);
  }

  /** Pads an NHWC batch (same padding for all samples) and crops one random box per sample. */
  applyBatch(x: tf.Tensor4D, rng?: Rng): tf.Tensor4D {
    this.checkBatchInput(x, rng);
    const [, h0, w0, c] = x.shape;
    const index = paddedIndex(h0, w0, this.paddings(h0, w0), this.paddingMode);
    const boxes = this.drawBatch(x, rng);
    const fill = Array.isArray(this.fill) ? this.fill : new Array<number>(c).fill(this.fill);
    if (fill.length !== c) throw new TypeError(`fill must be a number or ${c} numbers (one per channel), got ${describeValue(this.fill)}`);
    return padCropBatch(x, index, boxes, this.size, fill);
  }

  toJSON(): TransformSpec {
    const options: { [k: string]: JsonValue } = {
      padIfNeeded: this.padIfNeeded,
      fill: Array.isArray(this.fill) ? [...this.fill] : this.fill,
      paddingMode: this.paddingMode,
    };
    if (this.padding !== null) options.padding = [...this.padding];
    return { type: this.type, options: { size: [...this.size], ...options } };
  }
}
