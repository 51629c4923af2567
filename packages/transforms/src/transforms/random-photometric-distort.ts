import type { JsonValue } from '../transform.js';
import { describeValue, permutation } from '@aug/internal';
import type { Image } from '../image.js';
import { colorJitter } from '../kernels/color-jitter.js';
import type { Rng } from '../rng.js';
import { uniform } from '../rng.js';
import type { TransformSpec } from '../transform.js';
import type { FlatSample } from '../sample/sample-tree.js';
import { checkOptions, checkProbability } from '../validate.js';
import { permuteChannels } from './permute-channels.js';
import { RandomTransform } from './random-transform.js';

/** Options of {@link RandomPhotometricDistort}, torchvision v2's argument names (each a `[min, max]` range). */
export interface RandomPhotometricDistortOptions {
  /** Default [0.875, 1.125]. */
  brightness?: [number, number];
  /** Default [0.5, 1.5]. */
  contrast?: [number, number];
  /** Default [0.5, 1.5]. */
  saturation?: [number, number];
  /** Default [-0.05, 0.05]. */
  hue?: [number, number];
  /** Probability of each of the five distortions. Default 0.5. */
  p?: number;
}

/** What RandomPhotometricDistort draws (torchvision v2's params; `null` = not applied). */
export interface PhotometricDistortParams {
  brightnessFactor: number | null;
  contrastFactor: number | null;
  saturationFactor: number | null;
  hueFactor: number | null;
  contrastBefore: boolean;
  channelPermutation: number[] | null;
}

function range(v: unknown, name: string, fallback: [number, number], bounds: [number, number]): [number, number] {
  const r = v ?? fallback;
  if (!Array.isArray(r) || r.length !== 2 || !r.every((x) => typeof x === 'number' && Number.isFinite(x))) {
    throw new TypeError(`${name} must be a [min, max] pair of finite numbers, got ${describeValue(r)}`);
  }
  if (!(bounds[0] <= r[0] && r[0] <= r[1] && r[1] <= bounds[1])) throw new RangeError(`${name} must satisfy ${bounds[0]} <= min <= max <= ${bounds[1]}, got ${describeValue(r)}`);
  return [r[0] as number, r[1] as number];
}

/**
 * SSD's photometric distortions (torchvision v2 `RandomPhotometricDistort`): brightness, contrast (before or
 * after the others), saturation and hue, each with probability `p`, then a random channel permutation with
 * probability `p`. Images only: targets pass through unchanged.
 *
 * @example
 * ```ts
 * const out = new RandomPhotometricDistort().apply({ image, boxes }, createRng(0));
 * ```
 */
export class RandomPhotometricDistort extends RandomTransform<PhotometricDistortParams> {
  /**
   * Rebuilds a `RandomPhotometricDistort` from the `options` of its `toJSON()` spec (what `transformFromJSON` calls).
   * @example `const same = RandomPhotometricDistort.fromJSON(spec.options ?? {})`
   */
  static fromJSON(options: { [key: string]: JsonValue }): RandomPhotometricDistort {
    type Args = ConstructorParameters<typeof RandomPhotometricDistort>;
    return new RandomPhotometricDistort(options as Args[0]);
  }

  protected readonly type = 'RandomPhotometricDistort';
  readonly brightness: [number, number];
  readonly contrast: [number, number];
  readonly saturation: [number, number];
  readonly hue: [number, number];
  readonly p: number;

  constructor(options?: RandomPhotometricDistortOptions) {
    super();
    const o = checkOptions(options, ['brightness', 'contrast', 'saturation', 'hue', 'p'], 'RandomPhotometricDistort');
    this.brightness = range(o.brightness, 'brightness', [0.875, 1.125], [0, Infinity]);
    this.contrast = range(o.contrast, 'contrast', [0.5, 1.5], [0, Infinity]);
    this.saturation = range(o.saturation, 'saturation', [0.5, 1.5], [0, Infinity]);
    this.hue = range(o.hue, 'hue', [-0.05, 0.05], [-0.5, 0.5]);
    this.p = checkProbability(o.p ?? 0.5);
  }

  /**
   * v2's `_get_params`, in its draw order: for brightness, contrast, saturation, hue in turn one gate draw
   * (`u < p`) and, when it passes, one uniform factor; then one draw for `contrastBefore` (`u < 0.5`); then one
   * gate draw for the channel permutation and, when it passes, a random permutation of `channels`.
   *
   * @example `const params = RandomPhotometricDistort.getParams(new RandomPhotometricDistort(), 3, rng);`
   */
  static getParams(t: RandomPhotometricDistort, channels: number, rng: Rng): PhotometricDistortParams {
    const draw = (r: [number, number]) => (rng.next() < t.p ? uniform(rng, r[0], r[1]) : null);
    const brightnessFactor = draw(t.brightness);
    const contrastFactor = draw(t.contrast);
    const saturationFactor = draw(t.saturation);
    const hueFactor = draw(t.hue);
    const contrastBefore = rng.next() < 0.5;
    const channelPermutation = rng.next() < t.p ? Array.from(permutation(channels, rng)) : null;
    return { brightnessFactor, contrastFactor, saturationFactor, hueFactor, contrastBefore, channelPermutation };
  }

  /**
   * Applies drawn parameters to one image: brightness, contrast (if before), saturation, hue, contrast (if
   * after), then the channel permutation.
   *
   * @example `RandomPhotometricDistort.applyParams(img, params)`
   */
  static applyParams(img: Image, p: PhotometricDistortParams): Image {
    let out = img;
    const any = p.brightnessFactor !== null || p.contrastFactor !== null || p.saturationFactor !== null || p.hueFactor !== null;
    if (any) {
      // colorJitter applies the adjustments in fnIdx order (0 brightness, 1 contrast, 2 saturation, 3 hue).
      const fnIdx: [number, number, number, number] = p.contrastBefore ? [0, 1, 2, 3] : [0, 2, 3, 1];
      out = colorJitter(out, {
        fnIdx,
        brightnessFactor: p.brightnessFactor,
        contrastFactor: p.contrastFactor,
        saturationFactor: out.channels === 3 ? p.saturationFactor : null,
        hueFactor: out.channels === 3 ? p.hueFactor : null,
      });
    }
    if (p.channelPermutation !== null) out = permuteChannels(out, p.channelPermutation);
    return out;
  }

  protected makeParams(rng: Rng, _size: [number, number], source?: Image | FlatSample): PhotometricDistortParams {
    return RandomPhotometricDistort.getParams(this, (source as Image).channels, rng);
  }

  protected transformImage(img: Image, params: PhotometricDistortParams): Image {
    return RandomPhotometricDistort.applyParams(img, params);
  }

  toJSON(): TransformSpec {
    return {
      type: this.type,
      options: { brightness: [...this.brightness], contrast: [...this.contrast], saturation: [...this.saturation], hue: [...this.hue], p: this.p },
    };
  }
}
