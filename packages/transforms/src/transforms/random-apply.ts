import type { JsonValue } from '../transform.js';
import type { Image } from '../image.js';
import type { Rng } from '../rng.js';
import type { Transform, TransformSpec } from '../transform.js';
import { checkOptions, checkProbability, checkRng } from '../validate.js';
import { checkTransforms } from './check-transforms.js';

/**
 * Applies a list of transforms, in order, with probability `p` (torchvision `RandomApply`).
 *
 * @example
 * ```ts
 * const t = new RandomApply([new ColorJitter({ brightness: 0.4 })], { p: 0.8 });
 * ```
 */
export class RandomApply implements Transform {
  /**
   * Rebuilds a `RandomApply` from the `options` of its `toJSON()` spec and its already rebuilt `children` (what `transformFromJSON` calls).
   * @example `const same = RandomApply.fromJSON(spec.options ?? {}, children)`
   */
  static fromJSON(options: { [key: string]: JsonValue }, children: readonly Transform[]): RandomApply {
    type Args = ConstructorParameters<typeof RandomApply>;
    return new RandomApply([...children] as Args[0], options as Args[1]);
  }

  readonly transforms: readonly Transform[];
  readonly p: number;

  constructor(transforms: Transform[], options: { p?: number } | number = {}) {
    this.transforms = checkTransforms(transforms);
    this.p = checkProbability(typeof options === 'number' ? options : (checkOptions(options, ['p'], 'RandomApply').p ?? 0.5));
  }

  /**
   * Whether to apply: torchvision skips when `p < torch.rand(1)`.
   * @example `RandomApply.getParams(0.8, rng)`
   */
  static getParams(p: number, rng: Rng): boolean {
    return !(p < rng.next());
  }

  apply(img: Image, rng?: Rng): Image;
  apply<T extends object>(sample: T, rng?: Rng): T;
  apply(input: object, rng?: Rng): object {
    checkRng(rng, 'RandomApply');
    if (!RandomApply.getParams(this.p, rng)) return input;
    let out = input;
    for (const t of this.transforms) out = t.apply(out, rng);
    return out;
  }

  toJSON(): TransformSpec {
    return { type: 'RandomApply', options: { p: this.p }, transforms: this.transforms.map((t) => t.toJSON()) };
  }
}
