import type { JsonValue } from '../transform.js';
import { assertPositiveInteger } from '@aug/internal';
import type { Image } from '../image.js';
import { perspective, perspectiveCoeffs } from '../kernels/perspective.js';
import type { GridInterpolation } from '../kernels/grid-sample.js';
import type { Rng } from '../rng.js';
import { randint } from '../rng.js';
import type * as tf from '@tensorflow/tfjs-core';
import type { BatchTransform, TransformSpec } from '../transform.js';
import { applyToFlagged } from '../batch/flagged.js';
import { perspectiveToProjective, warpBatch } from '../batch/warp.js';
import { perChannel } from '../kernels/normalize.js';
import { checkBetween, checkOptions, checkProbability } from '../validate.js';
import { checkFillOption, gridInterpolation } from './geometric-options.js';
import { perspectiveGeometry } from '../sample/geometries.js';
import type { TargetGeometry } from '../sample/target-geometry.js';
import { RandomApplyTransform } from './random-transform.js';

/** The identity pixel map (samples that are not warped). */
const affineIdentity: [number, number, number, number, number, number, number, number] = [1, 0, 0, 0, 1, 0, 0, 0];

/** Options of {@link RandomPerspective}, torchvision's argument names. */
export interface RandomPerspectiveOptions {
  /** How far the corners may move, in [0, 1]. Default 0.5. */
  distortionScale?: number;
  /** Probability of applying. Default 0.5. */
  p?: number;
  /** Default `'bilinear'`. */
  interpolation?: GridInterpolation;
  /** Fill for outside pixels, in the image's range. Default 0. */
  fill?: number | number[];
}

/** Four corners `[x, y]`: top-left, top-right, bottom-right, bottom-left. */
export interface PerspectiveParams {
  startpoints: number[][];
  endpoints: number[][];
}

/**
 * A random perspective warp with probability `p` (torchvision `RandomPerspective`): each corner moves
 * inwards by up to `distortionScale` times half the side.
 *
 * @example
 * ```ts
 * const out = new RandomPerspective({ distortionScale: 0.4 }).apply(img, createRng(0));
 * ```
 */
export class RandomPerspective extends RandomApplyTransform<PerspectiveParams> implements BatchTransform {
  /**
   * Rebuilds a `RandomPerspective` from the `options` of its `toJSON()` spec (what `transformFromJSON` calls).
   * @example `const same = RandomPerspective.fromJSON(spec.options ?? {})`
   */
  static fromJSON(options: { [key: string]: JsonValue }): RandomPerspective {
    type Args = ConstructorParameters<typeof RandomPerspective>;
    return new RandomPerspective(options as Args[0]);
  }

  protected readonly type = 'RandomPerspective';
  readonly distortionScale: number;
  readonly p: number;
  readonly interpolation: GridInterpolation;
  readonly fill: number | number[];

  constructor(options?: RandomPerspectiveOptions) {
    super();
    const o = checkOptions(options, ['distortionScale', 'p', 'interpolation', 'fill'], 'RandomPerspective');
    this.distortionScale = checkBetween(o.distortionScale ?? 0.5, 'distortionScale', 0, 1);
    this.p = checkProbability(o.p ?? 0.5);
    this.interpolation = gridInterpolation(o.interpolation, 'bilinear');
    this.fill = checkFillOption(o.fill ?? 0);
  }

  /**
   * torchvision's `RandomPerspective.get_params`: integer corner positions drawn uniformly (top-left x, y;
   * top-right x, y; bottom-right x, y; bottom-left x, y, in that order).
   *
   * @example
   * ```ts
   * const { startpoints, endpoints } = RandomPerspective.getParams(32, 32, 0.5, rng);
   * ```
   */
  static getParams(width: number, height: number, distortionScale: number, rng: Rng): PerspectiveParams {
    assertPositiveInteger(width, 'width');
    assertPositiveInteger(height, 'height');
    const dw = Math.trunc(distortionScale * Math.floor(width / 2));
    const dh = Math.trunc(distortionScale * Math.floor(height / 2));
    const topleft = [randint(rng, 0, dw + 1), randint(rng, 0, dh + 1)];
    const topright = [randint(rng, width - dw - 1, width), randint(rng, 0, dh + 1)];
    const botright = [randint(rng, width - dw - 1, width), randint(rng, height - dh - 1, height)];
    const botleft = [randint(rng, 0, dw + 1), randint(rng, height - dh - 1, height)];
    const startpoints = [[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]];
    return { startpoints, endpoints: [topleft, topright, botright, botleft] };
  }

  protected makeAppliedParams(rng: Rng, [h, w]: [number, number]): PerspectiveParams {
    return RandomPerspective.getParams(w, h, this.distortionScale, rng);
  }

  protected transformImage(img: Image, { startpoints, endpoints }: PerspectiveParams): Image {
    return perspective(img, startpoints, endpoints, { interpolation: this.interpolation, fill: this.fill });
  }

  protected override geometry({ startpoints, endpoints }: PerspectiveParams, size: [number, number]): TargetGeometry {
    return perspectiveGeometry(size, startpoints, endpoints);
  }

  /** Warps the drawn samples of a float batch, each by its own perspective, with `tf.image.transform`. */
  applyBatch(x: tf.Tensor4D, rng?: Rng): tf.Tensor4D {
    this.checkBatchInput(x, rng);
    const fill = perChannel(this.fill, x.shape[3], 'fill');
    const params = this.drawBatch(x, rng);
    const maps = params.map((q) => (q === null ? affineIdentity : perspectiveToProjective(perspectiveCoeffs(q.startpoints, q.endpoints))));
    return applyToFlagged(x, params.map((q) => q !== null), (xf) => warpBatch(xf, maps, this.interpolation, fill));
  }

  toJSON(): TransformSpec {
    return {
      type: this.type,
      options: { distortionScale: this.distortionScale, p: this.p, interpolation: this.interpolation, fill: Array.isArray(this.fill) ? [...this.fill] : this.fill },
    };
  }
}
