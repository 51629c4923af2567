import * as tf from '@tensorflow/tfjs-core';

/** `torch.roll(t, 1, 0)`: sample i takes sample i - 1 (the last goes first). Call inside `tf.tidy`. */
export function rollBatch<T extends tf.Tensor>(t: T): T {
  const n = t.shape[0]!;
  if (n <= 1) return t;
  return tf.concat([tf.slice(t, [n - 1], [1]), tf.slice(t, [0], [n - 1])], 0) as T;
}
