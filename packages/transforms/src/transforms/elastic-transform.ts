import type { JsonValue } from '../transform.js';
import { assertPositiveInteger, describeValue } from '@aug/internal';
import type { Image } from '../image.js';
import { blurFloat, gaussianKernel1d } from '../kernels/blur.js';
import { elasticTransform } from '../kernels/elastic.js';
import type { GridInterpolation } from '../kernels/grid-sample.js';
import type { Rng } from '../rng.js';
import type { TransformSpec } from '../transform.js';
import { checkOptions } from '../validate.js';
import { checkFillOption, gridInterpolation } from './geometric-options.js';
import { elasticGeometry } from '../sample/geometries.js';
import type { TargetGeometry } from '../sample/target-geometry.js';
import { RandomTransform } from './random-transform.js';

/** Options of {@link ElasticTransform}, torchvision's argument names. */
export interface ElasticTransformOptions {
  /** Displacement strength, a number or `[x, y]`. Default 50. */
  alpha?: number | [number, number];
  /** Smoothness (Gaussian sigma of the field), a number or `[x, y]`. Default 5. */
  sigma?: number | [number, number];
  /** Default `'bilinear'`. */
  interpolation?: GridInterpolation;
  /** Fill for outside pixels, in the image's range. Default 0. */
  fill?: number | number[];
}

function pair(v: unknown, name: string): [number, number] {
  const p = typeof v === 'number' ? [v, v] : v;
  if (!Array.isArray(p) || p.length !== 2 || !p.every((x) => typeof x === 'number' && Number.isFinite(x) && x >= 0)) {
    throw new TypeError(`${name} must be a non-negative number or [x, y] of them, got ${describeValue(v)}`);
  }
  return [p[0] as number, p[1] as number];
}

/**
 * Smooths one random field as torchvision: `gaussian_blur` with a square odd kernel of `int(8 * sigma[k] + 1)`
 * and the sigma pair `[sigma[0], sigma[1]]` (x, y), when `sigma[k] > 0`.
 */
function smooth(field: Float32Array, h: number, w: number, sigma: [number, number], k: 0 | 1): Float32Array {
  if (!(sigma[k] > 0)) return field;
  let size = Math.trunc(8 * sigma[k] + 1);
  if (size % 2 === 0) size += 1;
  if ((size - 1) / 2 >= h || (size - 1) / 2 >= w) {
    throw new RangeError(`sigma ${sigma[k]} needs a ${size}x${size} kernel, too large for a ${h}x${w} image (reflect padding): use a smaller sigma`);
  }
  return Float32Array.from(blurFloat(field, h, w, 1, gaussianKernel1d(size, sigma[0]), gaussianKernel1d(size, sigma[1])));
}

/**
 * Elastic deformation (torchvision `ElasticTransform`): a random displacement field, uniform in [-1, 1],
 * smoothed by a Gaussian of `sigma` and scaled by `alpha / size`, moves every pixel.
 *
 * @example
 * ```ts
 * const out = new ElasticTransform({ alpha: 30, sigma: 4 }).apply(img, createRng(0));
 * ```
 */
export class ElasticTransform extends RandomTransform<Float32Array> {
  /**
   * Rebuilds a `ElasticTransform` from the `options` of its `toJSON()` spec (what `transformFromJSON` calls).
   * @example `const same = ElasticTransform.fromJSON(spec.options ?? {})`
   */
  static fromJSON(options: { [key: string]: JsonValue }): ElasticTransform {
    type Args = ConstructorParameters<typeof ElasticTransform>;
    return new ElasticTransform(options as Args[0]);
  }

  protected readonly type = 'ElasticTransform';
  readonly alpha: [number, number];
  readonly sigma: [number, number];
  readonly interpolation: GridInterpolation;
  readonly fill: number | number[];

  constructor(options?: ElasticTransformOptions) {
    super();
    const o = checkOptions(options, ['alpha', 'sigma', 'interpolation', 'fill'], 'ElasticTransform');
    this.alpha = pair(o.alpha ?? 50, 'alpha');
    this.sigma = pair(o.sigma ?? 5, 'sigma');
    if ((this.sigma[0] > 0) !== (this.sigma[1] > 0)) {
      throw new RangeError(`sigma values must be both positive or both 0 (torchvision blurs each field with both), got ${describeValue(this.sigma)}`);
    }
    this.interpolation = gridInterpolation(o.interpolation, 'bilinear');
    this.fill = checkFillOption(o.fill ?? 0);
  }

  /**
   * torchvision's `ElasticTransform.get_params`: `height * width * 2` values, `[dx, dy]` per pixel (HW2, as
   * torchvision's `[1, H, W, 2]`). dx is drawn first (uniform in [-1, 1], smoothed, times `alpha[0] / size[0]`),
   * then dy (times `alpha[1] / size[1]`), as torchvision. `size` is `[height, width]`.
   *
   * @example
   * ```ts
   * const d = ElasticTransform.getParams([50, 50], [5, 5], [32, 32], rng);
   * ```
   */
  static getParams(alpha: [number, number], sigma: [number, number], size: [number, number], rng: Rng): Float32Array {
    const [h, w] = size;
    assertPositiveInteger(h, 'size[0]');
    assertPositiveInteger(w, 'size[1]');
    const field = (k: 0 | 1) => {
      const f = new Float32Array(h * w);
      for (let i = 0; i < f.length; i++) f[i] = rng.next() * 2 - 1;
      const s = smooth(f, h, w, sigma, k);
      const scale = alpha[k] / size[k];
      for (let i = 0; i < s.length; i++) s[i] = s[i]! * scale;
      return s;
    };
    const dx = field(0);
    const dy = field(1);
    const out = new Float32Array(h * w * 2);
    for (let i = 0; i < h * w; i++) {
      out[i * 2] = dx[i]!;
      out[i * 2 + 1] = dy[i]!;
    }
    return out;
  }

  protected makeParams(rng: Rng, size: [number, number]): Float32Array {
    return ElasticTransform.getParams(this.alpha, this.sigma, size, rng);
  }

  protected transformImage(img: Image, d: Float32Array): Image {
    return elasticTransform(img, d, { interpolation: this.interpolation, fill: this.fill });
  }

  protected override geometry(d: Float32Array, size: [number, number]): TargetGeometry {
    return elasticGeometry(size, d);
  }

  toJSON(): TransformSpec {
    return {
      type: this.type,
      options: { alpha: [...this.alpha], sigma: [...this.sigma], interpolation: this.interpolation, fill: Array.isArray(this.fill) ? [...this.fill] : this.fill },
    };
  }
}
