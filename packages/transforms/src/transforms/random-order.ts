import type { JsonValue } from '../transform.js';
import { permutation } from '@aug/internal';
import type { Image } from '../image.js';
import type { Rng } from '../rng.js';
import type { Transform, TransformSpec } from '../transform.js';
import { checkRng } from '../validate.js';
import { checkTransforms } from './check-transforms.js';

/**
 * Applies a list of transforms in a random order (torchvision `RandomOrder`).
 *
 * @example
 * ```ts
 * const t = new RandomOrder([new RandomHorizontalFlip(), new ColorJitter({ hue: 0.1 })]);
 * ```
 */
export class RandomOrder implements Transform {
  /**
   * Rebuilds a `RandomOrder` from the `options` of its `toJSON()` spec and its already rebuilt `children` (what `transformFromJSON` calls).
   * @example `const same = RandomOrder.fromJSON(spec.options ?? {}, children)`
   */
  static fromJSON(_options: { [key: string]: JsonValue }, children: readonly Transform[]): RandomOrder {
    type Args = ConstructorParameters<typeof RandomOrder>;
    return new RandomOrder([...children] as Args[0]);
  }

  readonly transforms: readonly Transform[];

  constructor(transforms: Transform[]) {
    this.transforms = checkTransforms(transforms);
  }

  /**
   * A uniformly random order of `n` transforms (a random permutation of 0..n-1).
   * @example `RandomOrder.getParams(3, rng) // e.g. [2, 0, 1]`
   */
  static getParams(n: number, rng: Rng): number[] {
    return Array.from(permutation(n, rng));
  }

  apply(img: Image, rng?: Rng): Image;
  apply<T extends object>(sample: T, rng?: Rng): T;
  apply(input: object, rng?: Rng): object {
    checkRng(rng, 'RandomOrder');
    let out = input;
    for (const i of RandomOrder.getParams(this.transforms.length, rng)) out = this.transforms[i]!.apply(out, rng);
    return out;
  }

  toJSON(): TransformSpec {
    return { type: 'RandomOrder', transforms: this.transforms.map((t) => t.toJSON()) };
  }
}
