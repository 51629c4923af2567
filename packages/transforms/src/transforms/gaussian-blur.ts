import type { JsonValue } from '../transform.js';
import { describeValue } from '@aug/internal';
import type { Image } from '../image.js';
import { checkKernelSize, gaussianBlur, gaussianKernel1d } from '../kernels/blur.js';
import type { Rng } from '../rng.js';
import { uniform } from '../rng.js';
import * as tf from '@tensorflow/tfjs-core';
import type { BatchTransform, TransformSpec } from '../transform.js';
import { floatCopy } from '../batch/check.js';
import { blurBatch } from '../batch/warp.js';
import { checkOptions } from '../validate.js';
import { RandomTransform } from './random-transform.js';

/** Options of {@link GaussianBlur}. */
export interface GaussianBlurOptions {
  /** A fixed sigma, or the `[min, max]` range it is drawn from. Default [0.1, 2]. */
  sigma?: number | [number, number];
}

/**
 * Blurs with a Gaussian of random sigma (torchvision `GaussianBlur`): `kernelSize` odd, one number or `[x, y]`.
 *
 * @example
 * ```ts
 * const out = new GaussianBlur(3, { sigma: [0.1, 2] }).apply(img, createRng(0));
 * ```
 */
export class GaussianBlur extends RandomTransform<number> implements BatchTransform {
  /**
   * Rebuilds a `GaussianBlur` from the `options` of its `toJSON()` spec (what `transformFromJSON` calls).
   * @example `const same = GaussianBlur.fromJSON(spec.options ?? {})`
   */
  static fromJSON(options: { [key: string]: JsonValue }): GaussianBlur {
    type Args = ConstructorParameters<typeof GaussianBlur>;
    const { kernelSize, ...rest } = options;
    return new GaussianBlur(kernelSize as Args[0], rest as Args[1]);
  }

  protected readonly type = 'GaussianBlur';
  readonly kernelSize: [number, number];
  readonly sigma: [number, number];

  constructor(kernelSize: number | [number, number], options?: GaussianBlurOptions) {
    super();
    const o = checkOptions(options, ['sigma'], 'GaussianBlur');
    this.kernelSize = checkKernelSize(kernelSize, 'kernelSize');
    const s = o.sigma ?? [0.1, 2];
    if (typeof s === 'number') {
      if (!Number.isFinite(s) || s <= 0) throw new RangeError(`If sigma is a single number, it must be positive, got ${describeValue(s)}`);
      this.sigma = [s, s];
    } else if (Array.isArray(s) && s.length === 2 && s.every((v) => typeof v === 'number' && Number.isFinite(v))) {
      if (!(s[0] > 0 && s[0] <= s[1])) throw new RangeError(`sigma values should be positive and of the form (min, max), got ${describeValue(s)}`);
      this.sigma = [s[0], s[1]];
    } else {
      throw new TypeError(`sigma should be a single number or a [min, max] pair, got ${describeValue(s)}`);
    }
  }

  /**
   * torchvision's `GaussianBlur.get_params`: a uniform sigma in [sigmaMin, sigmaMax].
   * @example `GaussianBlur.getParams(0.1, 2, rng)`
   */
  static getParams(sigmaMin: number, sigmaMax: number, rng: Rng): number {
    return uniform(rng, sigmaMin, sigmaMax);
  }

  protected makeParams(rng: Rng): number {
    return GaussianBlur.getParams(this.sigma[0], this.sigma[1], rng);
  }

  protected transformImage(img: Image, sigma: number): Image {
    return gaussianBlur(img, this.kernelSize, [sigma, sigma]);
  }

  /** Blurs each sample with its own sigma: a separable blur whose taps are per-sample weighted slices of the reflect-padded batch. */
  applyBatch(x: tf.Tensor4D, rng?: Rng): tf.Tensor4D {
    this.checkBatchInput(x, rng);
    const [kw, kh] = this.kernelSize;
    const [, h, w] = x.shape;
    if ((kw - 1) / 2 >= w || (kh - 1) / 2 >= h) throw new RangeError(`kernelSize ${describeValue(this.kernelSize)} is too large for a ${h}x${w} batch (reflect padding)`);
    const sigmas = this.drawBatch(x, rng);
    return tf.tidy(() => blurBatch(floatCopy(x), sigmas.map((s) => gaussianKernel1d(kw, s)), sigmas.map((s) => gaussianKernel1d(kh, s))));
  }

  toJSON(): TransformSpec {
    return { type: this.type, options: { kernelSize: [...this.kernelSize], sigma: [...this.sigma] } };
  }
}
