import { assertPositiveInteger } from '@aug/internal';
import type { Image } from '../image.js';
import { assertImage } from '../image.js';
import type { GridInterpolation } from '../kernels/grid-sample.js';
import type { Rng } from '../rng.js';
import { randint } from '../rng.js';
import type { JsonValue, Transform, TransformSpec } from '../transform.js';
import { checkOptions, checkRng } from '../validate.js';
import { applyOp, checkAugmentImage, fillFor, trivialAugmentWideSpace } from './augment-ops.js';
import { checkOptionalFill, gridInterpolation } from './geometric-options.js';
import { applyToImages } from '../sample/apply-sample.js';
import { isSampleInput } from '../sample/sample-tree.js';

/** Options of {@link TrivialAugmentWide}. */
export interface TrivialAugmentWideOptions {
  /** Default 31. */
  numMagnitudeBins?: number;
  /** Default `'nearest'`. */
  interpolation?: GridInterpolation;
  /** Fill for the geometric ops (0..255). Default none. */
  fill?: number | number[] | null;
}

/**
 * TrivialAugment Wide (Müller and Hutter; torchvision `TrivialAugmentWide`): one uniformly chosen op at a
 * uniformly chosen magnitude bin, with a random sign where signed. uint8 images (before `ToTensor`).
 *
 * @example
 * ```ts
 * const out = new TrivialAugmentWide().apply(u8img, createRng(0));
 * ```
 */
export class TrivialAugmentWide implements Transform {
  /**
   * Rebuilds a `TrivialAugmentWide` from the `options` of its `toJSON()` spec (what `transformFromJSON` calls).
   * @example `const same = TrivialAugmentWide.fromJSON(spec.options ?? {})`
   */
  static fromJSON(options: { [key: string]: JsonValue }): TrivialAugmentWide {
    type Args = ConstructorParameters<typeof TrivialAugmentWide>;
    return new TrivialAugmentWide(options as Args[0]);
  }

  readonly numMagnitudeBins: number;
  readonly interpolation: GridInterpolation;
  readonly fill: number | number[] | null;

  constructor(options?: TrivialAugmentWideOptions) {
    const o = checkOptions(options, ['numMagnitudeBins', 'interpolation', 'fill'], 'TrivialAugmentWide');
    this.numMagnitudeBins = assertPositiveInteger(o.numMagnitudeBins ?? 31, 'numMagnitudeBins');
    if (this.numMagnitudeBins < 2) throw new RangeError(`numMagnitudeBins must be at least 2, got ${this.numMagnitudeBins}`);
    this.interpolation = gridInterpolation(o.interpolation, 'nearest');
    this.fill = checkOptionalFill(o.fill);
  }

  apply(img: Image, rng?: Rng): Image;
  apply<T extends object>(sample: T, rng?: Rng): T;
  apply(input: object, rng?: Rng): object {
    if (isSampleInput(input)) return applyToImages(input, rng, 'TrivialAugmentWide', (im, r) => this.apply(im, r), 'reject', 'as torchvision v2, the auto-augment family transforms images only');
    const img = input as Image;
    checkRng(rng, 'TrivialAugmentWide');
    assertImage(img);
    checkAugmentImage(img, 'TrivialAugmentWide');
    const space = trivialAugmentWideSpace(this.numMagnitudeBins);
    const spec = space[randint(rng, 0, space.length)]!;
    let magnitude = spec.magnitudes !== null ? spec.magnitudes[randint(rng, 0, spec.magnitudes.length)]! : 0;
    if (spec.signed && randint(rng, 0, 2) === 1) magnitude = -magnitude;
    return applyOp(img, spec.name, magnitude, this.interpolation, fillFor(this.fill, img.channels));
  }

  toJSON(): TransformSpec {
    const fill: JsonValue = Array.isArray(this.fill) ? [...this.fill] : this.fill;
    return { type: 'TrivialAugmentWide', options: { numMagnitudeBins: this.numMagnitudeBins, interpolation: this.interpolation, fill } };
  }
}
