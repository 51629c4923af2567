import type { JsonValue } from '../transform.js';
import { describeValue } from '@aug/internal';
import type { Image } from '../image.js';
import { rgbToGrayscale } from '../kernels/color.js';
import type { Transform, TransformSpec } from '../transform.js';
import { checkOptions } from '../validate.js';
import { applyToImages } from '../sample/apply-sample.js';
import { isSampleInput } from '../sample/sample-tree.js';
import type { Rng } from '../rng.js';

/** Options of {@link Grayscale}. */
export interface GrayscaleOptions {
  /** 1 or 3. Default 1. */
  numOutputChannels?: 1 | 3;
}

/**
 * Converts to grayscale (torchvision `Grayscale`), with 1 or 3 output channels.
 *
 * @example
 * ```ts
 * const grey = new Grayscale({ numOutputChannels: 3 }).apply(img);
 * ```
 */
export class Grayscale implements Transform {
  /**
   * Rebuilds a `Grayscale` from the `options` of its `toJSON()` spec (what `transformFromJSON` calls).
   * @example `const same = Grayscale.fromJSON(spec.options ?? {})`
   */
  static fromJSON(options: { [key: string]: JsonValue }): Grayscale {
    type Args = ConstructorParameters<typeof Grayscale>;
    return new Grayscale(options as Args[0]);
  }

  readonly numOutputChannels: 1 | 3;

  constructor(options?: GrayscaleOptions) {
    const o = checkOptions(options, ['numOutputChannels'], 'Grayscale');
    const n = o.numOutputChannels ?? 1;
    if (n !== 1 && n !== 3) throw new RangeError(`numOutputChannels must be 1 or 3, got ${describeValue(n)}`);
    this.numOutputChannels = n;
  }

  apply(img: Image, rng?: Rng): Image;
  apply<T extends object>(sample: T, rng?: Rng): T;
  apply(input: object, rng?: Rng): object {
    if (isSampleInput(input)) return applyToImages(input, rng, 'Grayscale', (im, r) => this.apply(im, r));
    const img = input as Image;
    return rgbToGrayscale(img, this.numOutputChannels);
  }

  toJSON(): TransformSpec {
    return { type: 'Grayscale', options: { numOutputChannels: this.numOutputChannels } };
  }
}
