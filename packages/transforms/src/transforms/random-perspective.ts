import type { JsonValue } from '../transform.js';
import { assertPositiveInteger } from '@aug/internal';
import type { Image } from '../image.js';
import { assertImage } from '../image.js';
import { perspective, perspectiveCoeffs } from '../kernels/perspective.js';
import type { GridInterpolation } from '../kernels/grid-sample.js';
import type { Rng } from '../rng.js';
import { randint } from '../rng.js';
import type * as tf from '@tensorflow/tfjs-core';
import type { BatchTransform, TransformSpec } from '../transform.js';
import { checkBatch } from '../batch/check.js';
import { applyToFlagged } from '../batch/flagged.js';
import { perspectiveToProjective, warpBatch } from '../batch/warp.js';
import { perChannel } from '../kernels/normalize.js';
import { checkBetween, checkOptions, checkProbability, checkRng } from '../validate.js';
import { checkFillOption, gridInterpolation } from './geometric-options.js';
import { applyGeometric } from '../sample/apply-sample.js';
import { perspectiveGeometry } from '../sample/geometries.js';
import { isSampleInput } from '../sample/sample-tree.js';

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
export class RandomPerspective implements BatchTransform {
  /**
   * Rebuilds a `RandomPerspective` from the `options` of its `toJSON()` spec (what `transformFromJSON` calls).
   * @example `const same = RandomPerspective.fromJSON(spec.options ?? {})`
   */
  static fromJSON(options: { [key: string]: JsonValue }): RandomPerspective {
    type Args = ConstructorParameters<typeof RandomPerspective>;
    return new RandomPerspective(options as Args[0]);
  }

  readonly distortionScale: number;
  readonly p: number;
  readonly interpolation: GridInterpolation;
  readonly fill: number | number[];

  constructor(options?: RandomPerspectiveOptions) {
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

  apply(img: Image, rng?: Rng): Image;
  apply<T extends object>(sample: T, rng?: Rng): T;
  apply(input: object, rng?: Rng): object {
    checkRng(rng, 'RandomPerspective');
    if (isSampleInput(input)) {
      return applyGeometric(input, 'RandomPerspective', ([h, w]) => {
        if (!(rng.next() < this.p)) return null;
        const { startpoints, endpoints } = RandomPerspective.getParams(w, h, this.distortionScale, rng);
        return {
          image: (im) => perspective(im, startpoints, endpoints, { interpolation: this.interpolation, fill: this.fill }),
          geometry: perspectiveGeometry([h, w], startpoints, endpoints),
        };
      });
    }
    const img = input as Image;
    assertImage(img);
    if (!(rng.next() < this.p)) return img;
    const { startpoints, endpoints } = RandomPerspective.getParams(img.width, img.height, this.distortionScale, rng);
    return perspective(img, startpoints, endpoints, { interpolation: this.interpolation, fill: this.fill });
  }

  /** Warps the drawn samples of a float batch, each by its own perspective, with `tf.image.transform`. */
  applyBatch(x: tf.Tensor4D, rng?: Rng): tf.Tensor4D {
    checkRng(rng, 'RandomPerspective');
    checkBatch(x, 'RandomPerspective');
    const [n, h, w, c] = x.shape;
    const fill = perChannel(this.fill, c, 'fill');
    const flags: boolean[] = [];
    const maps = Array.from({ length: n }, () => {
      const on = rng.next() < this.p;
      flags.push(on);
      if (!on) return affineIdentity;
      const { startpoints, endpoints } = RandomPerspective.getParams(w, h, this.distortionScale, rng);
      return perspectiveToProjective(perspectiveCoeffs(startpoints, endpoints));
    });
    return applyToFlagged(x, flags, (xf) => warpBatch(xf, maps, this.interpolation, fill));
  }

  toJSON(): TransformSpec {
    return {
      type: 'RandomPerspective',
      options: { distortionScale: this.distortionScale, p: this.p, interpolation: this.interpolation, fill: Array.isArray(this.fill) ? [...this.fill] : this.fill },
    };
  }
}
