import { assertInteger, describeValue, permutation } from '@aug/internal';
import { createRng } from '@aug/transforms';
import type { Dataset } from './dataset.js';
import type { Sampler } from './sampler.js';
import { checkOptionKeys } from './option-keys.js';

/** Options of {@link DistributedSampler}, torch's arguments in camelCase. */
export interface DistributedSamplerOptions {
  /** Processes taking part (torch's `num_replicas`; required: there is no process group to ask). */
  numReplicas: number;
  /** This process's rank in `[0, numReplicas)` (required). */
  rank: number;
  /** A new permutation every epoch (default true). */
  shuffle?: boolean;
  /** Seeds the permutation; must be the same on every rank (default 0). */
  seed?: number;
  /** Drop the tail so the shards are equal, instead of padding (default false). */
  dropLast?: boolean;
}

/**
 * The shard of a dataset one process reads in data-parallel training, as
 * `torch.utils.data.distributed.DistributedSampler`: every rank takes `length` indices
 * (`ceil(n / numReplicas)`, or with `dropLast` and `n % numReplicas != 0`
 * `ceil((n - numReplicas) / numReplicas)`), the epoch's order is padded by repeating its first indices
 * (or cut, with `dropLast`) to `length * numReplicas`, and rank `r` takes `order[r], order[r + numReplicas], ...`.
 * With `shuffle`, the order is a permutation drawn from `createRng(seed + epoch)` (torch seeds its
 * generator with `seed + epoch`; its `randperm` stream itself cannot be reproduced): every rank derives
 * the same permutation, so the shards of an epoch partition it. Call `setEpoch` every epoch (a
 * {@link DataLoader} with this as its `sampler` does) or every epoch repeats the same order.
 *
 * @example
 * ```ts
 * const sampler = new DistributedSampler(train, { numReplicas: 4, rank: 1, seed: 0 });
 * const loader = new DataLoader(train, { batchSize: 64, sampler }); // the loader's epoch drives setEpoch
 * ```
 */
export class DistributedSampler implements Sampler {
  readonly datasetLength: number;
  readonly numReplicas: number;
  readonly rank: number;
  readonly shuffle: boolean;
  readonly seed: number;
  readonly dropLast: boolean;
  /** Indices per rank per epoch (torch's `num_samples`). */
  readonly length: number;
  /** `length * numReplicas` (torch's `total_size`). */
  readonly totalSize: number;
  #epoch = 0;

  constructor(dataset: Dataset<unknown> | { readonly length: number }, options: DistributedSamplerOptions) {
    checkOptionKeys(options, 'DistributedSamplerOptions', 'DistributedSampler');
    if (dataset === null || typeof dataset !== 'object' || !Number.isInteger(dataset.length) || dataset.length < 0) {
      throw new TypeError('DistributedSampler: dataset must be a Dataset (an object with an integer length)');
    }
    if (options === null || typeof options !== 'object') {
      throw new TypeError('DistributedSampler: options { numReplicas, rank } are required (there is no process group to ask)');
    }
    this.datasetLength = dataset.length;
    this.numReplicas = assertInteger(options.numReplicas, 'numReplicas', { min: 1, where: 'DistributedSampler' });
    const rank = options.rank;
    if (!Number.isInteger(rank) || rank < 0 || rank >= this.numReplicas) {
      throw new RangeError(`DistributedSampler: rank must be an integer in [0, ${this.numReplicas - 1}] (numReplicas ${this.numReplicas}), got ${describeValue(rank)}`);
    }
    this.rank = rank;
    this.shuffle = options.shuffle ?? true;
    if (typeof this.shuffle !== 'boolean') throw new TypeError(`DistributedSampler: shuffle must be a boolean, got ${describeValue(options.shuffle)}`);
    this.seed = assertInteger(options.seed ?? 0, 'seed', { where: 'DistributedSampler' });
    this.dropLast = options.dropLast ?? false;
    const n = this.datasetLength;
    // Math.max: torch's ceil((n - R) / R) is 0 (not -0) when R > n.
    this.length = Math.max(0, this.dropLast && n % this.numReplicas !== 0 ? Math.ceil((n - this.numReplicas) / this.numReplicas) : Math.ceil(n / this.numReplicas));
    this.totalSize = this.length * this.numReplicas;
  }

  /** The epoch `indices()` uses by default. @example `sampler.epoch // 0` */
  get epoch(): number {
    return this.#epoch;
  }

  /**
   * Chooses the epoch (its permutation), as torch's `set_epoch`; a {@link DataLoader} calls it.
   *
   * @example
   * ```ts
   * sampler.setEpoch(3);
   * ```
   */
  setEpoch(epoch: number): void {
    this.#epoch = assertInteger(epoch, 'epoch', { min: 0, where: 'DistributedSampler' });
  }

  /**
   * This rank's indices for `epoch` (default: the one set by {@link DistributedSampler.setEpoch}).
   *
   * @example
   * ```ts
   * new DistributedSampler({ length: 10 }, { numReplicas: 3, rank: 2, shuffle: false }).indices(); // [2, 5, 8, 1]
   * ```
   */
  indices(epoch: number = this.#epoch): Int32Array {
    const n = this.datasetLength;
    const order = this.shuffle ? permutation(n, createRng(this.seed + epoch)) : Int32Array.from({ length: n }, (_, i) => i);
    const out = new Int32Array(this.length);
    // Padded (or cut) order: position p holds order[p % n]; rank r takes positions r, r + R, ...
    for (let k = 0; k < this.length; k++) out[k] = order[(this.rank + k * this.numReplicas) % n]!;
    return out;
  }
}
