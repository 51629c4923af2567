import type { JsonValue } from '../transform.js';
import { describeValue, permutation } from '@aug/internal';
import type * as tf from '@tensorflow/tfjs-core';
import type { Image } from '../image.js';
import type { ColorJitterParams } from '../kernels/color-jitter.js';
import { colorJitter } from '../kernels/color-jitter.js';
import type { Rng } from '../rng.js';
import { uniform } from '../rng.js';
import type { BatchTransform, TransformSpec } from '../transform.js';
import { colorJitterBatch } from '../batch/color-jitter.js';
import { checkChannels, checkOptions } from '../validate.js';
import { RandomTransform } from './random-transform.js';

export type { ColorJitterParams } from '../kernels/color-jitter.js';

/** A jitter amount: `v` means [max(0, 1 - v), 1 + v] (hue: [-v, v]); or an explicit [min, max] such as `[0.8, 1.2]`. */
export type JitterRange = number | [number, number];

/** Options of {@link ColorJitter}, torchvision's argument names. Each defaults to 0 (off). */
export interface ColorJitterOptions {
  brightness?: JitterRange;
  contrast?: JitterRange;
  saturation?: JitterRange;
  /** At most 0.5 (or a range inside [-0.5, 0.5]). */
  hue?: JitterRange;
}

/** torchvision's `ColorJitter._check_input`; `null` means the adjustment is off. */
function checkInput(value: unknown, name: string, center: number, bound: [number, number], clipFirstOnZero: boolean): [number, number] | null {
  let range: [number, number];
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`${name} must be a finite number or a [min, max] pair, got ${describeValue(value)}`);
    if (value < 0) throw new RangeError(`If ${name} is a single number, it must be non negative, got ${describeValue(value)}`);
    range = [center - value, center + value];
    if (clipFirstOnZero) range[0] = Math.max(range[0], 0);
  } else if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    range = [value[0] as number, value[1] as number];
  } else {
    throw new TypeError(`${name} should be a single number or a [min, max] pair, got ${describeValue(value)}`);
  }
  if (!(bound[0] <= range[0] && range[0] <= range[1] && range[1] <= bound[1])) {
    throw new RangeError(`${name} values should be between ${describeValue(bound)} with min <= max, but got ${describeValue(range)} (from ${describeValue(value)})`);
  }
  return range[0] === center && range[1] === center ? null : range;
}

/**
 * Randomly changes brightness, contrast, saturation and hue, in a random order (torchvision `ColorJitter`).
 * Factors are drawn uniformly from the ranges made from the arguments, as torchvision does.
 *
 * @example
 * ```ts
 * const t = new ColorJitter({ brightness: 0.5, contrast: 0.5, saturation: 0.5, hue: 0.5 });
 * const out = t.apply(img, createRng(0));
 * ```
 */
export class ColorJitter extends RandomTransform<ColorJitterParams> implements BatchTransform {
  /**
   * Rebuilds a `ColorJitter` from the `options` of its `toJSON()` spec (what `transformFromJSON` calls).
   * @example `const same = ColorJitter.fromJSON(spec.options ?? {})`
   */
  static fromJSON(options: { [key: string]: JsonValue }): ColorJitter {
    type Args = ConstructorParameters<typeof ColorJitter>;
    return new ColorJitter(options as Args[0]);
  }

  protected readonly type = 'ColorJitter';
  readonly brightness: [number, number] | null;
  readonly contrast: [number, number] | null;
  readonly saturation: [number, number] | null;
  readonly hue: [number, number] | null;

  constructor(options: ColorJitterOptions = {}) {
    super();
    checkOptions(options, ['brightness', 'contrast', 'saturation', 'hue'], 'ColorJitter');
    this.brightness = checkInput(options.brightness ?? 0, 'brightness', 1, [0, Infinity], true);
    this.contrast = checkInput(options.contrast ?? 0, 'contrast', 1, [0, Infinity], true);
    this.saturation = checkInput(options.saturation ?? 0, 'saturation', 1, [0, Infinity], true);
    this.hue = checkInput(options.hue ?? 0, 'hue', 0, [-0.5, 0.5], false);
  }

  /**
   * torchvision's `ColorJitter.get_params`: a random order of the four adjustments, then one uniform factor
   * per enabled adjustment (in the order brightness, contrast, saturation, hue).
   *
   * @example
   * ```ts
   * const { fnIdx, brightnessFactor } = ColorJitter.getParams([0.5, 1.5], null, null, null, rng);
   * ```
   */
  static getParams(
    brightness: [number, number] | null,
    contrast: [number, number] | null,
    saturation: [number, number] | null,
    hue: [number, number] | null,
    rng: Rng,
  ): ColorJitterParams {
    const fnIdx = Array.from(permutation(4, rng)) as [number, number, number, number];
    const draw = (r: [number, number] | null) => (r === null ? null : uniform(rng, r[0], r[1]));
    const brightnessFactor = draw(brightness);
    const contrastFactor = draw(contrast);
    const saturationFactor = draw(saturation);
    const hueFactor = draw(hue);
    return { fnIdx, brightnessFactor, contrastFactor, saturationFactor, hueFactor };
  }

  protected makeParams(rng: Rng): ColorJitterParams {
    return ColorJitter.getParams(this.brightness, this.contrast, this.saturation, this.hue, rng);
  }

  /**
   * Applies drawn parameters to one image: the same result as calling `adjustBrightness`, `adjustContrast`,
   * `adjustSaturation` and `adjustHue` in `fnIdx` order (the per-image kernel behind `apply`).
   *
   * @example
   * ```ts
   * const out = ColorJitter.applyParams(img, ColorJitter.getParams([0.5, 1.5], null, null, null, rng));
   * ```
   */
  static applyParams(img: Image, params: ColorJitterParams): Image {
    return colorJitter(img, params);
  }

  protected transformImage(img: Image, params: ColorJitterParams): Image {
    return ColorJitter.applyParams(img, params);
  }

  /**
   * Draws every sample's order and factors, then runs the four positions of the order as vectorised steps
   * (each sample applying its own function and factor at each position).
   */
  applyBatch(x: tf.Tensor4D, rng?: Rng): tf.Tensor4D {
    this.checkBatchInput(x, rng);
    if (this.contrast !== null || this.saturation !== null || this.hue !== null) checkChannels(x.shape[3], [1, 3], 'x');
    return colorJitterBatch(x, this.drawBatch(x, rng));
  }

  toJSON(): TransformSpec {
    const r = (v: [number, number] | null) => (v === null ? 0 : [...v]);
    return { type: this.type, options: { brightness: r(this.brightness), contrast: r(this.contrast), saturation: r(this.saturation), hue: r(this.hue) } };
  }
}
