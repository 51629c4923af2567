import type { JsonValue } from '../transform.js';
import type { Image } from '../image.js';
import type { Padding, PaddingMode } from '../kernels/pad.js';
import { checkPaddingMode, pad, parsePadding } from '../kernels/pad.js';
import type { Transform, TransformSpec } from '../transform.js';
import { checkOptions } from '../validate.js';
import { checkFillOption } from './geometric-options.js';
import { applyGeometric } from '../sample/apply-sample.js';
import { padGeometry } from '../sample/geometries.js';
import { isSampleInput } from '../sample/sample-tree.js';
import type { Rng } from '../rng.js';

/** Options of {@link Pad}, torchvision's argument names. */
export interface PadTransformOptions {
  /** Constant fill in the image's range, a number or one per channel. Default 0. */
  fill?: number | number[];
  /** Default `'constant'`. */
  paddingMode?: PaddingMode;
}

/**
 * Pads every side (torchvision `Pad`): one number, `[leftRight, topBottom]` or `[left, top, right, bottom]`.
 *
 * @example
 * ```ts
 * const out = new Pad(4, { paddingMode: 'reflect' }).apply(img);
 * ```
 */
export class Pad implements Transform {
  /**
   * Rebuilds a `Pad` from the `options` of its `toJSON()` spec (what `transformFromJSON` calls).
   * @example `const same = Pad.fromJSON(spec.options ?? {})`
   */
  static fromJSON(options: { [key: string]: JsonValue }): Pad {
    type Args = ConstructorParameters<typeof Pad>;
    const { padding, ...rest } = options;
    return new Pad(padding as Args[0], rest as Args[1]);
  }

  readonly padding: [number, number, number, number];
  readonly fill: number | number[];
  readonly paddingMode: PaddingMode;

  constructor(padding: Padding, options?: PadTransformOptions) {
    const o = checkOptions(options, ['fill', 'paddingMode'], 'Pad');
    this.padding = parsePadding(padding);
    this.fill = checkFillOption(o.fill ?? 0);
    this.paddingMode = checkPaddingMode(o.paddingMode ?? 'constant', 'paddingMode');
  }

  apply(img: Image, rng?: Rng): Image;
  apply<T extends object>(sample: T, rng?: Rng): T;
  apply(input: object): object {
    if (isSampleInput(input)) {
      return applyGeometric(input, 'Pad', (size) => ({
        image: (im) => pad(im, this.padding, { fill: this.fill, mode: this.paddingMode }),
        geometry: padGeometry(size, this.padding, this.paddingMode),
      }));
    }
    return pad(input as Image, this.padding, { fill: this.fill, mode: this.paddingMode });
  }

  toJSON(): TransformSpec {
    return { type: 'Pad', options: { padding: [...this.padding], fill: Array.isArray(this.fill) ? [...this.fill] : this.fill, paddingMode: this.paddingMode } };
  }
}
