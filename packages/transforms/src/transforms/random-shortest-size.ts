import { assertPositiveInteger, describeValue } from '@aug/internal';
import type { Interpolation } from '../kernels/resize.js';
import type { Rng } from '../rng.js';
import { randint } from '../rng.js';
import type { JsonValue, TransformSpec } from '../transform.js';
import { checkOptions } from '../validate.js';
import type { RandomResizeOptions } from './resize-options.js';
import { checkResizeOptions, RandomResizeTransform } from './resize-options.js';

/** Options of {@link RandomShortestSize}, torchvision v2's argument names. */
export interface RandomShortestSizeOptions extends RandomResizeOptions {
  /** Cap of the longer side. Default none. */
  maxSize?: number | null;
}

/**
 * Resizes so that the shorter side is one of `minSize` drawn at random, the longer side capped at `maxSize`
 * (torchvision v2 `RandomShortestSize`, the detection references' multi-scale training); targets follow.
 *
 * @example
 * ```ts
 * const t = new RandomShortestSize([480, 512, 544, 576, 608], { maxSize: 1000 });
 * ```
 */
export class RandomShortestSize extends RandomResizeTransform {
  /**
   * Rebuilds a `RandomShortestSize` from the `options` of its `toJSON()` spec (what `transformFromJSON` calls).
   * @example `const same = RandomShortestSize.fromJSON(spec.options ?? {})`
   */
  static fromJSON(options: { [key: string]: JsonValue }): RandomShortestSize {
    type Args = ConstructorParameters<typeof RandomShortestSize>;
    const { minSize, ...rest } = options;
    return new RandomShortestSize(minSize as Args[0], rest as Args[1]);
  }

  protected readonly type = 'RandomShortestSize';
  readonly minSize: number[];
  readonly maxSize: number | null;
  readonly interpolation: Interpolation;
  readonly antialias: boolean;

  constructor(minSize: number | number[], options?: RandomShortestSizeOptions) {
    super();
    const o = checkOptions(options, ['maxSize', 'interpolation', 'antialias'], 'RandomShortestSize');
    const sizes: unknown[] = typeof minSize === 'number' ? [minSize] : Array.isArray(minSize) ? minSize : [];
    if (sizes.length === 0) throw new TypeError(`minSize must be a positive integer or a non-empty array of them, got ${describeValue(minSize)}`);
    this.minSize = sizes.map((s, i) => assertPositiveInteger(s, `minSize[${i}]`));
    this.maxSize = o.maxSize === undefined || o.maxSize === null ? null : assertPositiveInteger(o.maxSize, 'maxSize');
    ({ interpolation: this.interpolation, antialias: this.antialias } = checkResizeOptions(o));
  }

  /**
   * v2's `_get_params`: one draw picks the shorter side (`randint(0, minSize.length)`); `r = minSize / min(h, w)`,
   * capped by `maxSize / max(h, w)`; the new size is `[int(h * r), int(w * r)]`.
   *
   * @example `RandomShortestSize.getParams(300, 400, [480, 512], 1000, rng) // e.g. [480, 640]`
   */
  static getParams(height: number, width: number, minSize: readonly number[], maxSize: number | null, rng: Rng): [number, number] {
    const s = minSize[randint(rng, 0, minSize.length)]!;
    let r = s / Math.min(height, width);
    if (maxSize !== null) r = Math.min(r, maxSize / Math.max(height, width));
    return [Math.trunc(height * r), Math.trunc(width * r)];
  }

  protected makeParams(rng: Rng, [h, w]: [number, number]): [number, number] {
    return RandomShortestSize.getParams(h, w, this.minSize, this.maxSize, rng);
  }

  toJSON(): TransformSpec {
    const options: { [k: string]: JsonValue } = { minSize: [...this.minSize], interpolation: this.interpolation, antialias: this.antialias };
    if (this.maxSize !== null) options.maxSize = this.maxSize;
    return { type: this.type, options };
  }
}
