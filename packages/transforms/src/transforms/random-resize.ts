import type { JsonValue } from '../transform.js';
import { assertPositiveInteger } from '@aug/internal';
import type { Interpolation } from '../kernels/resize.js';
import { computeResizedOutputSize } from '../kernels/resized-output-size.js';
import type { Rng } from '../rng.js';
import { randint } from '../rng.js';
import type { TransformSpec } from '../transform.js';
import { checkOptions } from '../validate.js';
import type { RandomResizeOptions } from './resize-options.js';
import { checkResizeOptions, RandomResizeTransform } from './resize-options.js';

/**
 * Resizes the shorter side to a size drawn uniformly from `[minSize, maxSize)` (torchvision v2 `RandomResize`,
 * the segmentation references' augmentation); targets follow.
 *
 * @example
 * ```ts
 * const t = new RandomResize(260, 1040);
 * ```
 */
export class RandomResize extends RandomResizeTransform {
  /**
   * Rebuilds a `RandomResize` from the `options` of its `toJSON()` spec (what `transformFromJSON` calls).
   * @example `const same = RandomResize.fromJSON(spec.options ?? {})`
   */
  static fromJSON(options: { [key: string]: JsonValue }): RandomResize {
    type Args = ConstructorParameters<typeof RandomResize>;
    const { minSize, maxSize, ...rest } = options;
    return new RandomResize(minSize as Args[0], maxSize as Args[1], rest as Args[2]);
  }

  protected readonly type = 'RandomResize';
  readonly minSize: number;
  readonly maxSize: number;
  readonly interpolation: Interpolation;
  readonly antialias: boolean;

  constructor(minSize: number, maxSize: number, options?: RandomResizeOptions) {
    super();
    const o = checkOptions(options, ['interpolation', 'antialias'], 'RandomResize');
    this.minSize = assertPositiveInteger(minSize, 'minSize');
    this.maxSize = assertPositiveInteger(maxSize, 'maxSize');
    if (this.maxSize <= this.minSize) throw new RangeError(`maxSize must be larger than minSize (the draw is randint(minSize, maxSize)), got ${minSize} and ${maxSize}`);
    ({ interpolation: this.interpolation, antialias: this.antialias } = checkResizeOptions(o));
  }

  /**
   * v2's `_get_params`: the shorter side `randint(minSize, maxSize)` (one draw, `maxSize` excluded).
   * @example `RandomResize.getParams(260, 1040, rng) // e.g. 517`
   */
  static getParams(minSize: number, maxSize: number, rng: Rng): number {
    return randint(rng, minSize, maxSize);
  }

  protected makeParams(rng: Rng, [h, w]: [number, number]): [number, number] {
    return computeResizedOutputSize(h, w, [RandomResize.getParams(this.minSize, this.maxSize, rng)]);
  }

  toJSON(): TransformSpec {
    return { type: this.type, options: { minSize: this.minSize, maxSize: this.maxSize, interpolation: this.interpolation, antialias: this.antialias } };
  }
}
