import type { JsonValue } from '../transform.js';
import { describeValue } from '@aug/internal';
import type { Image } from '../image.js';
import { fiveCrop, tenCrop } from '../kernels/multi-crop.js';
import type { Transform, TransformSpec } from '../transform.js';
import { checkOptions, checkSize } from '../validate.js';
import { applyToImages } from '../sample/apply-sample.js';
import { isSampleInput } from '../sample/sample-tree.js';
import type { Rng } from '../rng.js';

/** Stacks equal-size crops along the height: the HWC data of the result is the NHWC batch of the crops. */
function stack(crops: readonly Image[]): Image {
  const first = crops[0]!;
  const data = first.data instanceof Uint8Array ? new Uint8Array(first.data.length * crops.length) : new Float32Array(first.data.length * crops.length);
  crops.forEach((c, i) => data.set(c.data, i * first.data.length));
  return { data, height: first.height * crops.length, width: first.width, channels: first.channels };
}

/**
 * The four corner crops and the centre crop (torchvision `FiveCrop`). torchvision returns a tuple; aug's
 * `apply` returns one image of the five crops stacked along the height (`5 * h` x `w`), whose data is exactly
 * the `[5, h, w, c]` NHWC batch of the crops; `crops(img)` returns them as a list.
 *
 * @example
 * ```ts
 * const t = new FiveCrop(24);
 * const [tl, tr, bl, br, centre] = t.crops(img);
 * const batch = t.apply(img); // height 5 * 24
 * ```
 */
export class FiveCrop implements Transform {
  /**
   * Rebuilds a `FiveCrop` from the `options` of its `toJSON()` spec (what `transformFromJSON` calls).
   * @example `const same = FiveCrop.fromJSON(spec.options ?? {})`
   */
  static fromJSON(options: { [key: string]: JsonValue }): FiveCrop {
    type Args = ConstructorParameters<typeof FiveCrop>;
    const { size } = options;
    return new FiveCrop(size as Args[0]);
  }

  readonly size: [number, number];

  constructor(size: number | [number] | [number, number]) {
    this.size = checkSize(size);
  }

  /** The five crops as a list (torchvision's tuple). */
  crops(img: Image): Image[] {
    return fiveCrop(img, this.size);
  }

  apply(img: Image, rng?: Rng): Image;
  apply<T extends object>(sample: T, rng?: Rng): T;
  apply(input: object, rng?: Rng): object {
    if (isSampleInput(input)) return applyToImages(input, rng, this.constructor.name, (im, r) => this.apply(im, r), 'reject', 'the crops of one image stack into one taller image, so targets cannot follow (torchvision v2 refuses them too)');
    const img = input as Image;
    return stack(this.crops(img));
  }

  toJSON(): TransformSpec {
    return { type: 'FiveCrop', options: { size: [...this.size] } };
  }
}

/**
 * The five crops and those of the flipped image (torchvision `TenCrop`); `apply` stacks the ten crops along
 * the height like {@link FiveCrop}, `crops(img)` returns the list.
 *
 * @example
 * ```ts
 * const crops = new TenCrop(24, { verticalFlip: true }).crops(img);
 * ```
 */
export class TenCrop implements Transform {
  /**
   * Rebuilds a `TenCrop` from the `options` of its `toJSON()` spec (what `transformFromJSON` calls).
   * @example `const same = TenCrop.fromJSON(spec.options ?? {})`
   */
  static fromJSON(options: { [key: string]: JsonValue }): TenCrop {
    type Args = ConstructorParameters<typeof TenCrop>;
    const { size, ...rest } = options;
    return new TenCrop(size as Args[0], rest as Args[1]);
  }

  readonly size: [number, number];
  readonly verticalFlip: boolean;

  constructor(size: number | [number] | [number, number], options?: { verticalFlip?: boolean }) {
    const o = checkOptions(options, ['verticalFlip'], 'TenCrop');
    this.size = checkSize(size);
    this.verticalFlip = o.verticalFlip ?? false;
    if (typeof this.verticalFlip !== 'boolean') throw new TypeError(`verticalFlip must be a boolean, got ${describeValue(this.verticalFlip)}`);
  }

  /** The ten crops as a list (torchvision's tuple). */
  crops(img: Image): Image[] {
    return tenCrop(img, this.size, { vertical: this.verticalFlip });
  }

  apply(img: Image, rng?: Rng): Image;
  apply<T extends object>(sample: T, rng?: Rng): T;
  apply(input: object, rng?: Rng): object {
    if (isSampleInput(input)) return applyToImages(input, rng, this.constructor.name, (im, r) => this.apply(im, r), 'reject', 'the crops of one image stack into one taller image, so targets cannot follow (torchvision v2 refuses them too)');
    const img = input as Image;
    return stack(this.crops(img));
  }

  toJSON(): TransformSpec {
    return { type: 'TenCrop', options: { size: [...this.size], verticalFlip: this.verticalFlip } };
  }
}
