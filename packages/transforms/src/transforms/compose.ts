import type { JsonValue } from '../transform.js';
import * as tf from '@tensorflow/tfjs-core';
import type { Image } from '../image.js';
import type { Rng } from '../rng.js';
import type { Transform, TransformSpec } from '../transform.js';
import { isBatchTransform } from '../transform.js';
import { checkTransforms } from './check-transforms.js';

/**
 * Runs transforms one after another (torchvision `Compose`), all drawing from the same generator.
 * `applyBatch` exists only when every member has one (check with `isBatchTransform`).
 *
 * @example
 * ```ts
 * const train = new Compose([new RandomHorizontalFlip(), new ToTensor()]);
 * const out = train.apply(img, sampleRng(seed, epoch, index));
 * const spec = train.toJSON(); // plain data: rebuild in a worker with transformFromJSON(spec)
 * ```
 */
export class Compose implements Transform {
  /**
   * Rebuilds a `Compose` from the `options` of its `toJSON()` spec and its already rebuilt `children` (what `transformFromJSON` calls).
   * @example `const same = Compose.fromJSON(spec.options ?? {}, children)`
   */
  static fromJSON(_options: { [key: string]: JsonValue }, children: readonly Transform[]): Compose {
    type Args = ConstructorParameters<typeof Compose>;
    return new Compose([...children] as Args[0]);
  }

  readonly transforms: readonly Transform[];
  /**
   * Runs each member's `applyBatch` in turn on an NHWC batch, disposing the intermediate tensors (never
   * the input). Present only when all members have a batched path.
   */
  readonly applyBatch?: (x: tf.Tensor4D, rng?: Rng) => tf.Tensor4D;

  constructor(transforms: Transform[]) {
    this.transforms = checkTransforms(transforms);
    if (this.transforms.every(isBatchTransform)) {
      const members = this.transforms;
      this.applyBatch = (x: tf.Tensor4D, rng?: Rng): tf.Tensor4D => {
        if (members.length === 0) return tf.clone(x);
        let cur = x;
        try {
          for (const t of members) {
            const next = t.applyBatch(cur, rng);
            if (cur !== x) cur.dispose();
            cur = next;
          }
        } catch (err) {
          // Leave no intermediate tensor behind when a member fails.
          if (cur !== x) cur.dispose();
          throw err;
        }
        return cur;
      };
    }
  }

  /** Runs every member in turn on an image or a sample (see `Transform`), all drawing from `rng`. */
  apply(img: Image, rng?: Rng): Image;
  apply<T extends object>(sample: T, rng?: Rng): T;
  apply(input: object, rng?: Rng): object {
    let out = input;
    for (const t of this.transforms) out = t.apply(out, rng);
    return out;
  }

  toJSON(): TransformSpec {
    return { type: 'Compose', transforms: this.transforms.map((t) => t.toJSON()) };
  }
}
