import { describeValue } from '@aug/internal';
import type { Image } from '../image.js';
import { assertImage } from '../image.js';
import type { GridInterpolation } from '../kernels/grid-sample.js';
import type { Rng } from '../rng.js';
import { randint } from '../rng.js';
import type { JsonValue, Transform, TransformSpec } from '../transform.js';
import { checkOptions, checkRng } from '../validate.js';
import type { AugmentOpName } from './augment-ops.js';
import { applyOp, autoAugmentSpace, checkAugmentImage, fillFor } from './augment-ops.js';
import { checkOptionalFill, gridInterpolation } from './geometric-options.js';
import { applyToImages } from '../sample/apply-sample.js';
import { isSampleInput } from '../sample/sample-tree.js';

/** The learned policies of AutoAugment (torchvision `AutoAugmentPolicy`). */
export type AutoAugmentPolicy = 'imagenet' | 'cifar10' | 'svhn';

/** One sub-policy step: op name, probability, magnitude bin (null for ops without magnitude). */
export type PolicyStep = readonly [AugmentOpName, number, number | null];

type P = readonly [PolicyStep, PolicyStep];

/** torchvision 0.14's `AutoAugment._get_policies`, verbatim in content. */
export const AUTO_AUGMENT_POLICIES: Readonly<Record<AutoAugmentPolicy, readonly P[]>> = {
  imagenet: [
    [['Posterize', 0.4, 8], ['Rotate', 0.6, 9]],
    [['Solarize', 0.6, 5], ['AutoContrast', 0.6, null]],
    [['Equalize', 0.8, null], ['Equalize', 0.6, null]],
    [['Posterize', 0.6, 7], ['Posterize', 0.6, 6]],
    [['Equalize', 0.4, null], ['Solarize', 0.2, 4]],
    [['Equalize', 0.4, null], ['Rotate', 0.8, 8]],
    [['Solarize', 0.6, 3], ['Equalize', 0.6, null]],
    [['Posterize', 0.8, 5], ['Equalize', 1.0, null]],
    [['Rotate', 0.2, 3], ['Solarize', 0.6, 8]],
    [['Equalize', 0.6, null], ['Posterize', 0.4, 6]],
    [['Rotate', 0.8, 8], ['Color', 0.4, 0]],
    [['Rotate', 0.4, 9], ['Equalize', 0.6, null]],
    [['Equalize', 0.0, null], ['Equalize', 0.8, null]],
    [['Invert', 0.6, null], ['Equalize', 1.0, null]],
    [['Color', 0.6, 4], ['Contrast', 1.0, 8]],
    [['Rotate', 0.8, 8], ['Color', 1.0, 2]],
    [['Color', 0.8, 8], ['Solarize', 0.8, 7]],
    [['Sharpness', 0.4, 7], ['Invert', 0.6, null]],
    [['ShearX', 0.6, 5], ['Equalize', 1.0, null]],
    [['Color', 0.4, 0], ['Equalize', 0.6, null]],
    [['Equalize', 0.4, null], ['Solarize', 0.2, 4]],
    [['Solarize', 0.6, 5], ['AutoContrast', 0.6, null]],
    [['Invert', 0.6, null], ['Equalize', 1.0, null]],
    [['Color', 0.6, 4], ['Contrast', 1.0, 8]],
    [['Equalize', 0.8, null], ['Equalize', 0.6, null]],
  ],
  cifar10: [
    [['Invert', 0.1, null], ['Contrast', 0.2, 6]],
    [['Rotate', 0.7, 2], ['TranslateX', 0.3, 9]],
    [['Sharpness', 0.8, 1], ['Sharpness', 0.9, 3]],
    [['ShearY', 0.5, 8], ['TranslateY', 0.7, 9]],
    [['AutoContrast', 0.5, null], ['Equalize', 0.9, null]],
    [['ShearY', 0.2, 7], ['Posterize', 0.3, 7]],
    [['Color', 0.4, 3], ['Brightness', 0.6, 7]],
    [['Sharpness', 0.3, 9], ['Brightness', 0.7, 9]],
    [['Equalize', 0.6, null], ['Equalize', 0.5, null]],
    [['Contrast', 0.6, 7], ['Sharpness', 0.6, 5]],
    [['Color', 0.7, 7], ['TranslateX', 0.5, 8]],
    [['Equalize', 0.3, null], ['AutoContrast', 0.4, null]],
    [['TranslateY', 0.4, 3], ['Sharpness', 0.2, 6]],
    [['Brightness', 0.9, 6], ['Color', 0.2, 8]],
    [['Solarize', 0.5, 2], ['Invert', 0.0, null]],
    [['Equalize', 0.2, null], ['AutoContrast', 0.6, null]],
    [['Equalize', 0.2, null], ['Equalize', 0.6, null]],
    [['Color', 0.9, 9], ['Equalize', 0.6, null]],
    [['AutoContrast', 0.8, null], ['Solarize', 0.2, 8]],
    [['Brightness', 0.1, 3], ['Color', 0.7, 0]],
    [['Solarize', 0.4, 5], ['AutoContrast', 0.9, null]],
    [['TranslateY', 0.9, 9], ['TranslateY', 0.7, 9]],
    [['AutoContrast', 0.9, null], ['Solarize', 0.8, 3]],
    [['Equalize', 0.8, null], ['Invert', 0.1, null]],
    [['TranslateY', 0.7, 9], ['AutoContrast', 0.9, null]],
  ],
  svhn: [
    [['ShearX', 0.9, 4], ['Invert', 0.2, null]],
    [['ShearY', 0.9, 8], ['Invert', 0.7, null]],
    [['Equalize', 0.6, null], ['Solarize', 0.6, 6]],
    [['Invert', 0.9, null], ['Equalize', 0.6, null]],
    [['Equalize', 0.6, null], ['Rotate', 0.9, 3]],
    [['ShearX', 0.9, 4], ['AutoContrast', 0.8, null]],
    [['ShearY', 0.9, 8], ['Invert', 0.4, null]],
    [['ShearY', 0.9, 5], ['Solarize', 0.2, 6]],
    [['Invert', 0.9, null], ['AutoContrast', 0.8, null]],
    [['Equalize', 0.6, null], ['Rotate', 0.9, 3]],
    [['ShearX', 0.9, 4], ['Solarize', 0.3, 3]],
    [['ShearY', 0.8, 8], ['Invert', 0.7, null]],
    [['Equalize', 0.9, null], ['TranslateY', 0.6, 6]],
    [['Invert', 0.9, null], ['Equalize', 0.6, null]],
    [['Contrast', 0.3, 3], ['Rotate', 0.8, 4]],
    [['Invert', 0.8, null], ['TranslateY', 0.0, 2]],
    [['ShearY', 0.7, 6], ['Solarize', 0.4, 8]],
    [['Invert', 0.6, null], ['Rotate', 0.8, 4]],
    [['ShearY', 0.3, 7], ['TranslateX', 0.9, 3]],
    [['ShearX', 0.1, 6], ['Invert', 0.6, null]],
    [['Solarize', 0.7, 2], ['TranslateY', 0.6, 7]],
    [['ShearY', 0.8, 4], ['Invert', 0.8, null]],
    [['ShearX', 0.7, 9], ['TranslateY', 0.8, 3]],
    [['ShearY', 0.8, 5], ['AutoContrast', 0.7, null]],
    [['ShearX', 0.7, 2], ['Invert', 0.1, null]],
  ],
};

/** Options of the auto-augment transforms. */
export interface AutoAugmentOptions {
  /** Default `'imagenet'`. */
  policy?: AutoAugmentPolicy;
  /** Default `'nearest'`. */
  interpolation?: GridInterpolation;
  /** Fill for the geometric ops (0..255), a number or one per channel. Default none (zeros, torchvision's None). */
  fill?: number | number[] | null;
}

/** AutoAugment's draws (torchvision `get_params`). */
export interface AutoAugmentParams {
  policyId: number;
  probs: [number, number];
  signs: [number, number];
}

/**
 * AutoAugment (Cubuk et al.; torchvision `AutoAugment`): one random sub-policy of the ImageNet, CIFAR10 or
 * SVHN policy, each of its two ops applied with its probability. uint8 images (before `ToTensor`).
 *
 * @example
 * ```ts
 * const t = new AutoAugment({ policy: 'cifar10' });
 * const out = t.apply(u8img, createRng(0));
 * ```
 */
export class AutoAugment implements Transform {
  /**
   * Rebuilds a `AutoAugment` from the `options` of its `toJSON()` spec (what `transformFromJSON` calls).
   * @example `const same = AutoAugment.fromJSON(spec.options ?? {})`
   */
  static fromJSON(options: { [key: string]: JsonValue }): AutoAugment {
    type Args = ConstructorParameters<typeof AutoAugment>;
    return new AutoAugment(options as Args[0]);
  }

  readonly policy: AutoAugmentPolicy;
  readonly interpolation: GridInterpolation;
  readonly fill: number | number[] | null;

  constructor(options?: AutoAugmentOptions) {
    const o = checkOptions(options, ['policy', 'interpolation', 'fill'], 'AutoAugment');
    const policy = o.policy ?? 'imagenet';
    if (!(policy in AUTO_AUGMENT_POLICIES)) throw new TypeError(`The provided policy ${describeValue(policy)} is not recognized; use 'imagenet', 'cifar10' or 'svhn'`);
    this.policy = policy;
    this.interpolation = gridInterpolation(o.interpolation, 'nearest');
    this.fill = checkOptionalFill(o.fill);
  }

  /**
   * torchvision's `AutoAugment.get_params`: a uniform sub-policy index, two uniform probabilities, two random signs.
   * @example `AutoAugment.getParams(25, rng)`
   */
  static getParams(transformNum: number, rng: Rng): AutoAugmentParams {
    const policyId = randint(rng, 0, transformNum);
    const probs: [number, number] = [rng.next(), rng.next()];
    const signs: [number, number] = [randint(rng, 0, 2), randint(rng, 0, 2)];
    return { policyId, probs, signs };
  }

  apply(img: Image, rng?: Rng): Image;
  apply<T extends object>(sample: T, rng?: Rng): T;
  apply(input: object, rng?: Rng): object {
    if (isSampleInput(input)) return applyToImages(input, rng, 'AutoAugment', (im, r) => this.apply(im, r), 'reject', 'as torchvision v2, the auto-augment family transforms images only');
    const img = input as Image;
    checkRng(rng, 'AutoAugment');
    assertImage(img);
    checkAugmentImage(img, 'AutoAugment');
    const policies = AUTO_AUGMENT_POLICIES[this.policy];
    const { policyId, probs, signs } = AutoAugment.getParams(policies.length, rng);
    const space = new Map(autoAugmentSpace(10, img.height, img.width).map((s) => [s.name, s]));
    const fill = fillFor(this.fill, img.channels);
    let out = img;
    policies[policyId]!.forEach(([name, p, bin], i) => {
      if (!(probs[i]! <= p)) return;
      const spec = space.get(name)!;
      let magnitude = spec.magnitudes !== null && bin !== null ? spec.magnitudes[bin]! : 0;
      if (spec.signed && signs[i] === 0) magnitude = -magnitude;
      out = applyOp(out, name, magnitude, this.interpolation, fill);
    });
    return out;
  }

  toJSON(): TransformSpec {
    const fill: JsonValue = Array.isArray(this.fill) ? [...this.fill] : this.fill;
    return { type: 'AutoAugment', options: { policy: this.policy, interpolation: this.interpolation, fill } };
  }
}
