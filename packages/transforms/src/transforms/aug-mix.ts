import { assertInteger, assertPositiveInteger, describeValue, toUint8 } from '@aug/internal';
import type { Image } from '../image.js';
import { assertImage } from '../image.js';
import { dirichlet } from '../distributions.js';
import type { GridInterpolation } from '../kernels/grid-sample.js';
import type { Rng } from '../rng.js';
import { randint } from '../rng.js';
import type { JsonValue, Transform, TransformSpec } from '../transform.js';
import { checkNumber, checkOptions, checkRng } from '../validate.js';
import { applyOp, augMixSpace, checkAugmentImage, fillFor } from './augment-ops.js';
import { checkOptionalFill, gridInterpolation } from './geometric-options.js';
import { applyToImages } from '../sample/apply-sample.js';
import { isSampleInput } from '../sample/sample-tree.js';

/** Options of {@link AugMix}, torchvision's argument names. */
export interface AugMixOptions {
  /** Magnitude bins used, 1..10. Default 3. */
  severity?: number;
  /** Number of chains mixed. Default 3. */
  mixtureWidth?: number;
  /** Ops per chain; -1 draws 1..3 per chain. Default -1. */
  chainDepth?: number;
  /** Dirichlet / Beta concentration. Default 1. */
  alpha?: number;
  /** Include Brightness, Color, Contrast and Sharpness. Default true. */
  allOps?: boolean;
  /** Default `'bilinear'`. */
  interpolation?: GridInterpolation;
  /** Fill for the geometric ops (0..255). Default none. */
  fill?: number | number[] | null;
}

const PARAMETER_MAX = 10;

/**
 * AugMix (Hendrycks et al.; torchvision `AugMix`): `mixtureWidth` chains of random ops mixed with Dirichlet
 * weights, then blended with the original by a Beta weight. uint8 images (before `ToTensor`); the mix is
 * stored by the uint8 rule (rounded; torchvision truncates).
 *
 * @example
 * ```ts
 * const out = new AugMix().apply(u8img, createRng(0));
 * ```
 */
export class AugMix implements Transform {
  /**
   * Rebuilds a `AugMix` from the `options` of its `toJSON()` spec (what `transformFromJSON` calls).
   * @example `const same = AugMix.fromJSON(spec.options ?? {})`
   */
  static fromJSON(options: { [key: string]: JsonValue }): AugMix {
    type Args = ConstructorParameters<typeof AugMix>;
    return new AugMix(options as Args[0]);
  }

  readonly severity: number;
  readonly mixtureWidth: number;
  readonly chainDepth: number;
  readonly alpha: number;
  readonly allOps: boolean;
  readonly interpolation: GridInterpolation;
  readonly fill: number | number[] | null;

  constructor(options?: AugMixOptions) {
    const o = checkOptions(options, ['severity', 'mixtureWidth', 'chainDepth', 'alpha', 'allOps', 'interpolation', 'fill'], 'AugMix');
    this.severity = assertInteger(o.severity ?? 3, 'severity');
    if (this.severity < 1 || this.severity > PARAMETER_MAX) throw new RangeError(`The severity must be between [1, ${PARAMETER_MAX}], got ${describeValue(this.severity)}`);
    this.mixtureWidth = assertPositiveInteger(o.mixtureWidth ?? 3, 'mixtureWidth');
    this.chainDepth = assertInteger(o.chainDepth ?? -1, 'chainDepth');
    this.alpha = checkNumber(o.alpha ?? 1, 'alpha');
    if (this.alpha <= 0) throw new RangeError(`alpha must be positive, got ${describeValue(this.alpha)}`);
    this.allOps = o.allOps ?? true;
    if (typeof this.allOps !== 'boolean') throw new TypeError(`allOps must be a boolean, got ${describeValue(this.allOps)}`);
    this.interpolation = gridInterpolation(o.interpolation, 'bilinear');
    this.fill = checkOptionalFill(o.fill);
  }

  apply(img: Image, rng?: Rng): Image;
  apply<T extends object>(sample: T, rng?: Rng): T;
  apply(input: object, rng?: Rng): object {
    if (isSampleInput(input)) return applyToImages(input, rng, 'AugMix', (im, r) => this.apply(im, r), 'reject', 'as torchvision v2, the auto-augment family transforms images only');
    const img = input as Image;
    checkRng(rng, 'AugMix');
    assertImage(img);
    checkAugmentImage(img, 'AugMix');
    const r = rng;
    const space = augMixSpace(PARAMETER_MAX, img.height, img.width, this.allOps);
    const fill = fillFor(this.fill, img.channels);
    const m = dirichlet(r, [this.alpha, this.alpha]);
    const weights = dirichlet(r, new Array<number>(this.mixtureWidth).fill(this.alpha)).map((w) => w * m[1]!);
    const n = img.data.length;
    const mix = new Float64Array(n);
    for (let i = 0; i < n; i++) mix[i] = m[0]! * img.data[i]!;
    for (let k = 0; k < this.mixtureWidth; k++) {
      let aug = img;
      const depth = this.chainDepth > 0 ? this.chainDepth : randint(r, 1, 4);
      for (let d = 0; d < depth; d++) {
        const spec = space[randint(r, 0, space.length)]!;
        let magnitude = spec.magnitudes !== null ? spec.magnitudes[randint(r, 0, this.severity)]! : 0;
        if (spec.signed && randint(r, 0, 2) === 1) magnitude = -magnitude;
        aug = applyOp(aug, spec.name, magnitude, this.interpolation, fill);
      }
      const w = weights[k]!;
      for (let i = 0; i < n; i++) mix[i]! += w * aug.data[i]!;
    }
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = toUint8(mix[i]! / 255);
    return { data: out, height: img.height, width: img.width, channels: img.channels };
  }

  toJSON(): TransformSpec {
    const fill: JsonValue = Array.isArray(this.fill) ? [...this.fill] : this.fill;
    return {
      type: 'AugMix',
      options: {
        severity: this.severity, mixtureWidth: this.mixtureWidth, chainDepth: this.chainDepth, alpha: this.alpha,
        allOps: this.allOps, interpolation: this.interpolation, fill,
      },
    };
  }
}
