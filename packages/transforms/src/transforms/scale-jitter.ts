import type { JsonValue } from '../transform.js';
import { assertPositiveInteger, describeValue } from '@aug/internal';
import type { Interpolation } from '../kernels/resize.js';
import type { Rng } from '../rng.js';
import type { TransformSpec } from '../transform.js';
import { checkOptions, checkRange } from '../validate.js';
import type { RandomResizeOptions } from './resize-options.js';
import { checkResizeOptions, RandomResizeTransform } from './resize-options.js';

/** Options of {@link ScaleJitter}, torchvision v2's argument names. */
export interface ScaleJitterOptions extends RandomResizeOptions {
  /** Range `[min, max]` of the scale drawn. Default [0.1, 2]. */
  scaleRange?: [number, number];
}

/**
 * Large scale jitter (torchvision v2 `ScaleJitter`, Copy-Paste's augmentation): resizes by
 * `min(targetSize[1] / h, targetSize[0] / w) * s` with `s` uniform in `scaleRange`; targets follow.
 *
 * @example
 * ```ts
 * const t = new ScaleJitter([1024, 1024], { scaleRange: [0.1, 2] });
 * ```
 */
export class ScaleJitter extends RandomResizeTransform {
  /**
   * Rebuilds a `ScaleJitter` from the `options` of its `toJSON()` spec (what `transformFromJSON` calls).
   * @example `const same = ScaleJitter.fromJSON(spec.options ?? {})`
   */
  static fromJSON(options: { [key: string]: JsonValue }): ScaleJitter {
    type Args = ConstructorParameters<typeof ScaleJitter>;
    const { targetSize, ...rest } = options;
    return new ScaleJitter(targetSize as Args[0], rest as Args[1]);
  }

  protected readonly type = 'ScaleJitter';
  readonly targetSize: [number, number];
  readonly scaleRange: [number, number];
  readonly interpolation: Interpolation;
  readonly antialias: boolean;

  constructor(targetSize: [number, number], options?: ScaleJitterOptions) {
    super();
    const o = checkOptions(options, ['scaleRange', 'interpolation', 'antialias'], 'ScaleJitter');
    if (!Array.isArray(targetSize) || targetSize.length !== 2) throw new TypeError(`targetSize must be [a, b] (two positive integers), got ${describeValue(targetSize)}`);
    this.targetSize = [assertPositiveInteger(targetSize[0], 'targetSize[0]'), assertPositiveInteger(targetSize[1], 'targetSize[1]')];
    this.scaleRange = checkRange(o.scaleRange ?? [0.1, 2], 'scaleRange', true);
    ({ interpolation: this.interpolation, antialias: this.antialias } = checkResizeOptions(o));
  }

  /**
   * v2's `_get_params`: one uniform draw of the scale, `r = min(targetSize[1] / h, targetSize[0] / w) * scale`,
   * the new size `[int(h * r), int(w * r)]` (v2's pairing of `targetSize` with the sides, kept as is).
   *
   * @example `ScaleJitter.getParams(300, 400, [1024, 1024], [0.1, 2], rng)`
   */
  static getParams(height: number, width: number, targetSize: [number, number], scaleRange: [number, number], rng: Rng): [number, number] {
    const scale = scaleRange[0] + rng.next() * (scaleRange[1] - scaleRange[0]);
    const r = Math.min(targetSize[1] / height, targetSize[0] / width) * scale;
    return [Math.trunc(height * r), Math.trunc(width * r)];
  }

  protected makeParams(rng: Rng, [h, w]: [number, number]): [number, number] {
    const size = ScaleJitter.getParams(h, w, this.targetSize, this.scaleRange, rng);
    if (size[0] < 1 || size[1] < 1) throw new RangeError(`ScaleJitter drew a ${size[0]}x${size[1]} output for a ${h}x${w} input: raise scaleRange[0] ${this.scaleRange[0]}`);
    return size;
  }

  toJSON(): TransformSpec {
    return { type: this.type, options: { targetSize: [...this.targetSize], scaleRange: [...this.scaleRange], interpolation: this.interpolation, antialias: this.antialias } };
  }
}
