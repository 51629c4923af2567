import { assertInteger, assertPositiveInteger, describeValue } from '@aug/internal';
import type { Image } from '../image.js';
import { assertImage } from '../image.js';
import type { GridInterpolation } from '../kernels/grid-sample.js';
import type { Rng } from '../rng.js';
import { randint } from '../rng.js';
import type { JsonValue, Transform, TransformSpec } from '../transform.js';
import { checkOptions, checkRng } from '../validate.js';
import { applyOp, checkAugmentImage, fillFor, randAugmentSpace } from './augment-ops.js';
import { checkOptionalFill, gridInterpolation } from './geometric-options.js';
import { applyToImages } from '../sample/apply-sample.js';
import { isSampleInput } from '../sample/sample-tree.js';

/** Options of {@link RandAugment}, torchvision's argument names. */
export interface RandAugmentOptions {
  /** Operations per image. Default 2. */
  numOps?: number;
  /** Magnitude bin, in [0, numMagnitudeBins). Default 9. */
  magnitude?: number;
  /** Default 31. */
  numMagnitudeBins?: number;
  /** Default `'nearest'`. */
  interpolation?: GridInterpolation;
  /** Fill for the geometric ops (0..255). Default none. */
  fill?: number | number[] | null;
}

/**
 * RandAugment (Cubuk et al.; torchvision `RandAugment`): `numOps` uniformly chosen ops at a fixed
 * `magnitude`, each with a random sign where the op is signed. uint8 images (before `ToTensor`).
 *
 * @example
 * ```ts
 * const out = new RandAugment({ numOps: 2, magnitude: 9 }).apply(u8img, createRng(0));
 * ```
 */
export class RandAugment implements Transform {
  /**
   * Rebuilds a `RandAugment` from the `options` of its `toJSON()` spec (what `transformFromJSON` calls).
   * @example `const same = RandAugment.fromJSON(spec.options ?? {})`
   */
  static fromJSON(options: { [key: string]: JsonValue }): RandAugment {
    type Args = ConstructorParameters<typeof RandAugment>;
    return new RandAugment(options as Args[0]);
  }

  readonly numOps: number;
  readonly magnitude: number;
  readonly numMagnitudeBins: number;
  readonly interpolation: GridInterpolation;
  readonly fill: number | number[] | null;

  constructor(options?: RandAugmentOptions) {
    const o = checkOptions(options, ['numOps', 'magnitude', 'numMagnitudeBins', 'interpolation', 'fill'], 'RandAugment');
    this.numOps = assertInteger(o.numOps ?? 2, 'numOps');
    if (this.numOps < 0) throw new RangeError(`numOps must be non-negative, got ${describeValue(this.numOps)}`);
    this.numMagnitudeBins = assertPositiveInteger(o.numMagnitudeBins ?? 31, 'numMagnitudeBins');
    if (this.numMagnitudeBins < 2) throw new RangeError(`numMagnitudeBins must be at least 2, got ${this.numMagnitudeBins}`);
    this.magnitude = assertInteger(o.magnitude ?? 9, 'magnitude');
    if (this.magnitude < 0 || this.magnitude >= this.numMagnitudeBins) {
      throw new RangeError(`magnitude must be in [0, numMagnitudeBins) = [0, ${this.numMagnitudeBins}), got ${describeValue(this.magnitude)}`);
    }
    this.interpolation = gridInterpolation(o.interpolation, 'nearest');
    this.fill = checkOptionalFill(o.fill);
  }

  apply(img: Image, rng?: Rng): Image;
  apply<T extends object>(sample: T, rng?: Rng): T;
  apply(input: object, rng?: Rng): object {
    if (isSampleInput(input)) return applyToImages(input, rng, 'RandAugment', (im, r) => this.apply(im, r), 'reject', 'as torchvision v2, the auto-augment family transforms images only');
    const img = input as Image;
    checkRng(rng, 'RandAugment');
    assertImage(img);
    checkAugmentImage(img, 'RandAugment');
    const space = randAugmentSpace(this.numMagnitudeBins, img.height, img.width);
    const fill = fillFor(this.fill, img.channels);
    let out = img;
    for (let k = 0; k < this.numOps; k++) {
      const spec = space[randint(rng, 0, space.length)]!;
      let magnitude = spec.magnitudes !== null ? spec.magnitudes[this.magnitude]! : 0;
      if (spec.signed && randint(rng, 0, 2) === 1) magnitude = -magnitude;
      out = applyOp(out, spec.name, magnitude, this.interpolation, fill);
    }
    return out;
  }

  toJSON(): TransformSpec {
    const fill: JsonValue = Array.isArray(this.fill) ? [...this.fill] : this.fill;
    return {
      type: 'RandAugment',
      options: { numOps: this.numOps, magnitude: this.magnitude, numMagnitudeBins: this.numMagnitudeBins, interpolation: this.interpolation, fill },
    };
  }
}
