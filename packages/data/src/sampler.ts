import { assertInteger, describeValue, permutation } from '@aug/internal';
import { createRng } from '@aug/transforms';

/**
 * Which dataset indices an epoch visits, in order, as `torch.utils.data.Sampler`. Give one to a
 * {@link DataLoader} with the `sampler` option; the loader calls `setEpoch(epoch)` (when the sampler has
 * it) and then `indices(epoch)` at the start of every epoch.
 *
 * @example
 * ```ts
 * const everyOther: Sampler = { length: 50, indices: () => Int32Array.from({ length: 50 }, (_, i) => 2 * i) };
 * ```
 */
export interface Sampler {
  /** Indices per epoch (`len(sampler)`). */
  readonly length: number;
  /** The epoch's indices into the dataset. */
  indices(epoch: number): Int32Array;
  /** Called by the loader before `indices` at the start of each epoch (as `sampler.set_epoch`). */
  setEpoch?(epoch: number): void;
}

/**
 * `0, 1, ..., length - 1` every epoch, as `torch.utils.data.SequentialSampler` (the loader's default
 * without `shuffle`).
 *
 * @example
 * ```ts
 * new SequentialSampler(3).indices(0); // Int32Array [0, 1, 2]
 * ```
 */
export class SequentialSampler implements Sampler {
  readonly length: number;
  constructor(length: number) {
    this.length = assertInteger(length, 'length', { min: 0, where: 'SequentialSampler' });
  }

  /** The identity order. @example `new SequentialSampler(2).indices(0) // [0, 1]` */
  indices(_epoch: number): Int32Array {
    return Int32Array.from({ length: this.length }, (_, i) => i);
  }
}

/**
 * A fresh permutation of `0 .. length - 1` every epoch, drawn from `createRng('<seed>:shuffle:<epoch>')`,
 * as `torch.utils.data.RandomSampler` (the loader's default with `shuffle: true`): the same seed and
 * epoch always give the same order.
 *
 * @example
 * ```ts
 * const s = new RandomSampler(10, { seed: 7 });
 * s.indices(0); s.indices(1); // two different permutations, reproducible
 * ```
 */
export class RandomSampler implements Sampler {
  readonly length: number;
  readonly seed: number | string;
  constructor(length: number, options: { seed?: number | string } = {}) {
    this.length = assertInteger(length, 'length', { min: 0, where: 'RandomSampler' });
    const seed = options.seed ?? 0;
    if (!(typeof seed === 'string' || (typeof seed === 'number' && Number.isFinite(seed)))) {
      throw new TypeError(`RandomSampler: seed must be a finite number or a string, got ${describeValue(seed)}`);
    }
    this.seed = seed;
  }

  /** The epoch's permutation. @example `new RandomSampler(4).indices(2)` */
  indices(epoch: number): Int32Array {
    return permutation(this.length, createRng(`${String(this.seed)}:shuffle:${epoch}`));
  }
}
