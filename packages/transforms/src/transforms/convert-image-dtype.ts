import type { JsonValue } from '../transform.js';
import { describeValue } from '@aug/internal';
import type { Image } from '../image.js';
import type { ImageDtype } from '../kernels/dtype.js';
import { convertImageDtype } from '../kernels/dtype.js';
import type { Transform, TransformSpec } from '../transform.js';
import { applyToImages } from '../sample/apply-sample.js';
import { isSampleInput } from '../sample/sample-tree.js';
import type { Rng } from '../rng.js';

/**
 * Converts between uint8 and float32 images (torchvision `ConvertImageDtype`), see `convertImageDtype`.
 *
 * @example
 * ```ts
 * const f = new ConvertImageDtype('float32').apply(u8img);
 * ```
 */
export class ConvertImageDtype implements Transform {
  /**
   * Rebuilds a `ConvertImageDtype` from the `options` of its `toJSON()` spec (what `transformFromJSON` calls).
   * @example `const same = ConvertImageDtype.fromJSON(spec.options ?? {})`
   */
  static fromJSON(options: { [key: string]: JsonValue }): ConvertImageDtype {
    type Args = ConstructorParameters<typeof ConvertImageDtype>;
    const { dtype } = options;
    return new ConvertImageDtype(dtype as Args[0]);
  }

  readonly dtype: ImageDtype;

  constructor(dtype: ImageDtype) {
    if (dtype !== 'float32' && dtype !== 'uint8') throw new TypeError(`dtype must be 'float32' or 'uint8', got ${describeValue(dtype)}`);
    this.dtype = dtype;
  }

  apply(img: Image, rng?: Rng): Image;
  apply<T extends object>(sample: T, rng?: Rng): T;
  apply(input: object, rng?: Rng): object {
    if (isSampleInput(input)) return applyToImages(input, rng, 'ConvertImageDtype', (im, r) => this.apply(im, r));
    const img = input as Image;
    return convertImageDtype(img, this.dtype);
  }

  toJSON(): TransformSpec {
    return { type: 'ConvertImageDtype', options: { dtype: this.dtype } };
  }
}
