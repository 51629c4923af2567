import { describeValue } from '@aug/internal';
import type { Image } from '../image.js';
import type { Rng } from '../rng.js';
import type { JsonValue, Transform, TransformSpec } from '../transform.js';
import { checkOptions, checkRng } from '../validate.js';
import { checkTransforms } from './check-transforms.js';

/**
 * Applies one transform picked at random (torchvision `RandomChoice`), uniformly or with weights `p`.
 *
 * @example
 * ```ts
 * const t = new RandomChoice([new RandomHorizontalFlip(1), new RandomVerticalFlip(1)], { p: [0.7, 0.3] });
 * ```
 */
export class RandomChoice implements Transform {
  /**
   * Rebuilds a `RandomChoice` from the `options` of its `toJSON()` spec and its already rebuilt `children` (what `transformFromJSON` calls).
   * @example `const same = RandomChoice.fromJSON(spec.options ?? {}, children)`
   */
  static fromJSON(options: { [key: string]: JsonValue }, children: readonly Transform[]): RandomChoice {
    type Args = ConstructorParameters<typeof RandomChoice>;
    return new RandomChoice([...children] as Args[0], options as Args[1]);
  }

  readonly transforms: readonly Transform[];
  readonly p: number[] | null;

  constructor(transforms: Transform[], options: { p?: number[] | null } = {}) {
    this.transforms = checkTransforms(transforms);
    if (this.transforms.length === 0) throw new RangeError('transforms must not be empty for RandomChoice');
    const p = checkOptions(options, ['p'], 'RandomChoice').p ?? null;
    if (p !== null) {
      if (!Array.isArray(p) || p.length !== this.transforms.length) {
        throw new RangeError(`p must have one weight per transform (${this.transforms.length}), got ${describeValue(p)}`);
      }
      if (p.some((w) => typeof w !== 'number' || !Number.isFinite(w) || w < 0) || p.reduce((a, b) => a + b, 0) <= 0) {
        throw new RangeError(`p must be non-negative weights with a positive sum, got ${describeValue(p)}`);
      }
    }
    this.p = p === null ? null : [...p];
  }

  /**
   * The index of the transform to apply: Python's `random.choices(range(n), weights=p)` (one draw).
   * @example `RandomChoice.getParams(3, null, rng) // 0, 1 or 2`
   */
  static getParams(n: number, p: readonly number[] | null, rng: Rng): number {
    const u = rng.next();
    if (p === null) return Math.floor(u * n);
    const total = p.reduce((a, b) => a + b, 0);
    const target = u * total;
    let cum = 0;
    for (let i = 0; i < n; i++) {
      cum += p[i]!;
      if (target < cum) return i;
    }
    return n - 1;
  }

  apply(img: Image, rng?: Rng): Image;
  apply<T extends object>(sample: T, rng?: Rng): T;
  apply(input: object, rng?: Rng): object {
    checkRng(rng, 'RandomChoice');
    const i = RandomChoice.getParams(this.transforms.length, this.p, rng);
    return this.transforms[i]!.apply(input, rng);
  }

  toJSON(): TransformSpec {
    const options: { [k: string]: JsonValue } = { p: this.p === null ? null : [...this.p] };
    return { type: 'RandomChoice', options, transforms: this.transforms.map((t) => t.toJSON()) };
  }
}
