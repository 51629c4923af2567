import { describeValue } from '@aug/internal';
import type { Image } from '../image.js';
import type { Rng } from '../rng.js';
import type { Transform, TransformSpec } from '../transform.js';
import { applyToImages } from '../sample/apply-sample.js';
import { isSampleInput } from '../sample/sample-tree.js';

/**
 * Wraps a function as a transform (torchvision `Lambda`). The function receives the image and the
 * generator. A function cannot be turned into data, so `toJSON` throws: a pipeline with a Lambda cannot be
 * sent to DataLoader workers. For workers, write a class and `registerTransform` it (in every worker).
 *
 * @example
 * ```ts
 * const t = new Lambda((img) => ({ ...img, data: img.data.map((v) => 255 - v) }));
 * ```
 */
export class Lambda implements Transform {
  readonly fn: (img: Image, rng?: Rng) => Image;

  constructor(fn: (img: Image, rng?: Rng) => Image) {
    if (typeof fn !== 'function') throw new TypeError(`Argument lambd should be callable, got ${describeValue(fn)}`);
    this.fn = fn;
  }

  apply(img: Image, rng?: Rng): Image;
  apply<T extends object>(sample: T, rng?: Rng): T;
  apply(input: object, rng?: Rng): object {
    if (isSampleInput(input)) return applyToImages(input, rng, 'Lambda', (im, r) => this.apply(im, r), 'reject', 'its function takes images, so it cannot say how targets move');
    const img = input as Image;
    return this.fn(img, rng);
  }

  /** Always throws: a function cannot be serialised (use a registered transform class in workers). */
  toJSON(): TransformSpec {
    throw new TypeError(
      'Lambda cannot be serialised (toJSON), so it cannot run in DataLoader workers: write a transform class with toJSON() and registerTransform(type, factory) it in every worker, or use numWorkers: 0',
    );
  }
}
