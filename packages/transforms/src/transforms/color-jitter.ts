import * as tf from '@tensorflow/tfjs-core';
import type { Image } from '../image.js';
import { assertImage } from '../image.js';
import { affineInto, affineTableU8, grayMean, grayMeanU8, IDENTITY_U8, saturationInto, saturationU8 } from '../kernels/color.js';
import { checkHueFactor, hueInto, hueU8 } from '../kernels/hue.js';
import type { Rng } from '../rng.js';
import { randint, uniform } from '../rng.js';
import type { BatchTransform, TransformSpec } from '../transform.js';
import { checkBatch, floatCopy } from '../batch/check.js';
import { jitterStep } from '../batch/color.js';
import { checkChannels, checkNonNegative, checkOptions, checkRng, show } from '../validate.js';

/** A jitter amount: `v` means [max(0, 1 - v), 1 + v] (hue: [-v, v]); or an explicit [min, max]. @example `0.5` or `[0.8, 1.2]` */
export type JitterRange = number | [number, number];

/** Options of {@link ColorJitter}, torchvision's argument names. Each defaults to 0 (off). @example `{ brightness: 0.5, hue: 0.3 }` */
export interface ColorJitterOptions {
  brightness?: JitterRange;
  contrast?: JitterRange;
  saturation?: JitterRange;
  /** At most 0.5 (or a range inside [-0.5, 0.5]). */
  hue?: JitterRange;
}

/** The parameters ColorJitter draws per call (torchvision's `get_params` result). @example `ColorJitter.applyParams(img, ColorJitter.getParams([0.5, 1.5], null, null, null, rng))` */
export interface ColorJitterParams {
  /** The order of the four adjustments: 0 brightness, 1 contrast, 2 saturation, 3 hue. */
  fnIdx: [number, number, number, number];
  brightnessFactor: number | null;
  contrastFactor: number | null;
  saturationFactor: number | null;
  hueFactor: number | null;
}

/** torchvision's `ColorJitter._check_input`; `null` means the adjustment is off. */
function checkInput(value: unknown, name: string, center: number, bound: [number, number], clipFirstOnZero: boolean): [number, number] | null {
  let range: [number, number];
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`${name} must be a finite number or a [min, max] pair, got ${show(value)}`);
    if (value < 0) throw new RangeError(`If ${name} is a single number, it must be non negative, got ${show(value)}`);
    range = [center - value, center + value];
    if (clipFirstOnZero) range[0] = Math.max(range[0], 0);
  } else if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    range = [value[0] as number, value[1] as number];
  } else {
    throw new TypeError(`${name} should be a single number or a [min, max] pair, got ${show(value)}`);
  }
  if (!(bound[0] <= range[0] && range[0] <= range[1] && range[1] <= bound[1])) {
    throw new RangeError(`${name} values should be between ${show(bound)} with min <= max, but got ${show(range)} (from ${show(value)})`);
  }
  return range[0] === center && range[1] === center ? null : range;
}

/** A uniformly random permutation of 0..n-1 (the distribution of `torch.randperm(n)`), by Fisher-Yates. */
export function randperm(n: number, rng: Rng): number[] {
  const perm = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = randint(rng, 0, i + 1);
    const t = perm[i]!;
    perm[i] = perm[j]!;
    perm[j] = t;
  }
  return perm;
}

const pending = new Uint8Array(256);

/**
 * ColorJitter on a uint8 RGB image in one or two passes, with the bytes of the step-by-step path: brightness
 * and contrast are byte maps, so they are composed into one pending map (contrast's mean read through it)
 * that the next saturation or hue pass reads its input through, or that is applied at the end.
 */
function jitterRgbU8(img: Image, params: ColorJitterParams): Image {
  const { brightnessFactor: b, contrastFactor: c, saturationFactor: s, hueFactor: h } = params;
  const src = img.data as Uint8Array;
  const data = new Uint8Array(src.length);
  let from = src;
  let map = IDENTITY_U8;
  for (const fn of params.fnIdx) {
    if (fn === 0 && b !== null) {
      affineTableU8(b, 0, map, pending);
      map = pending;
    } else if (fn === 1 && c !== null) {
      affineTableU8(c, (1 - c) * grayMeanU8(from, map), map, pending);
      map = pending;
    } else if ((fn === 2 && s !== null) || (fn === 3 && h !== null)) {
      if (fn === 2) saturationU8(from, data, s!, map);
      else hueU8(from, data, h!, map);
      from = data;
      map = IDENTITY_U8;
    }
  }
  if (from !== data || map !== IDENTITY_U8) {
    for (let i = 0; i < data.length; i += 3) {
      data[i] = map[from[i]!]!;
      data[i + 1] = map[from[i + 1]!]!;
      data[i + 2] = map[from[i + 2]!]!;
    }
  }
  return { data, height: img.height, width: img.width, channels: 3 };
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
export class ColorJitter implements BatchTransform {
  readonly brightness: [number, number] | null;
  readonly contrast: [number, number] | null;
  readonly saturation: [number, number] | null;
  readonly hue: [number, number] | null;

  constructor(options: ColorJitterOptions = {}) {
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
    const fnIdx = randperm(4, rng) as [number, number, number, number];
    const draw = (r: [number, number] | null) => (r === null ? null : uniform(rng, r[0], r[1]));
    const brightnessFactor = draw(brightness);
    const contrastFactor = draw(contrast);
    const saturationFactor = draw(saturation);
    const hueFactor = draw(hue);
    return { fnIdx, brightnessFactor, contrastFactor, saturationFactor, hueFactor };
  }

  private draw(rng: Rng): ColorJitterParams {
    return ColorJitter.getParams(this.brightness, this.contrast, this.saturation, this.hue, rng);
  }

  /** Applies drawn parameters to one image. */
  /**
   * Applies drawn parameters to one image: the same result as calling `adjustBrightness`, `adjustContrast`,
   * `adjustSaturation` and `adjustHue` in `fnIdx` order, computed in place on one copy of the input.
   */
  static applyParams(img: Image, params: ColorJitterParams): Image {
    assertImage(img);
    const { brightnessFactor: b, contrastFactor: c, saturationFactor: s, hueFactor: h } = params;
    if (b !== null) checkNonNegative(b, 'brightness_factor');
    if (c !== null) checkNonNegative(c, 'contrast_factor');
    if (s !== null) checkNonNegative(s, 'saturation_factor');
    if (h !== null) checkHueFactor(h);
    if ((c !== null || s !== null || h !== null) && img.channels !== 1 && img.channels !== 3) checkChannels(img.channels, [1, 3]);
    if (b === null && c === null && s === null && h === null) return img;
    if (img.data instanceof Uint8Array && img.channels === 3) return jitterRgbU8(img, params);
    const data = img.data.slice();
    const rgb = img.channels === 3;
    for (const fn of params.fnIdx) {
      if (fn === 0 && b !== null) affineInto(data, data, b, 0);
      else if (fn === 1 && c !== null) affineInto(data, data, c, (1 - c) * grayMean(data, img.channels));
      else if (fn === 2 && s !== null && rgb) saturationInto(data, data, s);
      else if (fn === 3 && h !== null && rgb) hueInto(data, data, h);
    }
    return { data, height: img.height, width: img.width, channels: img.channels };
  }

  apply(img: Image, rng?: Rng): Image {
    checkRng(rng, 'ColorJitter');
    assertImage(img);
    return ColorJitter.applyParams(img, this.draw(rng!));
  }

  /**
   * Draws every sample's order and factors, then runs the four positions of the order as vectorised steps
   * (each sample applying its own function and factor at each position).
   */
  applyBatch(x: tf.Tensor4D, rng?: Rng): tf.Tensor4D {
    checkRng(rng, 'ColorJitter');
    checkBatch(x, 'ColorJitter');
    if (this.contrast !== null || this.saturation !== null || this.hue !== null) checkChannels(x.shape[3], [1, 3], 'x');
    const n = x.shape[0];
    const params = Array.from({ length: n }, () => this.draw(rng!));
    return tf.tidy(() => {
      let out = floatCopy(x);
      for (let pos = 0; pos < 4; pos++) {
        const fn = new Int8Array(n).fill(-1);
        const factor = new Float32Array(n);
        let any = false;
        params.forEach((p, s) => {
          const id = p.fnIdx[pos]!;
          const f = [p.brightnessFactor, p.contrastFactor, p.saturationFactor, p.hueFactor][id]!;
          if (f !== null) {
            fn[s] = id;
            factor[s] = f;
            any = true;
          }
        });
        if (any) out = jitterStep(out, { fn, factor });
      }
      return out;
    });
  }

  toJSON(): TransformSpec {
    const r = (v: [number, number] | null) => (v === null ? 0 : [...v]);
    return { type: 'ColorJitter', options: { brightness: r(this.brightness), contrast: r(this.contrast), saturation: r(this.saturation), hue: r(this.hue) } };
  }
}
