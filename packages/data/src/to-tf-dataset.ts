import * as tf from '@tensorflow/tfjs-core';
import { assertInteger } from '@aug/internal';
import type { Batch } from '@aug/internal/types';
import { disposeBatch } from './collate.js';
import { checkOptionKeys } from './option-keys.js';

/** Options of `DataLoader.toTfDataset`. */
export interface TfDatasetOptions {
  /**
   * Give `ys` as one-hot float32 rows of this many classes (for `categoricalCrossentropy`); default:
   * the class indices as float32 `[B]` (for `sparseCategoricalCrossentropy`, which in tfjs floors its
   * labels and needs them float32).
   */
  oneHot?: number;
}

/** One element of {@link TfDataset}: the batch in the `{ xs, ys }` form `model.fitDataset` expects. */
export interface TfElement {
  xs: tf.Tensor4D;
  ys: tf.Tensor;
}

/**
 * What tfjs-layers' `model.fitDataset` / `evaluateDataset` accept (tfjs-layers' structural
 * `Dataset`: `iterator()` and `size`), without depending on `@tensorflow/tfjs-data`.
 */
export interface TfDataset<T> {
  /** Batches per epoch (tfjs uses it as the steps per epoch). */
  readonly size: number;
  /** One epoch of the loader. */
  iterator(): Promise<{ next(): Promise<IteratorResult<T>> }>;
}

/** What {@link toTfDataset} needs of a loader. */
interface BatchSource {
  readonly length: number;
  [Symbol.asyncIterator](): AsyncIterator<Batch<tf.Tensor1D>>;
}

/**
 * A classification loader as a tfjs dataset of `{ xs, ys }` (see `DataLoader.toTfDataset`).
 * `iterator()` is lazy: the loader's epoch starts at the first `next()`, so the extra `iterator()`
 * that `fitDataset` asks for before its first epoch costs nothing and skips no epoch. A new
 * `iterator()` closes the previous one if it was left unfinished (tfjs never calls `return()`), so
 * stopping training early leaves at most one epoch's worker pool, closed by the next `iterator()` or
 * when the epoch is read to its end. `fitDataset`/`evaluateDataset` dispose each element's `xs` and `ys`.
 *
 * @example
 * ```ts
 * const history = await model.fitDataset(toTfDataset(loader, { oneHot: 10 }), { epochs: 2 });
 * ```
 */
export function toTfDataset(loader: BatchSource, options: TfDatasetOptions = {}): TfDataset<TfElement> {
  checkOptionKeys(options, 'TfDatasetOptions', 'toTfDataset');
  const numClasses = options.oneHot === undefined ? undefined : assertInteger(options.oneHot, 'oneHot', { min: 1, where: 'toTfDataset' });
  let previous: AsyncIterator<Batch<tf.Tensor1D>> | undefined;
  return {
    get size() {
      return loader.length;
    },
    async iterator() {
      if (previous) {
        const old = previous;
        previous = undefined;
        await old.return?.();
      }
      let it: AsyncIterator<Batch<tf.Tensor1D>> | undefined;
      return {
        next: async (): Promise<IteratorResult<TfElement>> => {
          if (!it) {
            it = loader[Symbol.asyncIterator]();
            previous = it;
          }
          const r = await it.next();
          if (r.done) {
            if (previous === it) previous = undefined;
            return { done: true, value: undefined };
          }
          const { x, y } = (r.value ?? {}) as Partial<Batch<tf.Tensor1D>>;
          if (!(x instanceof tf.Tensor) || !(y instanceof tf.Tensor)) {
            disposeBatch(r.value);
            await it.return?.(); // stops the epoch (and its worker pool)
            throw new TypeError('toTfDataset: the loader must yield classification batches { x, y } (samples { image, label } with the default collate, or a collate returning { x, y })');
          }
          const ys = tf.tidy(() => (numClasses === undefined ? tf.cast(y, 'float32') : tf.cast(tf.oneHot(y, numClasses), 'float32')));
          y.dispose();
          return { done: false, value: { xs: x, ys } };
        },
      };
    },
  };
}
