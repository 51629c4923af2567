import { assertPositiveInteger, describeValue } from '@aug/internal';
import type { Image } from '../image.js';
import { normal } from '../distributions.js';
import { erase } from '../kernels/erase.js';
import { roundHalfEven } from '../kernels/pixels.js';
import type { Rng } from '../rng.js';
import { randint, uniform } from '../rng.js';
import type { JsonValue, TransformSpec } from '../transform.js';
import { checkOptions, checkProbability, checkRange } from '../validate.js';
import type { FlatSample } from '../sample/sample-tree.js';
import { RandomApplyTransform } from './random-transform.js';

/** Options of {@link RandomErasing}, torchvision's argument names. */
export interface RandomErasingOptions {
  /** Probability of erasing. Default 0.5. */
  p?: number;
  /** Range of the erased area as a fraction of the image's. Default [0.02, 0.33]. */
  scale?: [number, number];
  /** Range of the erased box's aspect ratio (height / width), sampled log-uniformly. Default [0.3, 3.3]. */
  ratio?: [number, number];
  /**
   * Erasing value in the image's range: a number, one per channel, or `'random'` (standard normal values per
   * pixel, in float units as torchvision; times 255 on uint8 images). Default 0.
   */
  value?: number | number[] | 'random';
}

/** The box and values RandomErasing draws; `v` null means "leave the image" (no box fitted in 10 tries). */
export interface ErasingParams {
  i: number;
  j: number;
  h: number;
  w: number;
  v: number[] | Float32Array | null;
}

/**
 * Erases a random box with probability `p` (torchvision `RandomErasing`, Zhong et al.), usually after
 * `ToTensor` on float images.
 *
 * @example
 * ```ts
 * const t = new RandomErasing({ p: 0.5, value: 'random' });
 * const out = t.apply(floatImg, createRng(0));
 * ```
 */
export class RandomErasing extends RandomApplyTransform<ErasingParams> {
  /**
   * Rebuilds a `RandomErasing` from the `options` of its `toJSON()` spec (what `transformFromJSON` calls).
   * @example `const same = RandomErasing.fromJSON(spec.options ?? {})`
   */
  static fromJSON(options: { [key: string]: JsonValue }): RandomErasing {
    type Args = ConstructorParameters<typeof RandomErasing>;
    return new RandomErasing(options as Args[0]);
  }

  protected readonly type = 'RandomErasing';
  readonly p: number;
  readonly scale: [number, number];
  readonly ratio: [number, number];
  readonly value: number | number[] | 'random';

  constructor(options?: RandomErasingOptions) {
    super();
    const o = checkOptions(options, ['p', 'scale', 'ratio', 'value'], 'RandomErasing');
    this.p = checkProbability(o.p ?? 0.5);
    this.scale = checkRange(o.scale ?? [0.02, 0.33], 'scale');
    if (this.scale[0] < 0 || this.scale[1] > 1) throw new RangeError(`scale should be between 0 and 1, got ${describeValue(this.scale)}`);
    this.ratio = checkRange(o.ratio ?? [0.3, 3.3], 'ratio', true);
    const v = o.value ?? 0;
    if (v === 'random') this.value = v;
    else if (typeof v === 'number' && Number.isFinite(v)) this.value = v;
    else if (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'number' && Number.isFinite(x))) this.value = [...v];
    else throw new TypeError(`value should be a number, one number per channel or 'random', got ${describeValue(v)}`);
  }

  /**
   * torchvision's `RandomErasing.get_params`: up to 10 tries of a uniform area fraction in `scale` and a
   * log-uniform ratio; `h = round(sqrt(area * ratio))`, `w = round(sqrt(area / ratio))` must be smaller than
   * the image; then the values (`value`, or `h * w * channels` standard normal draws when `value` is null) and a
   * uniform position. `img` gives the size only.
   *
   * @example
   * ```ts
   * const { i, j, h, w, v } = RandomErasing.getParams(img, [0.02, 0.33], [0.3, 3.3], [0], rng);
   * ```
   */
  static getParams(
    img: { height: number; width: number; channels: number },
    scale: [number, number],
    ratio: [number, number],
    value: number[] | null,
    rng: Rng,
  ): ErasingParams {
    const { height: imgH, width: imgW, channels } = img;
    assertPositiveInteger(imgH, 'img.height');
    assertPositiveInteger(imgW, 'img.width');
    const area = imgH * imgW;
    const logLo = Math.log(ratio[0]);
    const logHi = Math.log(ratio[1]);
    for (let attempt = 0; attempt < 10; attempt++) {
      const eraseArea = area * uniform(rng, scale[0], scale[1]);
      const aspect = Math.exp(uniform(rng, logLo, logHi));
      const h = roundHalfEven(Math.sqrt(eraseArea * aspect));
      const w = roundHalfEven(Math.sqrt(eraseArea / aspect));
      if (!(h < imgH && w < imgW)) continue;
      let v: number[] | Float32Array;
      if (value === null) {
        v = new Float32Array(h * w * channels);
        for (let k = 0; k < v.length; k++) v[k] = normal(rng);
      } else {
        v = [...value];
      }
      const i = randint(rng, 0, imgH - h + 1);
      const j = randint(rng, 0, imgW - w + 1);
      return { i, j, h, w, v };
    }
    return { i: 0, j: 0, h: imgH, w: imgW, v: null };
  }

  protected makeAppliedParams(rng: Rng, _size: [number, number], source?: Image | FlatSample): ErasingParams {
    const img = source as Image;
    const value = this.value === 'random' ? null : typeof this.value === 'number' ? [this.value] : this.value;
    if (value !== null && value.length !== 1 && value.length !== img.channels) {
      throw new RangeError(`If value is a sequence, it should have either a single value or ${img.channels} (number of input channels), got ${describeValue(this.value)}`);
    }
    return RandomErasing.getParams(img, this.scale, this.ratio, value, rng);
  }

  protected transformImage(img: Image, { i, j, h, w, v }: ErasingParams): Image {
    if (v === null) return img;
    if (v instanceof Float32Array && img.data instanceof Uint8Array) {
      for (let k = 0; k < v.length; k++) v[k] = v[k]! * 255;
    }
    return erase(img, i, j, h, w, v);
  }

  toJSON(): TransformSpec {
    const value: JsonValue = Array.isArray(this.value) ? [...this.value] : this.value;
    return { type: this.type, options: { p: this.p, scale: [...this.scale], ratio: [...this.ratio], value } };
  }
}
