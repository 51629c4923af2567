import * as tf from '@tensorflow/tfjs-core';

/**
 * The number of correct predictions as a scalar tensor (the caller disposes it). `yHat` is either
 * per-class scores `[n, classes]` (argmax is taken) or predicted labels `[n]`; `y` is labels `[n]`
 * or soft labels `[n, classes]` (their argmax is the label).
 * @internal
 */
export function countCorrect(yHat: tf.Tensor, y: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const predicted = yHat.rank > 1 && yHat.shape[1]! > 1 ? tf.argMax(yHat, 1) : tf.reshape(yHat, [-1]);
    const labels = y.rank === 2 && y.shape[1]! > 1 ? tf.argMax(y, 1) : tf.reshape(y, [-1]);
    if (predicted.shape[0] !== labels.shape[0]) {
      throw new RangeError(
        `accuracy: yHat has ${predicted.shape[0]} predictions but y has ${labels.shape[0]} labels; pass one label per example`,
      );
    }
    return tf.sum(tf.cast(tf.equal(tf.cast(predicted, 'int32'), tf.cast(labels, 'int32')), 'float32')) as tf.Scalar;
  });
}

/**
 * The number of correct predictions, as d2l's `accuracy(y_hat, y)` (a count, not a fraction).
 * `yHat` is scores `[n, classes]` (the argmax is the prediction) or labels `[n]`. `y` is labels
 * `[n]` or soft labels `[n, classes]` (MixUp/CutMix output; `argmax(y)` is compared with
 * `argmax(yHat)`; on a tie the first class wins, as `torch.argmax`). Disposes everything it
 * creates; reads the result back synchronously.
 *
 * @example
 * ```ts
 * const yHat = tf.tensor2d([[0.1, 0.9], [0.8, 0.2]]);
 * accuracy(yHat, tf.tensor1d([1, 1], 'int32')); // 1
 * ```
 */
export function accuracy(yHat: tf.Tensor, y: tf.Tensor): number {
  const correct = countCorrect(yHat, y);
  const value = correct.dataSync()[0]!;
  correct.dispose();
  return value;
}
