import type { Batch } from '@aug/internal/types';

/**
 * What the training loop reads data from. `@aug/cifar10`'s `DataLoader` is one; any object with
 * this shape works (it is structural).
 *
 * - `length`: batches per epoch (d2l's `len(train_iter)`).
 * - `setEpoch(k)` (optional): the next iteration yields epoch `k`'s order and augmentation. The loop
 *   calls it before every epoch, which makes `resume` replay the data exactly.
 * - `seek(epoch, batch)` (optional): the next iteration yields epoch `epoch` from batch `batch` on, exactly
 *   as a whole pass would (as `@aug/data`'s `DataLoader.seek`). A resume after a mid-epoch stop uses it
 *   instead of reading and dropping the batches already trained.
 * - Each `for await` over it yields one epoch of batches; the receiver disposes each batch.
 *
 * @example
 * ```ts
 * const source: BatchSource = {
 *   length: 1,
 *   async *[Symbol.asyncIterator]() { yield { x: tf.zeros([2, 8, 8, 3]), y: tf.tensor1d([0, 1], 'int32') }; },
 * };
 * ```
 */
export interface BatchSource {
  readonly length: number;
  setEpoch?(epoch: number): void;
  seek?(epoch: number, batch: number): void;
  [Symbol.asyncIterator](): AsyncIterator<Batch>;
}
