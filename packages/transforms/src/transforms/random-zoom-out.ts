import { describeValue } from '@aug/internal';
import type { Image } from '../image.js';
import { pad } from '../kernels/pad.js';
import type { Rng } from '../rng.js';
import type { JsonValue, TransformSpec } from '../transform.js';
import { padGeometry } from '../sample/geometries.js';
import type { TargetGeometry } from '../sample/target-geometry.js';
import { checkOptions, checkProbability } from '../validate.js';
import { checkFillOption } from './geometric-options.js';
import { RandomApplyTransform } from './random-transform.js';

/** Options of {@link RandomZoomOut}, torchvision v2's argument names. */
export interface RandomZoomOutOptions {
  /** Fill of the new border for images, in the image's range (masks get 0). Default 0. */
  fill?: number | number[];
  /** Range `[min, max]` (min >= 1) of the factor the canvas grows by. Default [1, 4]. */
  sideRange?: [number, number];
  /** Probability of zooming out. Default 0.5. */
  p?: number;
}

/** The padding RandomZoomOut draws: `[left, top, right, bottom]`. */
export type ZoomOutPadding = [number, number, number, number];

/**
 * SSD's "zoom out" (torchvision v2 `RandomZoomOut`): with probability `p`, the image goes at a random place on
 * a canvas `r` times larger (`r` uniform in `sideRange`) filled with `fill`; boxes, masks and key points move
 * with it.
 *
 * @example
 * ```ts
 * const out = new RandomZoomOut({ fill: 124, sideRange: [1, 4] }).apply({ image, boxes }, createRng(0));
 * ```
 */
export class RandomZoomOut extends RandomApplyTransform<ZoomOutPadding> {
  /**
   * Rebuilds a `RandomZoomOut` from the `options` of its `toJSON()` spec (what `transformFromJSON` calls).
   * @example `const same = RandomZoomOut.fromJSON(spec.options ?? {})`
   */
  static fromJSON(options: { [key: string]: JsonValue }): RandomZoomOut {
    type Args = ConstructorParameters<typeof RandomZoomOut>;
    return new RandomZoomOut(options as Args[0]);
  }

  protected readonly type = 'RandomZoomOut';
  readonly fill: number | number[];
  readonly sideRange: [number, number];
  readonly p: number;

  constructor(options?: RandomZoomOutOptions) {
    super();
    const o = checkOptions(options, ['fill', 'sideRange', 'p'], 'RandomZoomOut');
    this.fill = checkFillOption(o.fill ?? 0);
    const r: unknown = o.sideRange ?? [1, 4];
    if (!Array.isArray(r) || r.length !== 2 || !r.every((v) => typeof v === 'number' && Number.isFinite(v))) {
      throw new TypeError(`sideRange must be [min, max] (two finite numbers), got ${describeValue(r)}`);
    }
    if (r[0] < 1 || r[0] > r[1]) throw new RangeError(`Invalid side range provided ${describeValue(r)}: need 1 <= min <= max`);
    this.sideRange = [r[0] as number, r[1] as number];
    this.p = checkProbability(o.p ?? 0.5);
  }

  /**
   * v2's `_get_params` after the `p` draw: `r = sideRange[0] + u * (sideRange[1] - sideRange[0])`, canvas
   * `int(w * r)` x `int(h * r)`, then two draws place the image (`left = int((cw - w) * u0)`, `top = int((ch - h) * u1)`).
   *
   * @example `const [left, top, right, bottom] = RandomZoomOut.getParams(300, 300, [1, 4], rng);`
   */
  static getParams(height: number, width: number, sideRange: [number, number], rng: Rng): ZoomOutPadding {
    const r = sideRange[0] + rng.next() * (sideRange[1] - sideRange[0]);
    const cw = Math.trunc(width * r);
    const ch = Math.trunc(height * r);
    const left = Math.trunc((cw - width) * rng.next());
    const top = Math.trunc((ch - height) * rng.next());
    return [left, top, cw - (left + width), ch - (top + height)];
  }

  /** After the `p` gate (`u < p` zooms): {@link RandomZoomOut.getParams}'s three draws. */
  protected makeAppliedParams(rng: Rng, [h, w]: [number, number]): ZoomOutPadding {
    return RandomZoomOut.getParams(h, w, this.sideRange, rng);
  }

  protected transformImage(img: Image, padding: ZoomOutPadding): Image {
    return pad(img, padding, { fill: this.fill });
  }

  protected override geometry(padding: ZoomOutPadding, size: [number, number]): TargetGeometry {
    return padGeometry(size, padding, 'constant');
  }

  toJSON(): TransformSpec {
    const fill: JsonValue = Array.isArray(this.fill) ? [...this.fill] : this.fill;
    return { type: this.type, options: { fill, sideRange: [...this.sideRange], p: this.p } };
  }
}
